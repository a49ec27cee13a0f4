"""The real bot process and a recurring invoice: made from the card, the bot stopped, its
clock (TEST_CLOCK) moved past the period's day, started again — exactly one invoice, the
manager told it is late; and another restart issues nothing more."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.drafts import today_in_moscow
from tests.e2e.test_payments import MANAGER, PREVIEW, ask_for_link, text_has
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram, StoredMessage
from tests.support.bot_process import StartBot

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them

YEAR = today_in_moscow().year + 1  # every expiry the stand-in sees is in the future
WAIT = 60.0  # a ceiling for a busy machine, not an expectation of speed


def previews(paykeeper: FakePayKeeper) -> list[str]:
    return [r.form["orderid"] for r in paykeeper.requests if r.path == PREVIEW]


def orders(workdir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(workdir / "db" / "invoices.db") as db:
        return db.execute("SELECT order_id, status FROM invoices ORDER BY id").fetchall()


async def press(telegram: FakeTelegram, message: StoredMessage, caption: str, expect: str) -> None:
    """Press the button with ``caption``; wait for the bot to send ``expect``."""
    button = next(b for b in message.buttons if caption in b["text"])
    after = len(telegram.calls)
    telegram.press(MANAGER, message, button["callback_data"])
    await telegram.wait_for("sendMessage", text_has(expect), after=after, timeout=WAIT)


def latest(telegram: FakeTelegram, fragment: str) -> StoredMessage:
    return next(
        m for m in reversed(telegram.chat_messages(MANAGER.id)) if fragment in (m.text or "")
    )


async def say(telegram: FakeTelegram, text: str, expect: str) -> None:
    after = len(telegram.calls)
    telegram.send_message(MANAGER, text)
    await telegram.wait_for("sendMessage", text_has(expect), after=after, timeout=WAIT)


async def make_schedule(start_bot: StartBot, telegram: FakeTelegram, workdir: Path) -> str:
    """With the clock on 10 January, the manager issues an invoice and makes it recurring from
    its card, every 7 days until stopped (first on the 17th); the bot is then stopped.
    Returns the source invoice's order id."""
    first = await start_bot(TEST_CLOCK=f"{YEAR}-01-10T12:00:00+03:00")
    after = await ask_for_link(telegram, "/invoice 1500 payer@example.com Аудит")
    await telegram.wait_for("editMessageText", text_has("Счёт создан"), after=after, timeout=WAIT)
    [(source_order, _)] = orders(workdir)
    await say(telegram, f"/invoices {source_order}", "Страница 1 из 1")
    listing = latest(telegram, "Страница 1 из 1")
    after = len(telegram.calls)
    telegram.press(MANAGER, listing, listing.buttons[0]["callback_data"])
    await telegram.wait_for("sendMessage", text_has("Счёт №1"), after=after, timeout=WAIT)
    await press(telegram, latest(telegram, "Счёт №1"), "🔁 Повторять", "Как часто?")
    await press(telegram, latest(telegram, "Как часто?"), "Каждые N дней", "Через сколько дней?")
    await say(telegram, "7", "До каких пор?")
    await press(telegram, latest(telegram, "До каких пор?"), "Пока не остановлю", "Создать?")
    summary = latest(telegram, "Создать?")
    assert f"Первый счёт: 17.01.{YEAR}" in (summary.text or "")
    await press(telegram, summary, "Создать", "Регулярный счёт №1 создан")
    assert await first.stop() == 0
    return source_order


async def test_a_period_due_while_the_bot_was_stopped_is_issued_once_after_the_start(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    source_order = await make_schedule(start_bot, telegram, tmp_path)
    assert previews(paykeeper) == [source_order]

    # The bot was down on the 17th: started on the 18th, it issues that period, once.
    after = len(telegram.calls)
    second = await start_bot(TEST_CLOCK=f"{YEAR}-01-18T10:00:00+03:00")
    told = await telegram.wait_for(
        "sendMessage", text_has("🔁 Счёт за 17.01"), after=after, timeout=WAIT
    )
    assert "С опозданием" in told.params["text"]
    assert "/bill/" in told.params["text"]
    assert await second.stop() == 0

    third = await start_bot(TEST_CLOCK=f"{YEAR}-01-18T10:01:00+03:00")
    await third.wait_log(f"schedules: ran at {YEAR}-01-18T10:01:00+03:00")
    assert await third.stop() == 0
    assert previews(paykeeper) == [source_order, "sch1-1"]
    assert orders(tmp_path) == [(source_order, "created"), ("sch1-1", "created")]
    told_all = [
        call
        for call in telegram.calls
        if call.method == "sendMessage" and "🔁 Счёт за" in str(call.params.get("text"))
    ]
    assert len(told_all) == 1


async def test_a_period_missed_in_a_paykeeper_outage_is_issued_once_when_it_is_back(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    source_order = await make_schedule(start_bot, telegram, tmp_path)
    port = int(paykeeper.url.rsplit(":", 1)[1])
    await paykeeper.stop()  # PayKeeper is down when the period falls due

    after = len(telegram.calls)
    down = await start_bot(TEST_CLOCK=f"{YEAR}-01-17T09:00:00+03:00")
    await telegram.wait_for(
        "sendMessage", text_has("пока не выставлен"), after=after, timeout=WAIT
    )
    assert await down.stop() == 0
    assert orders(tmp_path) == [(source_order, "created"), ("sch1-1", "failed")]

    await paykeeper.start(port=port)  # back, and the bot started ten minutes later
    after = len(telegram.calls)
    back = await start_bot(TEST_CLOCK=f"{YEAR}-01-17T09:10:00+03:00")
    told = await telegram.wait_for(
        "sendMessage", text_has("🔁 Счёт за 17.01"), after=after, timeout=WAIT
    )
    assert "/bill/" in told.params["text"]
    assert await back.stop() == 0
    assert previews(paykeeper) == [source_order, "sch1-1"]  # the same order id, asked once
    assert orders(tmp_path) == [(source_order, "created"), ("sch1-1", "created")]
    assert len(paykeeper.invoices) == 2
