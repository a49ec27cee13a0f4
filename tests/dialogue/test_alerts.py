"""After an invoice is issued: payment alerts, expiry, reconciliation, lost previews.

The services and the HTTP endpoint run in-process against the PayKeeper and Bot API
stand-ins; the background loops are not started — each test calls the one pass the loop
would (reconciliation, the outbox), so nothing waits for real time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.health import HealthCheck
from bot.services.issue_outcomes import FailureKind
from bot.services.reconciliation import Reconciler
from bot.settings import Settings
from bot.telegram.retry import RetryTransient
from storage import Delivery, InvoiceStatus
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import User
from tests.support.chat import ENGLISH_MANAGER, MANAGER, Chat
from tests.support.watching import (
    Watched,
    acknowledgement,
    callbacks,
    events,
    pack,
    watching,
    with_endpoint,
)

PREVIEW = "/change/invoice/preview/"
BYID = "/info/invoice/byid/"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return with_endpoint(settings)


@pytest.fixture
async def watched(chat: Chat) -> AsyncIterator[Watched]:
    async with watching(chat) as watched:
        yield watched


# --- Payments ---------------------------------------------------------------------------


async def test_a_payment_notification_alerts_the_manager_once(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    invoice = await watched.issued(client_name="ООО <Рога & Копыта>")
    assert invoice.paykeeper_id is not None
    form = paykeeper.mark_paid(invoice.paykeeper_id)

    first = await watched.notify(form)
    second = await watched.notify(form)  # PayKeeper retries

    assert first == second == (200, acknowledgement(form["id"]))
    [alert] = await watched.deliver()
    text = alert.text or ""
    assert "Счёт оплачен" in text
    assert "1\xa0500,00\xa0₽" in text
    assert "ООО <Рога & Копыта>" in text
    assert "Консультация" in text
    assert "(МСК)" in text
    assert callbacks(alert) == [pack("open", invoice.id)]
    paid = await watched.invoice(invoice.id)
    assert paid.status is InvoiceStatus.PAID
    assert paid.payment_id == form["id"]
    assert events(watched.chat, invoice.id).count("paid") == 1
    # Nothing else is queued: a third delivery round sends nothing.
    assert await watched.deliver() == []


async def test_notification_racing_reconciliation_makes_one_change_and_one_alert(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    invoice = await watched.issued()
    assert invoice.paykeeper_id is not None
    form = paykeeper.mark_paid(invoice.paykeeper_id)

    answer, _ = await asyncio.gather(watched.notify(form), watched.reconcile())

    assert answer[0] == 200
    assert events(watched.chat, invoice.id).count("paid") == 1
    alerts = await watched.deliver()
    assert [m.text for m in alerts if "Счёт оплачен" in (m.text or "")] == [alerts[0].text]
    assert len(alerts) == 1


async def test_a_lost_notification_is_found_by_reconciliation(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    invoice = await watched.issued()
    assert invoice.paykeeper_id is not None
    form = paykeeper.mark_paid(invoice.paykeeper_id)  # ...and the POST never arrives

    await watched.reconcile()

    paid = await watched.invoice(invoice.id)
    assert paid.status is InvoiceStatus.PAID
    assert paid.payment_id == form["id"]
    [alert] = await watched.deliver()
    assert "Счёт оплачен" in (alert.text or "")
    # The notification arriving late changes nothing and alerts no one.
    assert await watched.notify(form) == (200, acknowledgement(form["id"]))
    assert await watched.deliver() == []


async def test_an_expired_invoice_offers_to_repeat_it(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    invoice = await watched.issued()
    assert invoice.paykeeper_id is not None
    paykeeper.expire(invoice.paykeeper_id)

    await watched.reconcile()
    await watched.reconcile()

    assert (await watched.invoice(invoice.id)).status is InvoiceStatus.EXPIRED
    [alert] = await watched.deliver()
    assert "Срок оплаты счёта истёк" in (alert.text or "")
    assert callbacks(alert) == [pack("repeat", invoice.id), pack("open", invoice.id)]


async def test_a_cancellation_in_the_cabinet_is_told_but_one_in_the_bot_is_not(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    in_cabinet = await watched.issued(amount="100")
    in_bot = await watched.issued(amount="200")
    assert in_cabinet.paykeeper_id is not None
    paykeeper.invoices[in_cabinet.paykeeper_id]["status"] = "revoked"
    await watched.chat.services.tracker.change(
        in_bot, InvoiceStatus.CANCELLED, actor_id=MANAGER.id, detail="manager"
    )

    await watched.reconcile()

    [alert] = await watched.deliver()
    assert "отменён в PayKeeper" in (alert.text or "")
    assert callbacks(alert) == [pack("open", in_cabinet.id)]


async def test_unchanged_invoices_produce_no_messages(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    await watched.issued()
    await watched.issued(email="client@example.com", delivery=Delivery.EMAIL)
    await watched.reconcile()
    assert await watched.deliver() == []
    assert len([r for r in paykeeper.requests if r.path == BYID]) == 2


# --- Previews whose answer was lost -----------------------------------------------------


def previews(paykeeper: FakePayKeeper) -> int:
    return len([r for r in paykeeper.requests if r.path == PREVIEW])


async def test_a_lost_preview_that_paykeeper_made_becomes_created_without_a_second_invoice(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    paykeeper.fail_next(PREVIEW, "drop-after")  # created, but the answer is lost
    outcome = await watched.issue(email="client@example.com", delivery=Delivery.EMAIL)
    assert outcome.failure is not None
    assert outcome.failure.kind is FailureKind.UNCERTAIN
    assert outcome.invoice.status is InvoiceStatus.REQUESTED
    [remote_id] = paykeeper.invoices

    await watched.reconcile_after_restart()

    invoice = await watched.invoice(outcome.invoice.id)
    assert invoice.status is InvoiceStatus.CREATED
    assert invoice.paykeeper_id == remote_id
    assert invoice.invoice_url == f"{paykeeper.url}/bill/{remote_id}/"
    assert events(watched.chat, invoice.id)[-1] == "created"
    assert previews(paykeeper) == 1
    assert list(paykeeper.invoices) == [remote_id]
    [alert] = await watched.deliver()
    text = alert.text or ""
    assert "Счёт всё-таки создан" in text
    assert invoice.order_id in text
    assert invoice.invoice_url in text
    assert "client@example.com" in text  # not e-mailed yet: the manager decides
    assert callbacks(alert) == [pack("resend", invoice.id), pack("open", invoice.id)]
    assert paykeeper.sent == []

    await watched.reconcile_after_restart()  # settled: nothing more happens
    assert previews(paykeeper) == 1
    assert await watched.deliver() == []


async def test_a_lost_preview_paykeeper_never_got_is_failed_and_the_manager_told(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    paykeeper.fail_next(PREVIEW, "drop")  # the connection dies before PayKeeper acts
    outcome = await watched.issue()
    assert outcome.invoice.status is InvoiceStatus.REQUESTED
    assert paykeeper.invoices == {}

    await watched.reconcile_after_restart()

    invoice = await watched.invoice(outcome.invoice.id)
    assert invoice.status is InvoiceStatus.FAILED
    assert invoice.error
    assert paykeeper.invoices == {}
    assert previews(paykeeper) == 1
    [alert] = await watched.deliver()
    assert "Счёт не создан" in (alert.text or "")
    assert invoice.order_id in (alert.text or "")
    assert callbacks(alert) == [pack("repeat", invoice.id)]


async def test_a_lost_preview_paid_meanwhile_is_recorded_as_paid(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    paykeeper.fail_next(PREVIEW, "drop-after")
    outcome = await watched.issue()
    [remote_id] = paykeeper.invoices
    form = paykeeper.mark_paid(remote_id)

    await watched.reconcile_after_restart()

    invoice = await watched.invoice(outcome.invoice.id)
    assert invoice.status is InvoiceStatus.PAID
    assert invoice.paykeeper_id == remote_id
    assert invoice.payment_id == form["id"]
    texts = [m.text or "" for m in await watched.deliver()]
    assert len(texts) == 2
    assert "Счёт всё-таки создан" in texts[0]
    assert "Счёт оплачен" in texts[1]


async def test_a_fresh_requested_row_is_left_to_the_issuer(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    paykeeper.fail_next(PREVIEW, "drop")
    outcome = await watched.issue()
    services = watched.chat.services
    # A reconciler started before the row was written: the issuer may still be on it.
    early = Reconciler(
        services.invoices,
        services.paykeeper,
        services.tracker,
        services.tasks.stopping,
        interval=300,
        grace=timedelta(minutes=5),
        started_at=datetime.now(UTC) - timedelta(hours=1),
    )
    requests_before = len(paykeeper.requests)

    await early.run_once()

    assert (await watched.invoice(outcome.invoice.id)).status is InvoiceStatus.REQUESTED
    assert len(paykeeper.requests) == requests_before
    # Once the grace period has passed, it is resolved.
    later = datetime.now(UTC) + timedelta(minutes=6)
    early.clock = lambda: later
    await early.run_once()
    assert (await watched.invoice(outcome.invoice.id)).status is InvoiceStatus.FAILED


# --- How reconciliation behaves ---------------------------------------------------------


def reconciler(
    watched: Watched, stopping: asyncio.Event | None = None, **kwargs: object
) -> Reconciler:
    services = watched.chat.services
    options: dict[str, object] = {"interval": 300.0, "grace": timedelta(minutes=5)} | kwargs
    return Reconciler(
        services.invoices,
        services.paykeeper,
        services.tracker,
        stopping or services.tasks.stopping,
        **options,  # type: ignore[arg-type]
    )


async def test_reconciliation_spreads_its_requests(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    for amount in ("100", "200", "300", "400"):
        await watched.issued(amount=amount)
    pauses: list[tuple[float, int]] = []

    async def pause(seconds: float) -> bool:
        pauses.append((seconds, len([r for r in paykeeper.requests if r.path == BYID])))
        return False

    report = await reconciler(watched, pause=pause).run_once()

    assert report.checked == 4
    # A pause before every request but the first, each after one more request went out.
    assert [done for _, done in pauses] == [1, 2, 3]
    assert all(seconds > 0 for seconds, _ in pauses)


async def test_reconciliation_stops_mid_pass_at_shutdown(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    for amount in ("100", "200", "300"):
        await watched.issued(amount=amount)
    stopping = asyncio.Event()
    job = reconciler(watched, interval=3600.0, rate=1 / 600, stopping=stopping)
    task = asyncio.create_task(job.run())

    async with asyncio.timeout(10):
        # The fake has no event to wait on; polling it is the simplest honest wait.
        while not [r for r in paykeeper.requests if r.path == BYID]:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    stopping.set()
    async with asyncio.timeout(10):  # a hang guard: the pause would last ten minutes
        await task

    assert len([r for r in paykeeper.requests if r.path == BYID]) == 1


async def test_paykeeper_down_ends_the_pass_without_changes(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    first = await watched.issued(amount="100")
    second = await watched.issued(amount="200")
    paykeeper.fail_next(BYID, "500", times=10)

    report = await watched.chat.services.reconciler.run_once()

    assert report.interrupted
    assert len([r for r in paykeeper.requests if r.path == BYID]) == 1  # no hammering
    for invoice in (first, second):
        assert (await watched.invoice(invoice.id)).status is InvoiceStatus.CREATED
    assert await watched.deliver() == []


async def test_an_invoice_paykeeper_does_not_know_is_skipped(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    unknown = await watched.issued(amount="100")
    paid = await watched.issued(amount="200")
    assert unknown.paykeeper_id is not None
    assert paid.paykeeper_id is not None
    del paykeeper.invoices[unknown.paykeeper_id]
    paykeeper.mark_paid(paid.paykeeper_id)

    await watched.reconcile()

    assert (await watched.invoice(unknown.id)).status is InvoiceStatus.CREATED
    assert (await watched.invoice(paid.id)).status is InvoiceStatus.PAID


# --- Delivering the messages ------------------------------------------------------------


async def test_flood_control_is_waited_out(watched: Watched, paykeeper: FakePayKeeper) -> None:
    invoice = await watched.issued()
    assert invoice.paykeeper_id is not None
    await watched.notify(paykeeper.mark_paid(invoice.paykeeper_id))
    watched.chat.telegram.fail_next("sendMessage", 429, retry_after=1)

    [alert] = await watched.deliver()

    assert "Счёт оплачен" in (alert.text or "")
    assert [c.error for c in watched.chat.telegram.failed if c.method == "sendMessage"] == [
        "Too Many Requests: retry after 1"
    ]


async def test_a_manager_who_blocked_the_bot_does_not_stop_the_others(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    blocked = await watched.issued(amount="100", user=MANAGER)
    other = await watched.issued(amount="200", user=ENGLISH_MANAGER)
    for invoice in (blocked, other):
        assert invoice.paykeeper_id is not None
        assert (await watched.notify(paykeeper.mark_paid(invoice.paykeeper_id)))[0] == 200
    watched.chat.telegram.fail_next(
        "sendMessage", 403, description="Forbidden: bot was blocked by the user"
    )

    assert await watched.deliver(MANAGER) == []
    [alert] = watched.chat.telegram.chat_messages(ENGLISH_MANAGER.id)
    assert "200,00" in (alert.text or "")
    # The blocked one is not retried forever.
    assert await watched.deliver(MANAGER) == []
    assert len([c for c in watched.chat.telegram.failed if c.method == "sendMessage"]) == 1


async def test_telegram_unreachable_keeps_messages_queued(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    invoice = await watched.issued()
    assert invoice.paykeeper_id is not None
    await watched.notify(paykeeper.mark_paid(invoice.paykeeper_id))
    # One more 502 than the session retries: Telegram is down for this whole round.
    watched.chat.telegram.fail_next(
        "sendMessage", 502, description="Bad Gateway", times=RetryTransient().retries + 1
    )

    assert not await watched.chat.services.outbox.deliver_pending()
    [alert] = await watched.deliver()  # the next round, when Telegram is back
    assert "Счёт оплачен" in (alert.text or "")


async def test_nobody_outside_the_access_lists_gets_alerts(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    former = User(id=7777, first_name="Бывший")
    invoice = await watched.issued(user=former)
    assert invoice.paykeeper_id is not None
    assert (await watched.notify(paykeeper.mark_paid(invoice.paykeeper_id)))[0] == 200
    assert (await watched.invoice(invoice.id)).status is InvoiceStatus.PAID
    assert await watched.deliver(former) == []


# --- /healthz ---------------------------------------------------------------------------


async def test_healthz_reports_each_part(watched: Watched, paykeeper: FakePayKeeper) -> None:
    async with watched.http.get(watched.url + "/healthz") as response:
        assert response.status == 200
        assert await response.json() == {
            "ok": True,
            "bot": True,
            "database": True,
            "paykeeper": True,
        }


async def test_healthz_says_when_paykeeper_is_unreachable(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    health = HealthCheck(chat.bot.get_me, chat.services.database, chat.services.paykeeper)
    paykeeper.fail_next("/info/settings/token/", "html")  # its login page: refused
    assert await health.check() == {"bot": True, "database": True, "paykeeper": "login refused"}
    # Kept for a few seconds: a burst of probes costs PayKeeper one token request.
    requests = len(paykeeper.requests)
    assert (await health.check())["paykeeper"] == "login refused"
    assert len(paykeeper.requests) == requests

    # Refused in an HTTP 200 answer, as PayKeeper refuses; unreachable is another reason.
    for fault, reason in (("fail:Неверный логин", "login refused"), ("drop", "unreachable")):
        paykeeper.fail_next("/info/settings/token/", fault, times=5)  # past a read's retry
        once = HealthCheck(
            chat.bot.get_me, chat.services.database, chat.services.paykeeper, cache_seconds=0
        )
        assert (await once.check())["paykeeper"] == reason
        paykeeper.clear_faults()

    chat.telegram.fail_next(
        "getMe", 502, description="Bad Gateway", times=RetryTransient().retries + 1
    )
    fresh = HealthCheck(
        chat.bot.get_me, chat.services.database, chat.services.paykeeper, cache_seconds=0
    )
    assert await fresh.check() == {"bot": False, "database": True, "paykeeper": True}


async def test_alerts_speak_the_managers_own_language(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    await watched.chat.say(ENGLISH_MANAGER, "/help")  # the bot learns the user's language
    invoice = await watched.issued(user=ENGLISH_MANAGER)
    assert invoice.paykeeper_id is not None
    status, _ = await watched.notify(paykeeper.mark_paid(invoice.paykeeper_id))
    assert status == 200
    [alert] = await watched.deliver(ENGLISH_MANAGER)
    assert "paid" in (alert.text or "").lower()
    assert "RUB\xa01,500.00" in (alert.text or "")
    assert "Счёт" not in (alert.text or "")
