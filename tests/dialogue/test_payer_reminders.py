"""Reminders to payers: PAYER_REMINDER_DAYS before an unpaid invoice's last day, PayKeeper
e-mails it to the payer again, once; the summary turns it on or off per invoice.

Each test hands the job the moment to act at (Moscow time), so nothing waits for the clock;
PayKeeper is the aiohttp stand-in, the manager's messages go through the real outbox."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta

import pytest

from bot.drafts import today_in_moscow
from bot.services.payer_reminders import PayerReminders
from bot.settings import Settings
from paykeeper.moscow import MSK
from storage import Delivery
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.chat import MANAGER, Chat
from tests.support.watching import Watched, events, watching, with_endpoint

SEND = "/change/invoice/send/"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return with_endpoint(settings).model_copy(update={"payer_reminder_days": 3})


@pytest.fixture
async def watched(chat: Chat) -> AsyncIterator[Watched]:
    async with watching(chat) as watched:
        yield watched


def msk(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MSK)


def in_days(days: int) -> date:
    return today_in_moscow() + timedelta(days=days)


def sends(paykeeper: FakePayKeeper) -> int:
    return sum(1 for r in paykeeper.requests if r.path == SEND)


def reminder_state(chat: Chat, invoice_id: int) -> str | None:
    with sqlite3.connect(chat.services.settings.database_path) as db:
        row = db.execute(
            "SELECT state FROM payer_reminders WHERE invoice_id = ?", (invoice_id,)
        ).fetchone()
    return None if row is None else str(row[0])


async def test_an_unpaid_invoice_is_emailed_again_once_and_the_manager_is_told(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    invoice = await watched.issued(email="client@example.com", days=5)
    before = sends(paykeeper)
    job = watched.chat.services.payer_reminders

    assert await job.run_due(msk(in_days(1), 10)) == 0  # not yet its day (5 - 3 = day 2)
    assert await job.run_due(msk(in_days(2), 8, 59)) == 0  # not before the morning
    assert sends(paykeeper) == before
    assert await job.run_due(msk(in_days(2), 9, 0)) == 1
    assert sends(paykeeper) == before + 1
    assert paykeeper.sent[-1] == invoice.paykeeper_id

    [told] = await watched.deliver()
    assert "Напоминание плательщику отправлено" in (told.text or "")
    assert "client@example.com" in (told.text or "")
    assert events(watched.chat, invoice.id)[-1] == "payer_reminded"

    # Later ticks, later days and a restarted bot find it done.
    assert await job.run_due(msk(in_days(2), 18)) == 0
    assert await job.run_due(msk(in_days(4), 9)) == 0
    restarted = PayerReminders(job.reminders, job.paykeeper, job.notifier, time(9, 0))
    assert await restarted.run_due(msk(in_days(3), 9)) == 0
    assert sends(paykeeper) == before + 1
    assert await watched.deliver() == []

    # The manager's own reminder, the morning before the last day, says so too.
    assert await watched.chat.services.reminders.run_due(msk(in_days(4), 9)) == 1
    [reminder] = await watched.deliver()
    assert "Завтра последний день оплаты" in (reminder.text or "")
    assert "Плательщику уже напомнили" in (reminder.text or "")


async def test_never_after_it_is_paid_or_past_its_last_day(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    paid = await watched.issued(email="paid@example.com", days=5)
    late = await watched.issued(email="late@example.com", days=5)
    assert paid.paykeeper_id is not None
    paykeeper.mark_paid(paid.paykeeper_id)  # the bot has not heard of the payment yet
    before = sends(paykeeper)
    job = watched.chat.services.payer_reminders

    assert await job.run_due(msk(in_days(6), 9)) == 0  # past the last day of both
    assert reminder_state(watched.chat, late.id) is None
    assert await job.run_due(msk(in_days(2), 9)) == 1  # only the unpaid one
    [told] = await watched.deliver()
    assert "late@example.com" in (told.text or "")
    assert sends(paykeeper) == before + 1
    assert paykeeper.sent[-1] == late.paykeeper_id
    assert reminder_state(watched.chat, paid.id) == "skipped"
    assert "payer_reminded" not in events(watched.chat, paid.id)
    # The manager's reminders (the bot has not heard of the payment): only the reminded one
    # says the payer was reminded.
    assert await watched.chat.services.reminders.run_due(msk(in_days(4), 9)) == 2
    texts = [message.text or "" for message in await watched.deliver()]
    said = [text for text in texts if "Плательщику уже напомнили" in text]
    assert len(texts) == 2
    assert len(said) == 1
    assert "late@example.com" in said[0]


async def test_an_unclear_answer_is_recorded_and_never_sent_again(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    invoice = await watched.issued(email="client@example.com", days=5)
    job = watched.chat.services.payer_reminders
    paykeeper.fail_next(SEND, "500-after")  # PayKeeper sent it, the answer was lost
    before = sends(paykeeper)

    assert await job.run_due(msk(in_days(2), 9)) == 0
    assert reminder_state(watched.chat, invoice.id) == "unclear"
    assert events(watched.chat, invoice.id)[-1] == "payer_reminder_unclear"
    assert await job.run_due(msk(in_days(2), 10)) == 0
    assert await job.run_due(msk(in_days(3), 9)) == 0
    assert sends(paykeeper) == before + 1  # the payer got one letter, not two


async def test_paykeepers_refusal_is_recorded_with_its_message(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    invoice = await watched.issued(email="client@example.com", days=5)
    paykeeper.fail_next(SEND, "fail:Почтовый сервер недоступен")
    job = watched.chat.services.payer_reminders
    assert await job.run_due(msk(in_days(2), 9)) == 0
    assert reminder_state(watched.chat, invoice.id) == "failed"
    with sqlite3.connect(watched.chat.services.settings.database_path) as db:
        [detail] = db.execute(
            "SELECT detail FROM invoice_events WHERE invoice_id = ? AND kind = ?",
            (invoice.id, "payer_reminder_failed"),
        ).fetchone()
    assert detail == "Почтовый сервер недоступен"


async def test_no_reminder_without_an_email_or_a_last_day(watched: Watched) -> None:
    await watched.issued(email=None, days=5)
    await watched.issued(email="client@example.com", days=None, delivery=Delivery.EMAIL)
    assert await watched.chat.services.payer_reminders.run_due(msk(in_days(2), 9)) == 0


async def test_the_summary_turns_the_reminder_off_and_on(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, "1500")
    await chat.say(MANAGER, "client@example.com")
    await chat.say(MANAGER, "-")
    await chat.say(MANAGER, "+5")
    [summary] = await chat.say(MANAGER, "-")
    assert "PayKeeper ещё раз отправит счёт за 3 дн. до срока" in (summary.text or "")

    [summary] = await chat.press_text(MANAGER, summary, "Не напоминать")
    assert "Без напоминания плательщику" in (summary.text or "")
    [summary] = await chat.press_text(MANAGER, summary, "Напомнить плательщику")
    [summary] = await chat.press_text(MANAGER, summary, "Не напоминать")
    await chat.press_text(MANAGER, summary, "Получить ссылку")

    with sqlite3.connect(chat.services.settings.database_path) as db:
        [remind_days] = db.execute("SELECT remind_days FROM invoices").fetchone()
    assert remind_days is None
    assert await chat.services.payer_reminders.run_due(msk(in_days(2), 9)) == 0
