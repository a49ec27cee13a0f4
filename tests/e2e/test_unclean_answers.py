"""The real bot process when PayKeeper or Telegram answer badly: never a second invoice,
never a lost link."""

from __future__ import annotations

import pytest

from bot.telegram.retry import RetryTransient
from tests.e2e.shared_bot import SharedBot, invoices_of, on_shared_bot, requests_of, rows_of
from tests.e2e.test_issue_invoice import say, text_has
from tests.fakes.telegram import FakeTelegram, User

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them

PREVIEW = "/change/invoice/preview/"
WAIT = 60.0  # a ceiling for a busy machine, not an expectation of speed
RETRIES = RetryTransient().retries


async def fill_form(telegram: FakeTelegram, manager: User) -> str:
    """Answer every question; returns the "get the link" button's callback data."""
    await say(telegram, manager, "/invoice 1500 Консультация", "Проверьте счёт")
    summary = next(
        m for m in reversed(telegram.chat_messages(manager.id)) if "Проверьте" in (m.text or "")
    )
    return str(next(b["callback_data"] for b in summary.buttons if "ссылку" in b["text"]))


@on_shared_bot
async def test_junk_after_the_preview_makes_one_invoice_however_often_it_is_pressed(
    shared_bot: SharedBot,
) -> None:
    telegram, paykeeper = shared_bot.telegram, shared_bot.paykeeper
    manager = shared_bot.manager()
    button = await fill_form(telegram, manager)
    summary = telegram.chat_messages(manager.id)[-1]
    paykeeper.fail_next(PREVIEW, "truncated-after")

    after = len(telegram.calls)
    telegram.press(manager, summary, button)
    await telegram.wait_for(
        "editMessageText", text_has("мог быть создан"), after=after, timeout=WAIT
    )
    for _ in range(3):
        after = len(telegram.calls)
        telegram.press(manager, summary, button, strict=False)
        await telegram.wait_for(
            "sendMessage", text_has("уже выставлен"), after=after, timeout=WAIT
        )

    assert len(invoices_of(paykeeper, shared_bot.database, manager)) == 1
    assert len(requests_of(paykeeper, shared_bot.database, manager, PREVIEW)) == 1
    [row] = rows_of(shared_bot.database, manager)
    assert row["status"] == "requested"  # reconciliation settles it by the order id


@on_shared_bot
async def test_flood_control_on_the_link_edit_still_delivers_the_link(
    shared_bot: SharedBot,
) -> None:
    telegram, paykeeper = shared_bot.telegram, shared_bot.paykeeper
    manager = shared_bot.manager()
    button = await fill_form(telegram, manager)
    summary = telegram.chat_messages(manager.id)[-1]
    # Flood control on every attempt the retries allow but the last.
    telegram.fail_next("editMessageText", 429, retry_after=1, times=RETRIES)

    after = len(telegram.calls)
    telegram.press(manager, summary, button)
    await telegram.wait_for("editMessageText", text_has("Счёт создан"), after=after, timeout=WAIT)

    [invoice_id] = invoices_of(paykeeper, shared_bot.database, manager)
    result = telegram.message(manager.id, summary.message_id)
    assert f"/bill/{invoice_id}/" in (result.text or "")
