"""The real bot process: a stranger asks for access, the admin approves from chat, and the new
manager issues their first invoice, with no restart and no change to the settings."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.shared_bot import SharedBot, invoices_of, on_shared_bot, rows_of
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import Call, FakeTelegram, User
from tests.support.bot_process import StartBot

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them

ADMIN = User(id=1001, first_name="Анна", language_code="ru")  # ADMIN_IDS of every e2e bot


async def wait_text(shared_bot: SharedBot, chat_id: int, fragment: str, after: int) -> Call:
    def matches(call: Call) -> bool:
        params = call.params
        return str(params.get("chat_id")) == str(chat_id) and fragment in str(params.get("text"))

    return await shared_bot.telegram.wait_for("sendMessage", matches, after=after)


@on_shared_bot
async def test_from_a_request_to_the_first_invoice(shared_bot: SharedBot) -> None:
    telegram, paykeeper = shared_bot.telegram, shared_bot.paykeeper
    newcomer = shared_bot.stranger(first_name="Peter", language_code="en")

    after = len(telegram.calls)
    telegram.send_message(newcomer, "/start")
    await wait_text(shared_bot, newcomer.id, str(newcomer.id), after)
    [refusal] = telegram.chat_messages(newcomer.id)[-1:]
    after = len(telegram.calls)
    telegram.press(newcomer, refusal, refusal.buttons[0]["callback_data"])
    await wait_text(shared_bot, ADMIN.id, f"<code>{newcomer.id}</code>", after)
    card = next(
        m
        for m in reversed(telegram.chat_messages(ADMIN.id))
        if f"Telegram ID: {newcomer.id}" in (m.text or "")  # as the admin reads it
    )

    after = len(telegram.calls)
    manager = next(b for b in card.buttons if "Менеджер" in b["text"])
    telegram.press(ADMIN, card, manager["callback_data"])
    await wait_text(shared_bot, newcomer.id, "You have access now: manager", after)

    after = len(telegram.calls)
    telegram.send_message(newcomer, "/invoice 1500 ivan@example.com Audit")
    await wait_text(shared_bot, newcomer.id, "Check the invoice", after)
    summary = telegram.chat_messages(newcomer.id)[-1]
    link = next(b for b in summary.buttons if "link" in b["text"])
    after = len(telegram.calls)
    telegram.press(newcomer, summary, link["callback_data"])
    await telegram.wait_for("editMessageText", after=after)
    [invoice_id] = invoices_of(paykeeper, shared_bot.database, newcomer)
    [row] = rows_of(shared_bot.database, newcomer)
    assert (row["status"], row["paykeeper_id"]) == ("created", invoice_id)


async def test_an_approval_a_stop_cut_off_is_issued_when_the_bot_starts_again(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    """The admin's approval was recorded, and the bot stopped before the invoice was made:
    the next start issues it, once, and tells the manager."""
    manager = User(id=2002, first_name="Иван", language_code="ru")
    bot = await start_bot(APPROVAL_AMOUNT="100000")
    after = len(telegram.calls)
    telegram.send_message(ADMIN, "/help")  # the bot learns the admin's name
    telegram.send_message(manager, "/invoice 150000 payer@example.com Аудит")
    await telegram.wait_for(
        "sendMessage", lambda call: "Проверьте счёт" in str(call.params["text"]), after=after
    )
    [message] = [m for m in telegram.chat_messages(manager.id) if "Проверьте" in (m.text or "")]
    link = next(b for b in message.buttons if "ссылку" in b["text"])["callback_data"]
    telegram.press(manager, message, link)
    await telegram.wait_for(
        "sendMessage", lambda call: "одобрение" in str(call.params["text"]), after=after
    )
    assert await bot.stop() == 0
    database = tmp_path / "db" / "invoices.db"
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE approvals SET status = 'approved', decided_by = ?", (ADMIN.id,))
    assert paykeeper.invoices == {}

    after = len(telegram.calls)
    await start_bot(APPROVAL_AMOUNT="100000")
    told = await telegram.wait_for(
        "sendMessage",
        lambda call: call.params.get("chat_id") == manager.id and "/bill/" in str(call.params),
        after=after,
    )
    [invoice_id] = paykeeper.invoices
    assert f"/bill/{invoice_id}/" in str(told.params["text"])
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT status FROM invoices").fetchall() == [("created",)]
        assert db.execute("SELECT invoice_id IS NOT NULL FROM approvals").fetchall() == [(1,)]
