"""/schedules and a recurring invoice's card: next date, its invoices, pause, resume, stop and
a new amount — for its manager and admins; viewers only look. And approvals: once when it is
made, again when its amount changes."""

from __future__ import annotations

import calendar
from datetime import date, datetime

import pytest

from bot.keyboards.schedules import ScheduleAction, ScheduleCallback
from bot.services.access import Role
from bot.services.schedule_rules import Kind
from bot.services.schedules import Plan
from bot.settings import Settings
from paykeeper import MSK
from tests.dialogue.test_schedules import (
    TODAY,
    YEAR,
    at,
    previews,
    rows,
    run,
    scheduled,
    source,
)
from tests.dialogue.test_team import NEWCOMER, grant
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, MANAGER, Chat

FEBRUARY_END = date(YEAR, 2, calendar.monthrange(YEAR, 2)[1])


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"test_clock": TODAY})


def captions(message: StoredMessage) -> list[str]:
    return [b["text"] for b in message.buttons]


async def open_schedule(chat: Chat, user: User, number: int = 1) -> StoredMessage:
    """/schedules, then the schedule's number: the list turns into its card."""
    [listing] = await chat.say(user, "/schedules")
    sign = "#" if user.language_code == "en" else "№"
    await chat.press_text(user, listing, f"{sign}{number}")
    return chat.telegram.message(listing.chat_id, listing.message_id)


def amounts_issued(chat: Chat) -> list[str]:
    return [
        row[0]
        for row in rows(chat, "SELECT amount FROM invoices WHERE order_id LIKE 'sch%' ORDER BY id")
    ]


async def test_the_list_and_the_card_pause_resume_change_and_stop(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await scheduled(chat, await source(chat), Plan(Kind.MONTHLY, 31))
    [listing] = await chat.say(MANAGER, "/schedules")
    text = (listing.text or "").replace("\xa0", " ")
    assert "№1. 1 500,00 ₽ · ООО Ромашка · каждый месяц, 31-го числа" in text
    assert f"следующий 31.01.{YEAR}" in text

    card = await open_schedule(chat, MANAGER)
    assert "Регулярный счёт №1" in (card.text or "")
    assert "Счетов по нему ещё не было" in (card.text or "")
    assert captions(card) == ["⏸ Пауза", "✏️ Изменить сумму", "⏹ Остановить", "‹ Все регулярные"]

    await chat.press_text(MANAGER, card, "Пауза")
    card = chat.telegram.message(card.chat_id, card.message_id)
    assert "на паузе" in (card.text or "")
    assert await run(chat, at(date(YEAR, 1, 31))) == []  # paused: nothing

    # Resumed on 5 February: January's period fell during the pause and is not issued.
    chat.services.schedules.clock = lambda: datetime(YEAR, 2, 5, 12, tzinfo=MSK)
    await chat.press_text(MANAGER, card, "Возобновить")
    card = chat.telegram.message(card.chat_id, card.message_id)
    assert f"Следующий счёт: {FEBRUARY_END:%d.%m.%Y}" in (card.text or "")

    [ask] = await chat.press_text(MANAGER, card, "Изменить сумму")
    assert "сейчас 1" in (ask.text or "")
    [wrong] = await chat.say(MANAGER, "две тысячи")
    assert "Сумма не изменена" in (wrong.text or "")
    [done] = await chat.say(MANAGER, "2500")
    assert "Сумма изменена" in (done.text or "")

    [told] = await run(chat, at(FEBRUARY_END))
    assert "Счёт за февраль выставлен" in told
    assert amounts_issued(chat) == ["2500.00"]
    assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-2"]  # never sch1-1

    card = await open_schedule(chat, MANAGER)
    assert "Его счета:" in (card.text or "")
    await chat.press_text(MANAGER, card, "Остановить")
    card = chat.telegram.message(card.chat_id, card.message_id)
    assert "Остановить насовсем?" in (card.text or "")
    await chat.press_text(MANAGER, card, "Да, остановить")
    card = chat.telegram.message(card.chat_id, card.message_id)
    assert "остановлен" in (card.text or "")
    assert captions(card) == ["‹ Все регулярные"]
    assert await run(chat, at(date(YEAR, 3, 31))) == []


async def test_viewers_only_look_and_managers_see_their_own(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await grant(chat, NEWCOMER, Role.VIEWER)
    await scheduled(chat, await source(chat), Plan(Kind.WEEKLY, 0))
    [listing] = await chat.say(NEWCOMER, "/schedules")
    assert "#1." in (listing.text or "")
    assert "👤 Иван" in (listing.text or "")
    card = await open_schedule(chat, NEWCOMER)
    assert captions(card) == ["‹ All recurring"]
    forged = ScheduleCallback(action=ScheduleAction.PAUSE, id=1).pack()
    await chat.feed(chat.telegram.press(NEWCOMER, card, forged, strict=False))
    assert chat.answers()[-1].get("show_alert")  # refused, with a reason
    assert rows(chat, "SELECT status FROM schedules") == [("active",)]

    [admins] = await chat.say(ADMIN, "/schedules")
    assert "№1." in (admins.text or "")
    assert "👤 Иван" in (admins.text or "")
