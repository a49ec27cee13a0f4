"""Recurring invoices: made from an invoice's card, each period issued exactly once through the
issuer with its own order id — at a restart, after an outage, with two runs at once — the
manager told each time; suspension pauses them, approval applies at creation.

The clock is the tests': the schedules job is called with the moment each test names (as the
scheduler would call it), and TEST_CLOCK fixes "today" for the form. Moments are in the coming
year, so every expiry sent to the PayKeeper stand-in is in the future."""

from __future__ import annotations

import asyncio
import calendar
import sqlite3
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from bot.drafts import today_in_moscow
from bot.keyboards.schedules import FormStep, ScheduleFormCallback
from bot.parsing import InputError
from bot.services.access import Role
from bot.services.issue_outcomes import Manager
from bot.services.schedule_rules import Kind
from bot.services.schedules import Plan
from bot.settings import Settings
from paykeeper import MSK
from storage import Delivery, InvoiceRecord
from storage.schedules import ScheduleRecord
from tests.dialogue.test_invoices import issue, open_card
from tests.dialogue.test_team import NEWCOMER, grant
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, MANAGER, Chat

YEAR = today_in_moscow().year + 1
TODAY = datetime(YEAR, 1, 10, 12, 0, tzinfo=MSK)  # what TEST_CLOCK says "now" is
PREVIEW = "/change/invoice/preview/"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"test_clock": TODAY})


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=MSK)


def rows(chat: Chat, sql: str, *params: Any) -> list[Any]:
    with sqlite3.connect(chat.services.settings.database_path) as db:
        return db.execute(sql, params).fetchall()


def previews(paykeeper: FakePayKeeper) -> list[dict[str, str]]:
    return [r.form for r in paykeeper.requests if r.path == PREVIEW]


async def run(chat: Chat, moment: datetime) -> list[str]:
    """The job at ``moment``; returns what the manager was told (outbox delivered)."""
    before = len(chat.telegram.chat_messages(MANAGER.id))
    await chat.services.schedule_runs.run_due(moment)
    await chat.services.outbox.deliver_pending()
    return [m.text or "" for m in chat.telegram.chat_messages(MANAGER.id)[before:]]


async def source(chat: Chat, amount: str = "1500", **extra: Any) -> InvoiceRecord:
    """The invoice schedules are made from: 7 days to pay, e-mail on file, link delivery."""
    return await issue(
        chat,
        amount=amount,
        email="payer@example.com",
        client_name="ООО Ромашка",
        last_day=today_in_moscow() + timedelta(days=7),
        **extra,
    )


async def scheduled(
    chat: Chat, invoice: InvoiceRecord, plan: Plan, user: User = MANAGER
) -> ScheduleRecord:
    """Made as the form makes it (prepare, then create), by a manager."""
    schedules = chat.services.schedules
    new = await schedules.prepare(invoice, plan, Manager(user.id, user.first_name))
    return (await schedules.create(new, Role.MANAGER)).schedule


async def answer(chat: Chat, user: User, message: StoredMessage, caption: str) -> StoredMessage:
    [reply] = await chat.press_text(user, message, caption)
    return reply


async def through_the_card(chat: Chat, invoice: InvoiceRecord) -> list[StoredMessage]:
    """Monthly on the 31st, until stopped, from the card's "🔁 Повторять"."""
    card = await open_card(chat, MANAGER, invoice)
    captions = [b["text"] for b in card.buttons]
    assert "🔂 Повторить разово" in captions
    assert "🔁 Повторять" in captions
    kind = await answer(chat, MANAGER, card, "🔁 Повторять")
    assert "Как часто?" in (kind.text or "")
    await answer(chat, MANAGER, kind, "Каждый месяц")
    [wrong] = await chat.say(MANAGER, "32")
    assert "от 1 до 31" in (wrong.text or "")
    [end] = await chat.say(MANAGER, "31")
    summary = await answer(chat, MANAGER, end, "Пока не остановлю")
    assert "31-го числа (или в последний день месяца)" in (summary.text or "")
    assert f"Первый счёт: 31.01.{YEAR}" in (summary.text or "")
    assert "Срок оплаты: 7 дн. со дня выставления" in (summary.text or "")
    return await chat.press_text(MANAGER, summary, "Создать")


