"""Approvals (APPROVAL_AMOUNT) and recurring invoices: a manager's schedule above it waits for
an admin once, when it is made, and issues nothing until approved; a new amount above it waits
again while the old one still applies; a rejected schedule never issues."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.services.access import Role
from bot.services.issue_outcomes import Manager
from bot.services.schedule_rules import Kind
from bot.services.schedules import Plan
from bot.settings import Settings
from tests.dialogue.test_schedules import (
    TODAY,
    YEAR,
    at,
    previews,
    rows,
    run,
    source,
    through_the_card,
)
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage
from tests.support.chat import ADMIN, MANAGER, Chat

FEBRUARY_END = date(YEAR, 2, calendar.monthrange(YEAR, 2)[1])


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"test_clock": TODAY, "approval_amount": Decimal(1000)})


def admin_card(chat: Chat, text: str) -> StoredMessage:
    [card] = [
        m
        for m in chat.telegram.chat_messages(ADMIN.id)
        if text in (m.text or "") and "одобрение" in (m.text or "")
    ]
    return card


async def test_a_schedule_above_the_threshold_waits_once_then_runs(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [waiting] = await through_the_card(chat, await source(chat))
    assert "Регулярный счёт №1" in (waiting.text or "")
    assert "ждёт одобрения администратора" in (waiting.text or "")
    card = admin_card(chat, "Регулярный счёт №1")
    assert "одобрение — на все его счета" in (card.text or "")
    assert await run(chat, at(date(YEAR, 1, 31))) == []  # nothing before it is approved
    assert rows(chat, "SELECT status FROM schedules") == [("pending",)]

    await chat.press_text(ADMIN, card, "Одобрить")
    told = [m.text or "" for m in chat.telegram.chat_messages(MANAGER.id)]
    assert "✅ Анна одобрил(а) регулярный счёт на 1\xa0500,00\xa0₽." in told
    assert not any("Проверьте счёт" in text for text in told)  # no form comes back
    [issued] = await run(chat, at(date(YEAR, 1, 31), 10))
    assert "Счёт за январь выставлен" in issued
    [issued] = await run(chat, at(FEBRUARY_END))  # its next periods are not asked about again
    assert "Счёт за февраль выставлен" in issued
    assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-1", "sch1-2"]


async def test_a_new_amount_waits_while_the_old_one_applies(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await source(chat, "900")
    schedules = chat.services.schedules
    new = await schedules.prepare(
        invoice, Plan(Kind.DAYS, 30), Manager(MANAGER.id, MANAGER.first_name)
    )
    made = await schedules.create(new, Role.ADMIN)  # an admin's never waits
    assert made.approval is None
    schedule = made.schedule
    changed = await schedules.change_amount(
        schedule, Decimal(5000), Manager(MANAGER.id, MANAGER.first_name), Role.MANAGER
    )
    assert changed is not None
    assert changed.approval is not None
    await run(chat, at(schedule.start_day))
    assert [p["pay_amount"] for p in previews(paykeeper)[1:]] == ["900.00"]

    approval = changed.approval
    decision = await chat.services.approvals.approve(approval.id, ADMIN.id)
    assert decision is not None
    assert decision.now
    await run(chat, at(date.fromordinal(schedule.start_day.toordinal() + 30)))
    assert [p["pay_amount"] for p in previews(paykeeper)[1:]] == ["900.00", "5000.00"]


async def test_a_rejected_schedule_never_issues(chat: Chat, paykeeper: FakePayKeeper) -> None:
    await through_the_card(chat, await source(chat))
    card = admin_card(chat, "Регулярный счёт №1")
    await chat.press_text(ADMIN, card, "Отклонить")
    told = [m.text or "" for m in chat.telegram.chat_messages(MANAGER.id)]
    assert any("отклонил(а) регулярный счёт" in text for text in told)
    assert rows(chat, "SELECT status FROM schedules") == [("rejected",)]
    assert await run(chat, at(date(YEAR, 3, 31))) == []
    assert previews(paykeeper)[1:] == []


async def test_stopping_a_waiting_schedule_withdraws_its_request(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await through_the_card(chat, await source(chat))
    [listing] = await chat.say(MANAGER, "/schedules")
    await chat.press_text(MANAGER, listing, "№1")
    card = chat.telegram.message(listing.chat_id, listing.message_id)
    assert [b["text"] for b in card.buttons] == ["⏹ Остановить", "‹ Все регулярные"]
    await chat.press_text(MANAGER, card, "Остановить")
    await chat.press_text(MANAGER, chat.telegram.message(card.chat_id, card.message_id), "Да")
    assert rows(chat, "SELECT status FROM approvals") == [("cancelled",)]
    await chat.press_text(ADMIN, admin_card(chat, "Регулярный счёт №1"), "Одобрить")
    assert rows(chat, "SELECT status FROM schedules") == [("stopped",)]
    assert await run(chat, at(date(YEAR, 3, 31))) == []
    assert previews(paykeeper)[1:] == []


async def test_periods_whose_day_passed_while_it_waited_are_not_billed_at_once(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    # Every day, approved five days late: the admin approved one invoice a day, not a burst
    # of the days gone by; the approval day's own period still goes out.
    schedules = chat.services.schedules
    invoice = await source(chat)
    new = await schedules.prepare(invoice, Plan(Kind.DAYS, 1), Manager(MANAGER.id, "Иван"))
    made = await schedules.create(new, Role.MANAGER)
    assert made.approval is not None
    start = made.schedule.start_day
    approved_on = start + timedelta(days=5)
    schedules.clock = lambda: at(approved_on, 12)
    decision = await chat.services.approvals.approve(made.approval.id, ADMIN.id)
    assert decision is not None
    assert decision.now
    [issued] = await run(chat, at(approved_on, 12))
    assert "выставлен" in issued
    assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-6"]
    await run(chat, at(approved_on + timedelta(days=1), 10))
    assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-6", "sch1-7"]
