"""Reminders the day before the last payable day, and the morning digest.

Each test hands the jobs the moment to act at ("now" in Moscow time), so nothing waits for
the clock; the messages go through the real outbox to the Bot API stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from bot.drafts import today_in_moscow
from bot.services.access import Role
from bot.services.digest import Digests
from bot.services.money_outcomes import Result
from bot.services.reminders import Reminders
from bot.services.schedule import Scheduler
from bot.settings import Settings
from paykeeper.moscow import MSK
from storage import Delivery, InvoiceStatus
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, Chat
from tests.support.watching import Watched, callbacks, pack, watching, with_endpoint


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return with_endpoint(settings)


@pytest.fixture
async def watched(chat: Chat) -> AsyncIterator[Watched]:
    async with watching(chat) as watched:
        yield watched


def msk(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MSK)


def in_days(days: int) -> date:
    return today_in_moscow() + timedelta(days=days)


# --- Reminders --------------------------------------------------------------------------


async def test_one_reminder_the_morning_before_the_last_day(watched: Watched) -> None:
    invoice = await watched.issued(email="client@example.com", days=2)
    reminders = watched.chat.services.reminders

    assert await reminders.run_due(msk(in_days(1), 8, 59)) == 0  # not before the morning
    assert await reminders.run_due(msk(in_days(1), 9, 0)) == 1
    [reminder] = await watched.deliver()

    text = reminder.text or ""
    assert "Завтра последний день оплаты" in text
    assert f"{in_days(2):%d.%m.%Y} включительно" in text
    assert (invoice.invoice_url or "?") in text
    assert callbacks(reminder) == [
        pack("resend", invoice.id),
        pack("repeat", invoice.id),
        pack("cancel", invoice.id),
    ]
    # Every later tick that day, and a restarted bot, find it already sent.
    assert await reminders.run_due(msk(in_days(1), 9, 1)) == 0
    assert await reminders.run_due(msk(in_days(1), 18, 0)) == 0
    restarted = Reminders(reminders.notices, reminders.notifier, time(9, 0))
    assert await restarted.run_due(msk(in_days(1), 18, 0)) == 0
    assert await watched.deliver() == []


async def test_a_reminder_without_an_email_offers_no_resend(watched: Watched) -> None:
    invoice = await watched.issued(email=None, days=2)
    assert await watched.chat.services.reminders.run_due(msk(in_days(1), 10)) == 1
    [reminder] = await watched.deliver()
    assert callbacks(reminder) == [pack("repeat", invoice.id), pack("cancel", invoice.id)]


async def test_no_reminder_for_paid_expired_undated_or_other_days(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    paid = await watched.issued(amount="100", days=2)
    assert paid.paykeeper_id is not None
    await watched.notify(paykeeper.mark_paid(paid.paykeeper_id))
    expired = await watched.issued(amount="200", days=2)
    await watched.chat.services.tracker.change(expired, InvoiceStatus.EXPIRED)
    await watched.issued(amount="300", days=None)
    await watched.issued(amount="400", days=5)
    await watched.deliver()  # the paid and expired alerts

    reminders = watched.chat.services.reminders
    assert await reminders.run_due(msk(in_days(1), 10)) == 0
    assert await reminders.run_due(msk(in_days(3), 10)) == 0  # a day too early for the 5-day one
    assert await watched.deliver() == []


async def test_no_reminder_for_an_invoice_issued_that_same_day(watched: Watched) -> None:
    await watched.issued(days=1)  # payable through tomorrow; its manager has just seen it
    assert await watched.chat.services.reminders.run_due(msk(in_days(0), 23, 59)) == 0


# --- The morning digest -----------------------------------------------------------------


async def test_the_digest_sums_up_yesterday_once(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    paid = await watched.issued(amount="1000")
    expired = await watched.issued(amount="250.50")
    await watched.issued(amount="99", email="client@example.com", delivery=Delivery.EMAIL)
    assert paid.paykeeper_id is not None
    assert expired.paykeeper_id is not None
    await watched.notify(paykeeper.mark_paid(paid.paykeeper_id))
    paykeeper.expire(expired.paykeeper_id)
    await watched.reconcile()
    assert len(await watched.deliver()) == 2  # the paid and expired alerts
    digests = watched.chat.services.digests

    assert await digests.run_due(msk(in_days(1), 8, 59)) == 0
    assert await digests.run_due(msk(in_days(1), 9, 0)) == 1
    [digest] = await watched.deliver()

    text = digest.text or ""
    assert f"Счета за {in_days(0):%d.%m.%Y}" in text
    assert "Выставлено: 3 на 1\xa0349,50\xa0₽" in text
    assert "Оплачено: 1 на 1\xa0000,00\xa0₽" in text
    assert "Истекло без оплаты: 1 на 250,50\xa0₽" in text
    assert watched.chat.telegram.chat_messages(ENGLISH_MANAGER.id) == []  # no activity
    # Later ticks, and a restarted bot, do not send it again.
    assert await digests.run_due(msk(in_days(1), 12, 0)) == 0
    restarted = Digests(digests.notices, digests.notifier, at=time(9, 0))
    assert await restarted.run_due(msk(in_days(1), 12, 0)) == 0
    assert await watched.deliver() == []
    # The day after: nothing happened, nothing is sent.
    assert await digests.run_due(msk(in_days(2), 9, 0)) == 0


async def test_the_digest_shows_the_ledgers_money_refunds_included(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    services = watched.chat.services
    invoice = await watched.issued(amount="1000")
    assert invoice.paykeeper_id is not None
    payment = paykeeper.mark_paid(invoice.paykeeper_id)
    await watched.notify(payment)
    paid = await watched.invoice(invoice.id)
    # An admin refunds 300 from the bot; 400 more are refunded in PayKeeper's cabinet.
    proposal = await services.after_payment.propose(
        paid, actor_id=ADMIN.id, role=Role.ADMIN, amount=Decimal("300")
    )
    assert proposal.key is not None
    done = await services.after_payment.refund(
        paid, proposal.key, actor_id=ADMIN.id, role=Role.ADMIN
    )
    assert done.result is Result.DONE
    paykeeper.receipts.cabinet_refund(payment["id"], Decimal("400"))
    await services.ledger.sync_payment(paid, payment["id"])
    await watched.deliver()

    assert await services.digests.run_due(msk(in_days(1), 9, 0)) == 1
    [digest] = await watched.deliver()
    text = digest.text or ""
    assert "Оплачено: 1 на 1\xa0000,00\xa0₽" in text
    assert "Возвращено: 2 на 700,00\xa0₽" in text


async def test_each_manager_gets_only_their_own_digest(watched: Watched) -> None:
    await watched.issued(amount="100", user=MANAGER)
    await watched.issued(amount="200", user=ENGLISH_MANAGER)
    await watched.issued(amount="300", user=ENGLISH_MANAGER)

    assert await watched.chat.services.digests.run_due(msk(in_days(1), 9, 30)) == 2
    [mine] = await watched.deliver(MANAGER)
    [theirs] = watched.chat.telegram.chat_messages(ENGLISH_MANAGER.id)
    assert "Выставлено: 1 на 100,00\xa0₽" in (mine.text or "")
    assert "Выставлено: 2 на 500,00\xa0₽" in (theirs.text or "")


async def test_the_digest_can_be_switched_off(watched: Watched) -> None:
    await watched.issued()
    digests = watched.chat.services.digests
    off = Digests(digests.notices, digests.notifier, at=time(9), enabled=False)
    assert await off.run_due(msk(in_days(1), 12, 0)) == 0
    assert await watched.deliver() == []


# --- The clock loop ---------------------------------------------------------------------


async def test_a_failing_job_does_not_stop_the_others_and_shutdown_ends_the_loop() -> None:
    seen: list[datetime] = []

    async def broken(now: datetime) -> int:
        raise RuntimeError("database is locked")

    async def counting(now: datetime) -> int:
        seen.append(now)
        return 0

    stopping = asyncio.Event()
    moment = msk(in_days(1), 9, 0)
    scheduler = Scheduler([broken, counting], stopping, clock=lambda: moment)
    task = asyncio.create_task(scheduler.run())
    async with asyncio.timeout(10):
        while not seen:  # noqa: ASYNC110 - the job has no event to offer
            await asyncio.sleep(0.01)
    stopping.set()
    async with asyncio.timeout(10):  # a hang guard: the next tick is a minute away
        await task
    assert seen == [moment]
