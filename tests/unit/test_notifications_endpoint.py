"""PayKeeper's payment notifications through the real HTTP endpoint, on a real SQLite file.

Known-answer vectors from paykeeper-api.md; forged key, duplicate, sum or payer mismatch,
unknown order and malformed bodies. Nothing here reaches PayKeeper or Telegram: the status
listener stands in for the alerts."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiogram import Bot

from bot.services.background import BackgroundTasks
from bot.services.health import HealthCheck
from bot.services.payments import PaymentNotifications
from bot.services.tracking import StatusTracker
from bot.web import WebServer, create_web_app
from paykeeper import PayKeeperClient, notification_key
from storage import Database, Delivery, InvoiceRecord, InvoiceRepository, InvoiceStatus, NewInvoice
from tests.unit.test_paykeeper_notifications import VECTORS

SECRET = "s3cr3t"
NOTIFY = "/paykeeper/notify"


class Recorder:
    """A status listener that remembers every change it is told about."""

    def __init__(self) -> None:
        self.changes: list[tuple[int, InvoiceStatus, InvoiceStatus]] = []

    async def invoice_changed(self, invoice: InvoiceRecord, previous: InvoiceStatus) -> None:
        self.changes.append((invoice.id, previous, invoice.status))


@dataclass
class Endpoint:
    url: str
    invoices: InvoiceRepository
    recorder: Recorder
    http: aiohttp.ClientSession

    async def post(self, data: Any, **kwargs: Any) -> tuple[int, str]:
        async with self.http.post(self.url + NOTIFY, data=data, **kwargs) as response:
            return response.status, await response.text()

    async def invoice(self, order_id: str) -> InvoiceRecord:
        invoice = await self.invoices.get_by_order(order_id)
        assert invoice is not None
        return invoice


@pytest.fixture
async def endpoint(tmp_path: Path) -> AsyncIterator[Endpoint]:
    database = await Database.open(tmp_path / "invoices.db")
    invoices = InvoiceRepository(database)
    # Never called here: notifications need no request to PayKeeper.
    paykeeper = PayKeeperClient("http://127.0.0.1:9", "merchant", "pk-password")
    tracker = StatusTracker(invoices, paykeeper)
    recorder = Recorder()
    tracker.listeners.append(recorder)
    bot = Bot("123456:TEST-token")
    app = create_web_app(
        PaymentNotifications(invoices, tracker, SECRET),
        HealthCheck(bot.get_me, database, paykeeper),
        BackgroundTasks(),
        notify_path=NOTIFY,
    )
    server = WebServer(app)
    url = await server.start("127.0.0.1", 0)
    async with aiohttp.ClientSession() as http:
        yield Endpoint(url, invoices, recorder, http)
    await server.stop()
    await bot.session.close()
    await paykeeper.close()
    await database.close()


async def open_invoice(
    invoices: InvoiceRepository,
    order_id: str,
    amount: str,
    client_name: str | None,
    status: InvoiceStatus = InvoiceStatus.CREATED,
) -> InvoiceRecord:
    invoice = await invoices.create(
        NewInvoice(
            order_id=order_id,
            manager_id=2002,
            manager_name="Иван",
            amount=Decimal(amount),
            service_name="Консультация",
            delivery=Delivery.LINK,
            client_name=client_name,
        )
    )
    updated = await invoices.update(
        invoice.id,
        status=status,
        paykeeper_id=f"2026010112000{invoice.id:04d}",
        invoice_url=f"https://pk.example/bill/{invoice.id}/",
    )
    assert updated is not None
    return updated


def signed(
    payment_id: str, amount: str, client_id: str, order_id: str, **extra: str
) -> dict[str, str]:
    key = notification_key(payment_id, amount, client_id, order_id, SECRET)
    form = {"id": payment_id, "sum": amount, "clientid": client_id, "orderid": order_id}
    return form | {"key": key} | extra


def vector_form(vector: tuple[str, ...]) -> dict[str, str]:
    payment_id, amount, client_id, order_id, key, _ = vector
    return {
        "id": payment_id,
        "sum": amount,
        "clientid": client_id,
        "orderid": order_id,
        "key": key,
        "service_name": "Консультация",
        "ps_id": "1",
        "obtain_datetime": "2026-01-01 12:30:00",
    }


@pytest.mark.parametrize("vector", VECTORS, ids=["with-payer", "without-payer"])
async def test_known_answer_vectors_are_acknowledged_and_recorded(
    endpoint: Endpoint, vector: tuple[str, ...]
) -> None:
    payment_id, amount, client_id, order_id, _, reply = vector
    before = await open_invoice(endpoint.invoices, order_id, amount, client_id or None)

    status, body = await endpoint.post(vector_form(vector))

    assert (status, body) == (200, reply)
    invoice = await endpoint.invoice(order_id)
    assert invoice.status is InvoiceStatus.PAID
    assert invoice.payment_id == payment_id
    assert invoice.paid_at is not None
    assert invoice.paid_at.isoformat() == "2026-01-01T12:30:00+03:00"
    paid_events = [e for e in await endpoint.invoices.events(invoice.id) if e.kind == "paid"]
    assert len(paid_events) == 1
    assert payment_id in (paid_events[0].detail or "")
    assert endpoint.recorder.changes == [(before.id, InvoiceStatus.CREATED, InvoiceStatus.PAID)]


async def test_a_repeated_notification_gets_the_same_answer_and_changes_nothing(
    endpoint: Endpoint,
) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    form = vector_form(VECTORS[0])

    first = await endpoint.post(form)
    after_first = await endpoint.invoice("tg-42-1")
    second = await endpoint.post(form)
    third = await endpoint.post(form)

    assert first == second == third == (200, VECTORS[0][5])
    assert await endpoint.invoice("tg-42-1") == after_first
    events = [e.kind for e in await endpoint.invoices.events(after_first.id)]
    assert events.count("paid") == 1
    assert len(endpoint.recorder.changes) == 1


async def test_simultaneous_retries_record_one_payment(endpoint: Endpoint) -> None:
    invoice = await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    form = vector_form(VECTORS[0])

    answers = await asyncio.gather(*(endpoint.post(form) for _ in range(5)))

    assert set(answers) == {(200, VECTORS[0][5])}
    events = [e.kind for e in await endpoint.invoices.events(invoice.id)]
    assert events.count("paid") == 1
    assert len(endpoint.recorder.changes) == 1


async def assert_refused(
    endpoint: Endpoint, form: Any, status: int, order_id: str = "tg-42-1", **kwargs: Any
) -> None:
    before = await endpoint.invoice(order_id)
    events_before = await endpoint.invoices.events(before.id)
    answer_status, body = await endpoint.post(form, **kwargs)
    assert answer_status == status
    assert not body.startswith("OK")
    assert await endpoint.invoice(order_id) == before
    assert await endpoint.invoices.events(before.id) == events_before
    assert endpoint.recorder.changes == []


@pytest.mark.parametrize(
    "forgery",
    [
        {"key": "f208ed35098294d85a8ae0fdb31b8373"},  # one digit off
        {"key": "ключ"},
        {"sum": "1000.00"},  # signed for 100.00
        {"id": "302"},
        {"clientid": "Петров Пётр"},
    ],
)
async def test_a_forged_key_is_refused(
    endpoint: Endpoint, forgery: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    form = vector_form(VECTORS[0]) | forgery
    with caplog.at_level(logging.WARNING):
        await assert_refused(endpoint, form, 403)
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "refused (forged)" in warning.getMessage()
    assert "tg-42-1" in warning.getMessage()
    logged = caplog.text
    assert form["key"] not in logged
    assert SECRET not in logged


async def test_a_notification_signed_with_another_secret_is_refused(endpoint: Endpoint) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    key = notification_key("301", "100.00", "Иванов Иван", "tg-42-1", "other-secret")
    await assert_refused(endpoint, vector_form(VECTORS[0]) | {"key": key}, 403)


async def test_an_unknown_order_is_refused(
    endpoint: Endpoint, caplog: pytest.LogCaptureFixture
) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    form = signed("301", "100.00", "Иванов Иван", "tg-42-999")
    with caplog.at_level(logging.WARNING):
        await assert_refused(endpoint, form, 404)
    assert "unknown order" in caplog.text
    assert form["key"] not in caplog.text


async def test_an_unknown_order_with_a_bad_key_reveals_nothing(endpoint: Endpoint) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    form = signed("301", "100.00", "Иванов Иван", "tg-42-999") | {"key": "0" * 32}
    # The same answer as for a known order with a bad key: no probing for order ids.
    await assert_refused(endpoint, form, 403)


@pytest.mark.parametrize(
    ("amount", "client_id"),
    [
        ("99.99", "Иванов Иван"),  # less than the invoice
        ("1000.00", "Иванов Иван"),
        ("100.00", "Петров Пётр"),  # someone else's name
        ("100.00", ""),
    ],
)
async def test_a_genuine_notification_that_does_not_match_the_invoice_is_refused(
    endpoint: Endpoint, amount: str, client_id: str
) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    await assert_refused(endpoint, signed("301", amount, client_id, "tg-42-1"), 422)


async def test_an_invoice_without_payer_details_accepts_any_payer_name(
    endpoint: Endpoint,
) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", None)
    status, _ = await endpoint.post(signed("301", "100.00", "Сидоров Сидор", "tg-42-1"))
    assert status == 200
    assert (await endpoint.invoice("tg-42-1")).status is InvoiceStatus.PAID


async def test_the_sum_is_compared_as_a_number(endpoint: Endpoint) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    status, body = await endpoint.post(signed("301", "100", "Иванов Иван", "tg-42-1"))
    assert (status, body) == (200, VECTORS[0][5])
    assert (await endpoint.invoice("tg-42-1")).status is InvoiceStatus.PAID


@pytest.mark.parametrize(
    ("form", "kwargs"),
    [
        ({}, {}),
        ({"id": "301", "sum": "100.00", "orderid": "tg-42-1"}, {}),  # no key
        (signed("", "100.00", "Иванов Иван", "tg-42-1"), {}),  # no payment id
        (signed("301", "сто", "Иванов Иван", "tg-42-1"), {}),  # signed, but not an amount
        (signed("301", "NaN", "Иванов Иван", "tg-42-1"), {}),
        ('{"id": "301", "sum": "100.00"}', {"headers": {"Content-Type": "application/json"}}),
        (b"\xff\xfe\x00garbage", {"headers": {"Content-Type": "text/plain"}}),
        (
            # The same signed field twice: which value would count?
            [*vector_form(VECTORS[0]).items(), ("sum", "1.00")],
            {},
        ),
    ],
    ids=[
        "empty",
        "no-key",
        "no-id",
        "sum-not-a-number",
        "sum-nan",
        "json",
        "binary",
        "repeated-field",
    ],
)
async def test_a_malformed_body_is_refused(
    endpoint: Endpoint, form: Any, kwargs: dict[str, Any]
) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    await assert_refused(endpoint, form, 400, **kwargs)


async def test_bytes_that_are_not_utf8_are_refused(endpoint: Endpoint) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    body = (
        b"id=301&sum=100.00&clientid=%FF%FE&orderid=tg-42-1&key=f208ed35098294d85a8ae0fdb31b8372"
    )
    before = await endpoint.invoice("tg-42-1")
    status, _ = await endpoint.post(
        body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    # PayKeeper signs UTF-8 text; whatever aiohttp makes of these bytes cannot match a key.
    assert status in (400, 403)
    assert await endpoint.invoice("tg-42-1") == before


async def test_an_oversized_body_is_refused(endpoint: Endpoint) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    form = vector_form(VECTORS[0]) | {"service_name": "x" * 100_000}
    status, _ = await endpoint.post(form)
    assert status in (400, 413)
    assert (await endpoint.invoice("tg-42-1")).status is InvoiceStatus.CREATED


async def test_only_post_is_accepted(endpoint: Endpoint) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    async with endpoint.http.get(endpoint.url + NOTIFY, params=vector_form(VECTORS[0])) as answer:
        assert answer.status == 405
    assert (await endpoint.invoice("tg-42-1")).status is InvoiceStatus.CREATED


@pytest.mark.parametrize("status", [InvoiceStatus.EXPIRED, InvoiceStatus.REQUESTED])
async def test_money_on_an_invoice_we_thought_dead_is_still_recorded(
    endpoint: Endpoint, status: InvoiceStatus
) -> None:
    await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван", status)
    answer = await endpoint.post(vector_form(VECTORS[0]))
    assert answer == (200, VECTORS[0][5])
    assert (await endpoint.invoice("tg-42-1")).status is InvoiceStatus.PAID


async def test_a_second_payment_for_a_paid_invoice_is_acknowledged_and_kept_on_record(
    endpoint: Endpoint,
) -> None:
    invoice = await open_invoice(endpoint.invoices, "tg-42-1", "100.00", "Иванов Иван")
    await endpoint.post(vector_form(VECTORS[0]))
    other = signed("302", "100.00", "Иванов Иван", "tg-42-1")

    first = await endpoint.post(other)
    again = await endpoint.post(other)

    assert first == again
    assert first[0] == 200
    assert first[1].startswith("OK ")
    assert first[1] != VECTORS[0][5]  # acknowledges payment 302, not 301
    paid = await endpoint.invoice("tg-42-1")
    assert paid.payment_id == "301"
    events = await endpoint.invoices.events(invoice.id)
    assert [(e.kind, e.detail) for e in events if e.kind == "paid_again"] == [
        ("paid_again", "302")
    ]
    assert len(endpoint.recorder.changes) == 1
