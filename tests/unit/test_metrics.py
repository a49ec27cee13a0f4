"""GET /metrics and /livez on the bot's HTTP server, on a real SQLite file and the PayKeeper
stand-in: the bearer token, and the figures a monitor reads moving with what happened."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest
from aiogram import Bot
from prometheus_client.parser import text_string_to_metric_families

from bot.form_summary import FORM_STATES
from bot.metrics import MetricsPage, record_paykeeper_request
from bot.services.background import BackgroundTasks
from bot.services.health import HealthCheck
from bot.services.payments import PaymentNotifications
from bot.services.tracking import StatusTracker
from bot.web import WebServer, create_web_app
from paykeeper import InvoiceRequest, PayKeeperClient, PayKeeperUnavailable
from storage import (
    Database,
    Delivery,
    EventKind,
    InvoiceRecord,
    InvoiceRepository,
    InvoiceStatus,
    NewInvoice,
)
from storage.ledger import LedgerRepository, MovementKind, NewMovement, Source
from storage.notices import NoticeRepository
from storage.refund_book import RefundBook, RefundRecord
from tests.fakes.paykeeper import FakePayKeeper

TOKEN = "metrics-Token-42"


@dataclass
class Server:
    url: str
    database: Database
    invoices: InvoiceRepository
    http: aiohttp.ClientSession

    async def scrape(self, token: str | None = TOKEN) -> dict[tuple[str, tuple[str, ...]], float]:
        """Every sample as {(name, label values in the order of the labels' names): value}."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with self.http.get(self.url + "/metrics", headers=headers) as response:
            assert response.status == 200, await response.text()
            assert response.content_type == "text/plain"
            text = await response.text()
        return {
            (sample.name, tuple(v for _, v in sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    database = await Database.open(tmp_path / "invoices.db")
    invoices = InvoiceRepository(database)
    # Nothing here may reach Telegram or PayKeeper: a closed port for each.
    paykeeper = PayKeeperClient("http://127.0.0.1:9", "merchant", "pk-password")
    bot = Bot("123456:TEST-token")
    app = create_web_app(
        PaymentNotifications(invoices, StatusTracker(invoices, paykeeper), "secret"),
        HealthCheck(bot.get_me, database, paykeeper),
        BackgroundTasks(),
        notify_path="/paykeeper/notify",
        metrics=MetricsPage(database, form_states=FORM_STATES),
        metrics_token=TOKEN,
    )
    web = WebServer(app)
    url = await web.start("127.0.0.1", 0)
    async with aiohttp.ClientSession() as http:
        yield Server(url, database, invoices, http)
    await web.stop()
    await bot.session.close()
    await paykeeper.close()
    await database.close()


async def test_livez_answers_without_asking_anyone(server: Server) -> None:
    # PayKeeper and Telegram are unreachable here; /healthz would say 503 after trying both.
    async with server.http.get(server.url + "/livez") as response:
        assert response.status == 200
        assert await response.json() == {"ok": True}


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
async def test_metrics_want_the_bearer_token(server: Server, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    async with server.http.get(server.url + "/metrics", headers=headers) as response:
        assert response.status == 401
        assert "invoicebot" not in await response.text()


async def test_invoice_payment_and_outbox_figures_follow_the_database(server: Server) -> None:
    before = await server.scrape()
    invoices = server.invoices
    made = []
    for n, amount in enumerate(["1500.50", "700"]):
        invoice = await invoices.create(
            NewInvoice(
                order_id=f"tg2002-{n}",
                manager_id=2002,
                manager_name="Иван",
                amount=Decimal(amount),
                service_name="Аудит",
                delivery=Delivery.LINK,
            )
        )
        made.append(invoice)
    # What the issuer records: one created and e-mailed, one without a clean answer.
    await invoices.update(made[0].id, status=InvoiceStatus.CREATED, event=EventKind.CREATED)
    await invoices.update(made[0].id, status=InvoiceStatus.SENT, event=EventKind.EMAILED)
    await invoices.update(made[1].id, error="timeout", event=EventKind.NO_ANSWER)
    await invoices.update(
        made[0].id,
        status=InvoiceStatus.PAID,
        event=EventKind.PAID,
        only_from=(InvoiceStatus.SENT,),
    )
    await pay(server, made[0], "700100")
    await NoticeRepository(server.database).add("paid:1", 2002, "Оплачен")

    after = await server.scrape()

    def moved(name: str, *labels: str) -> float:
        return after[(name, labels)] - before.get((name, labels), 0.0)

    assert moved("invoicebot_invoices_total", "created") == 1
    assert moved("invoicebot_invoices_total", "emailed") == 1
    assert moved("invoicebot_invoices_total", "uncertain") == 1
    assert moved("invoicebot_invoices_total", "failed") == 0
    assert moved("invoicebot_payments_total") == 1
    assert moved("invoicebot_payments_amount_rubles_total") == pytest.approx(1500.50)
    assert after[("invoicebot_outbox_pending", ())] == 1
    assert after[("invoicebot_outbox_oldest_age_seconds", ())] >= 0
    assert ("process_resident_memory_bytes", ()) in after  # the process collector


async def pay(server: Server, invoice: InvoiceRecord, payment_id: str) -> None:
    """The payment as the tracker books it in the ledger."""
    ledger = LedgerRepository(server.database)
    now = datetime.now(UTC)
    movement = NewMovement(
        invoice.id, MovementKind.PAYMENT, invoice.amount, payment_id, now, Source.NOTIFICATION
    )
    assert await ledger.record(movement)


async def test_money_figures_are_the_ledgers_and_a_cabinet_refund_moves_them(
    server: Server,
) -> None:
    invoice = await server.invoices.create(
        NewInvoice(
            order_id="tg2002-r",
            manager_id=2002,
            manager_name="Иван",
            amount=Decimal("1000"),
            service_name="Аудит",
            delivery=Delivery.LINK,
        )
    )
    await server.invoices.update(invoice.id, status=InvoiceStatus.PAID, event=EventKind.PAID)
    await pay(server, invoice, "700200")
    await pay(server, invoice, "700201")  # paid twice: both are money received
    before = await server.scrape()
    assert before[("invoicebot_payments_total", ())] == 2
    assert before[("invoicebot_payments_amount_rubles_total", ())] == pytest.approx(2000)
    assert before[("invoicebot_refunds_total", ())] == 0

    # PayKeeper's records show a refund made in the cabinet: the ledger books it.
    moved = datetime.now(UTC)
    record = RefundRecord("900300", Decimal("400"), True, False, moved)
    booked = await RefundBook(server.database).book(invoice.id, "700200", [record])
    assert len(booked.learned) == 1

    after = await server.scrape()
    assert after[("invoicebot_payments_amount_rubles_total", ())] == pytest.approx(2000)
    assert after[("invoicebot_refunds_total", ())] == 1
    assert after[("invoicebot_refunds_amount_rubles_total", ())] == pytest.approx(400)


async def test_outbox_age_is_that_of_the_oldest_message(server: Server) -> None:
    notices = NoticeRepository(server.database)
    await notices.add("digest:1", 2002, "Вчера")
    old = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    await server.database.execute_write("UPDATE notices SET created_at = ?", (old,))
    figures = await server.scrape()
    assert 7200 <= figures[("invoicebot_outbox_oldest_age_seconds", ())] < 7200 + 600


async def test_paykeeper_requests_are_timed_and_errors_counted_by_endpoint() -> None:
    def samples() -> dict[tuple[str, tuple[str, ...]], float]:
        from prometheus_client import REGISTRY

        return {
            (sample.name, tuple(sample.labels.values())): sample.value
            for family in REGISTRY.collect()
            for sample in family.samples
            if sample.name.startswith("invoicebot_paykeeper")
        }

    preview = "/change/invoice/preview/"
    before = samples()
    async with FakePayKeeper(user="merchant", password="pk-pass") as fake:
        client = PayKeeperClient(
            fake.url, "merchant", "pk-pass", timeout=5, observer=record_paykeeper_request
        )
        async with client:
            request = InvoiceRequest(amount=Decimal("100"), order_id="tg-m-1", service_name="X")
            await client.create_invoice(request)
            fake.fail_next(preview, "500-after")
            with pytest.raises(PayKeeperUnavailable):
                await client.create_invoice(request.model_copy(update={"order_id": "tg-m-2"}))
    after = samples()

    def moved(name: str, *labels: str) -> float:
        return after.get((name, labels), 0.0) - before.get((name, labels), 0.0)

    assert moved("invoicebot_paykeeper_request_duration_seconds_count", preview) == 2
    assert (
        moved("invoicebot_paykeeper_request_duration_seconds_count", "/info/settings/token/") == 1
    )
    assert moved("invoicebot_paykeeper_errors_total", preview, "server_error") == 1
    assert moved("invoicebot_paykeeper_errors_total", "/info/settings/token/", "server_error") == 0