async def test_monthly_on_the_31st_from_the_card_issues_each_month_once(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await source(chat, service="Аудит")
    [created] = await through_the_card(chat, invoice)
    assert "Регулярный счёт №1 создан" in (created.text or "")
    assert previews(paykeeper) == [previews(paykeeper)[0]]  # only the source so far

    assert await run(chat, at(date(YEAR, 1, 31), 8)) == []  # not yet 09:00 Moscow
    [told] = await run(chat, at(date(YEAR, 1, 31)))
    assert told.startswith("🔁 Счёт за январь выставлен (регулярный №1)")
    assert "/bill/" in told
    assert "С опозданием" not in told

    february = date(YEAR, 2, calendar.monthrange(YEAR, 2)[1])  # no 31st: its last day
    assert await run(chat, at(february - timedelta(days=1))) == []
    [told] = await run(chat, at(february))
    assert told.startswith("🔁 Счёт за февраль выставлен")
    assert await run(chat, at(february, 15)) == []  # the same day again: nothing more

    issued = rows(
        chat,
        "SELECT order_id, amount, service_name, last_day, delivery, client_email FROM invoices"
        " WHERE order_id LIKE 'sch1-%' ORDER BY id",
    )
    assert issued == [
        (
            "sch1-1",
            "1500.00",
            "Аудит",
            (date(YEAR, 1, 31) + timedelta(7)).isoformat(),
            "link",
            "payer@example.com",
        ),
        (
            "sch1-2",
            "1500.00",
            "Аудит",
            (february + timedelta(7)).isoformat(),
            "link",
            "payer@example.com",
        ),
    ]
    assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-1", "sch1-2"]


async def test_two_runs_at_once_issue_each_period_once(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    schedule = await scheduled(chat, await source(chat), Plan(Kind.DAYS, 1))
    moment = at(schedule.start_day + timedelta(days=2), 10)  # three periods due
    await asyncio.gather(*(chat.services.schedule_runs.run_due(moment) for _ in range(3)))
    await chat.services.outbox.deliver_pending()

    orders = [p["orderid"] for p in previews(paykeeper)[1:]]
    assert sorted(orders) == ["sch1-1", "sch1-2", "sch1-3"]
    assert len(paykeeper.invoices) == 4  # the source and three periods
    told = [m.text or "" for m in chat.telegram.chat_messages(MANAGER.id)]
    assert sum("Счёт за" in text for text in told) == 3
    # Two of them fell on earlier days than the run: the manager hears they are late.
    assert sum("С опозданием" in text for text in told) == 2
    assert rows(chat, "SELECT next_index FROM schedules") == [(3,)]


async def test_a_period_due_while_the_bot_was_down_is_issued_once_after_the_restart(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    schedule = await scheduled(chat, await source(chat), Plan(Kind.WEEKLY, 0))
    monday = schedule.start_day
    later = at(monday + timedelta(days=2), 11)  # the bot was down on Monday
    restarted = await chat.restarted(chat.services.settings)
    try:
        await restarted.services.schedule_runs.run_due(later)
        await restarted.services.schedule_runs.run_due(later + timedelta(hours=1))
        await restarted.services.outbox.deliver_pending()
        told = [m.text or "" for m in chat.telegram.chat_messages(MANAGER.id)]
        [late] = [text for text in told if "Счёт за" in text]
        assert f"С опозданием: он должен был выйти {monday:%d.%m.%Y}" in late
        assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-1"]
    finally:
        await restarted.services.close()


async def test_an_outage_is_tried_again_with_the_same_order_id_and_billed_once(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    schedule = await scheduled(chat, await source(chat), Plan(Kind.DAYS, 3))
    due = at(schedule.start_day)
    port = int(paykeeper.url.rsplit(":", 1)[1])
    await paykeeper.stop()  # PayKeeper is down: nothing reaches it
    [told] = await run(chat, due)
    assert "пока не выставлен" in told
    assert "попробую снова" in told
    assert rows(chat, "SELECT status FROM invoices WHERE order_id = 'sch1-1'") == [("failed",)]
    assert await run(chat, due + timedelta(minutes=1)) == []  # still down, said once

    await paykeeper.start(port=port)
    assert await run(chat, due + timedelta(minutes=2)) == []  # not before the retry is due
    [told] = await run(chat, due + timedelta(minutes=10))
    assert told.startswith("🔁 Счёт за")
    assert rows(chat, "SELECT status FROM invoices WHERE order_id LIKE 'sch1-%'") == [("created",)]
    assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-1"]
    assert await run(chat, due + timedelta(hours=1)) == []


async def test_an_unclear_answer_is_never_asked_again(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    schedule = await scheduled(chat, await source(chat), Plan(Kind.DAYS, 3))
    due = at(schedule.start_day)
    paykeeper.fail_next(PREVIEW, "truncated-after")  # made, the answer lost
    [told] = await run(chat, due)
    assert "ответ PayKeeper неясен" in told
    assert "sch1-1" in told
    for hours in (1, 5, 30):
        await run(chat, due + timedelta(hours=hours))
    assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-1"]
    # Left `requested` for reconciliation to settle by the order id.
    assert rows(chat, "SELECT status FROM invoices WHERE order_id = 'sch1-1'") == [("requested",)]


async def test_an_emailed_source_makes_emailed_periods(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await source(chat, delivery=Delivery.EMAIL)
    schedule = await scheduled(chat, invoice, Plan(Kind.MONTHLY, 15))
    [told] = await run(chat, at(schedule.start_day))
    assert told.startswith("🔁 Счёт за январь отправлен на почту (регулярный №1)")
    assert len(paykeeper.sent) == 2  # the source's letter and this period's
    assert rows(chat, "SELECT status FROM invoices WHERE order_id = 'sch1-1'") == [("sent",)]


async def test_n_times_and_until_a_date_end_the_schedule(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await source(chat)
    weekly = await scheduled(chat, invoice, Plan(Kind.WEEKLY, 4, times=2))
    until = date(YEAR, 2, 20)
    every = await scheduled(chat, invoice, Plan(Kind.DAYS, 10, until=until))
    await run(chat, at(date(YEAR, 4, 1)))
    assert rows(chat, "SELECT id, status FROM schedules ORDER BY id") == [
        (weekly.id, "finished"),
        (every.id, "finished"),
    ]
    assert rows(chat, "SELECT order_id FROM invoices WHERE order_id LIKE 'sch1-%'") == [
        ("sch1-1",),
        ("sch1-2",),
    ]
    # Every 10 days from 20 January: 20 Jan, 30 Jan, 9 Feb, 19 Feb; 1 March is past the end.
    assert every.start_day == date(YEAR, 1, 20)
    assert len(rows(chat, "SELECT 1 FROM invoices WHERE order_id LIKE 'sch2-%'")) == 4


async def test_a_suspended_managers_periods_are_skipped_not_issued_later(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await grant(chat, NEWCOMER, Role.MANAGER)  # MANAGER_IDS' managers cannot be suspended
    invoice = await source(chat, user=NEWCOMER)
    schedule = await scheduled(chat, invoice, Plan(Kind.WEEKLY, 2), NEWCOMER)
    first = schedule.start_day
    assert await chat.services.team.suspend(ADMIN.id, NEWCOMER.id) is None
    await run(chat, at(first))
    assert previews(paykeeper)[1:] == []
    assert await chat.services.team.restore(ADMIN.id, NEWCOMER.id) is None
    await run(chat, at(first, 12))  # restored the same day: the skipped period stays skipped
    await run(chat, at(first + timedelta(days=7)))
    assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-2"]
    told = [m.text or "" for m in chat.telegram.chat_messages(NEWCOMER.id)]
    assert sum("The invoice for" in text for text in told) == 1


async def test_a_forged_day_or_plan_out_of_bounds_is_refused(chat: Chat) -> None:
    invoice = await source(chat)
    card = await open_card(chat, MANAGER, invoice)
    kind = await answer(chat, MANAGER, card, "🔁 Повторять")
    day = await answer(chat, MANAGER, kind, "Каждый месяц")
    forged = ScheduleFormCallback(step=FormStep.MONTH_DAY, value=40).pack()
    await chat.feed(chat.telegram.press(MANAGER, day, forged, strict=False))
    assert chat.answers()[-1].get("show_alert")
    with pytest.raises(InputError):
        await scheduled(chat, invoice, Plan(Kind.MONTHLY, 0))
    with pytest.raises(InputError):
        await scheduled(chat, invoice, Plan(Kind.DAYS, 2, times=500))
    assert rows(chat, "SELECT count(*) FROM schedules") == [(0,)]
