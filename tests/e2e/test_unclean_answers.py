"""The real bot process when PayKeeper or Telegram answer badly: never a second invoice,
never a lost link."""

from __future__ import annotations

from pathlib import Path

from bot.telegram.retry import RetryTransient
from tests.e2e.test_issue_invoice import MANAGER, invoice_rows, say, text_has
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram
from tests.support.bot_process import StartBot

PREVIEW = "/change/invoice/preview/"
WAIT = 60.0  # a ceiling for a busy machine, not an expectation of speed
RETRIES = RetryTransient().retries


async def fill_form(telegram: FakeTelegram) -> str:
    """Answer every question; returns the "get the link" button's callback data."""
    await say(telegram, MANAGER, "/invoice 1500 Консультация", "Проверьте счёт")
    summary = next(
        m for m in reversed(telegram.chat_messages(MANAGER.id)) if "Проверьте" in (m.text or "")
    )
    return str(next(b["callback_data"] for b in summary.buttons if "ссылку" in b["text"]))


async def test_junk_after_the_preview_makes_one_invoice_however_often_it_is_pressed(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    await start_bot()
    button = await fill_form(telegram)
    summary = telegram.chat_messages(MANAGER.id)[-1]
    paykeeper.fail_next(PREVIEW, "truncated-after")

    after = len(telegram.calls)
    telegram.press(MANAGER, summary, button)
    await telegram.wait_for(
        "editMessageText", text_has("мог быть создан"), after=after, timeout=WAIT
    )
    for _ in range(3):
        after = len(telegram.calls)
        telegram.press(MANAGER, summary, button, strict=False)
        await telegram.wait_for(
            "sendMessage", text_has("уже выставлен"), after=after, timeout=WAIT
        )

    assert len(paykeeper.invoices) == 1
    assert [r.path for r in paykeeper.requests].count(PREVIEW) == 1
    [row] = invoice_rows(tmp_path / "db" / "invoices.db")
    assert row["status"] == "requested"  # reconciliation settles it by the order id


async def test_flood_control_on_the_link_edit_still_delivers_the_link(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper
) -> None:
    await start_bot()
    button = await fill_form(telegram)
    summary = telegram.chat_messages(MANAGER.id)[-1]
    # Flood control on every attempt the retries allow but the last.
    telegram.fail_next("editMessageText", 429, retry_after=1, times=RETRIES)

    after = len(telegram.calls)
    telegram.press(MANAGER, summary, button)
    await telegram.wait_for("editMessageText", text_has("Счёт создан"), after=after, timeout=WAIT)

    [invoice_id] = paykeeper.invoices
    result = telegram.message(MANAGER.id, summary.message_id)
    assert f"/bill/{invoice_id}/" in (result.text or "")
