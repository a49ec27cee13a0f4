"""The real bot process: a manager issues invoices through the Bot API stand-in."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.shared_bot import SharedBot, invoices_of, on_shared_bot, rows_of
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import Call, FakeTelegram, User
from tests.support.bot_process import PK_PASSWORD, BotProcess, StartBot, bot_env, refused_start

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them

MANAGER = User(id=2002, first_name="Иван", language_code="ru")


def text_has(fragment: str) -> Callable[[Call], bool]:
    return lambda call: fragment in str(call.params.get("text", ""))


async def say(telegram: FakeTelegram, user: User, text: str, expect: str) -> Call:
    after = len(telegram.calls)
    telegram.send_message(user, text)
    return await telegram.wait_for("sendMessage", text_has(expect), after=after)


async def press(telegram: FakeTelegram, user: User, call_text: str, button_text: str) -> int:
    """Press a button on the bot's latest message whose text contains ``call_text``."""
    message = next(
        m for m in reversed(telegram.chat_messages(user.id)) if call_text in (m.text or "")
    )
    button = next(b for b in message.buttons if button_text in b["text"])
    after = len(telegram.calls)
    telegram.press(user, message, button["callback_data"])
    await telegram.wait_for("answerCallbackQuery", after=after)
    return message.message_id


def invoice_rows(db_path: Path) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(db_path)) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM invoices ORDER BY id").fetchall()


@on_shared_bot
async def test_full_form_ends_with_the_link_in_chat_and_the_row_in_sqlite(
    shared_bot: SharedBot,
) -> None:
    telegram, paykeeper = shared_bot.telegram, shared_bot.paykeeper
    manager = shared_bot.manager()
    await say(telegram, manager, "/invoice", "Сумма счёта")
    await say(telegram, manager, "1 500,50", "E-mail")
    await say(telegram, manager, "-", "Телефон")
    await say(telegram, manager, "+7 910 123 45 67", "До какого дня")
    await say(telegram, manager, "+3", "Название услуги")
    await say(telegram, manager, "Аудит & консалтинг", "Проверьте счёт")

    after = len(telegram.calls)
    message_id = await press(telegram, manager, "Проверьте счёт", "Получить ссылку")
    await telegram.wait_for("editMessageText", text_has("Счёт создан"), after=after)

    [invoice_id] = invoices_of(paykeeper, shared_bot.database, manager)
    url = f"{paykeeper.url}/bill/{invoice_id}/"
    result = telegram.message(manager.id, message_id)
    assert url in (result.text or "")
    assert result.buttons[0]["url"] == url
    [row] = rows_of(shared_bot.database, manager)
    assert (row["status"], row["paykeeper_id"], row["amount"]) == (
        "created",
        invoice_id,
        "1500.50",
    )
    assert row["service_name"] == "Аудит & консалтинг"
    assert paykeeper.invoices[invoice_id]["service_name"] == "Аудит & консалтинг"

    log = shared_bot.process.log()  # the whole log is checked again when the bot stops
    assert "/change/invoice/preview/" in log  # the call to PayKeeper was logged...
    assert telegram.token not in log  # ...without the secrets
    assert telegram.token.split(":")[1] not in log
    assert PK_PASSWORD not in log


@on_shared_bot
async def test_email_path_reaches_paykeeper_send(shared_bot: SharedBot) -> None:
    telegram, paykeeper = shared_bot.telegram, shared_bot.paykeeper
    manager = shared_bot.manager()
    await say(telegram, manager, "/invoice 990 client@example.com Консультация", "Проверьте")
    after = len(telegram.calls)
    await press(telegram, manager, "Проверьте счёт", "e-mail")
    await telegram.wait_for("editMessageText", text_has("отправил его на client@"), after=after)
    [invoice_id] = invoices_of(paykeeper, shared_bot.database, manager)
    assert paykeeper.sent.count(invoice_id) == 1
    [row] = rows_of(shared_bot.database, manager)
    assert row["status"] == "sent"


@on_shared_bot
async def test_a_stranger_is_refused(shared_bot: SharedBot) -> None:
    telegram, paykeeper = shared_bot.telegram, shared_bot.paykeeper
    stranger = shared_bot.stranger(language_code="en")
    requests = len(paykeeper.requests)
    reply = await say(telegram, stranger, "/invoice 1500", "no access")
    assert str(stranger.id) in reply.params["text"]
    assert paykeeper.requests[requests:] == []


def test_a_missing_or_malformed_setting_stops_startup_with_one_line(tmp_path: Path) -> None:
    lines = refused_start(tmp_path, ADMIN_IDS="12,abc")
    assert any(line.startswith("Setting BOT_TOKEN:") for line in lines)
    assert any(line.startswith("Setting ADMIN_IDS:") for line in lines)


async def test_demo_mode_is_announced(
    tmp_path: Path, telegram: FakeTelegram, paykeeper: FakePayKeeper
) -> None:
    env = bot_env(telegram, paykeeper, tmp_path)
    del env["PAYKEEPER_URL"], env["PAYKEEPER_USER"], env["PAYKEEPER_PASSWORD"]
    bot = BotProcess(env, tmp_path)
    await bot.start(telegram)
    try:
        reply = await say(telegram, MANAGER, "/start", "/invoice")
        assert "демо" in reply.params["text"]
    finally:
        await bot.stop()
    assert "DEMO MODE" in bot.log()


async def test_shutdown_waits_for_an_invoice_being_issued(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    bot = await start_bot()
    await say(telegram, MANAGER, "/invoice 700 Срочный заказ", "Проверьте")
    paykeeper.latency = 1.5
    after = len(telegram.calls)
    await press(telegram, MANAGER, "Проверьте счёт", "Получить ссылку")
    async with asyncio.timeout(10):  # the stand-in records a request as it arrives
        while not any(r.path == "/change/invoice/preview/" for r in paykeeper.requests):  # noqa: ASYNC110
            await asyncio.sleep(0.05)

    assert await bot.stop() == 0  # SIGTERM while PayKeeper is still answering

    [row] = invoice_rows(tmp_path / "db" / "invoices.db")
    assert row["status"] == "created"
    assert row["paykeeper_id"] in paykeeper.invoices
    await telegram.wait_for("editMessageText", text_has("Счёт создан"), after=after, timeout=1)


async def test_a_token_telegram_refuses_stops_startup_with_one_line(
    tmp_path: Path, telegram: FakeTelegram
) -> None:
    lines = await asyncio.to_thread(  # the Bot API stand-in answers on this event loop
        refused_start,
        tmp_path,
        BOT_TOKEN="111:revoked-token",
        TELEGRAM_API_URL=telegram.url,
        DATABASE_PATH=str(tmp_path / "invoices.db"),
    )
    assert lines == [
        "Setting BOT_TOKEN: Telegram does not accept this token (revoked or mistyped)"
    ]
