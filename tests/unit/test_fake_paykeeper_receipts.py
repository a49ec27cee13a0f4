"""The PayKeeper stand-in's carts, refunds, cash payments and feature probes (issue 13),
driven through the real client and paykeeper/after_payment.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from decimal import Decimal

import pytest

from paykeeper import MSK, InvoiceRequest, PayKeeperClient, PayKeeperRejected
from paykeeper.after_payment import (
    ServerFeatures,
    accept_cash,
    probe_features,
    refund_payment,
    search_invoices,
)
from paykeeper.cart import CartLine, fit_cart
from paykeeper.cart_wire import encode_cart
from paykeeper.receipt_codes import CartFormat, TaxCode
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.paykeeper_receipts import (
    CART_MISMATCH,
    NO_REFUND_RIGHT,
    NOT_COMPLETED,
    PAYMENT_NOT_FOUND,
    TOO_MUCH,
)


@pytest.fixture
async def fake() -> AsyncIterator[FakePayKeeper]:
    async with FakePayKeeper() as server:
        yield server


@pytest.fixture
async def client(fake: FakePayKeeper) -> AsyncIterator[PayKeeperClient]:
    async with PayKeeperClient(fake.url, fake.user, fake.password) as pk:
        yield pk


def lines() -> list[CartLine]:
    return [
        CartLine.of("Консультация", Decimal("1000"), tax=TaxCode.VAT122),
        CartLine.of("Выезд\nспециалиста", Decimal("166.67"), Decimal(3), tax=TaxCode.VAT10),
    ]


async def issue(client: PayKeeperClient, service_name: str, amount: str, n: int = 1) -> str:
    request = InvoiceRequest(amount=Decimal(amount), order_id=f"o-{n}", service_name=service_name)
    return (await client.create_invoice(request)).invoice_id


@pytest.mark.parametrize("cart_format", list(CartFormat))
async def test_each_cart_format_is_read_back(
    fake: FakePayKeeper, client: PayKeeperClient, cart_format: CartFormat
) -> None:
    fitted = fit_cart(lines(), Decimal("1500.00"))
    invoice_id = await issue(
        client, encode_cart(fitted, cart_format=cart_format, service_name="Услуги"), "1500.00"
    )
    stored = fake.receipts.carts[invoice_id]
    assert [line.name for line in stored] == ["Консультация", "Выезд специалиста"] + (
        ["Выезд специалиста"] if len(fitted) == 3 else []
    )
    assert sum(line.total for line in stored) == Decimal("1500.00")
    assert stored[0].tax is TaxCode.VAT122


async def test_a_cart_that_misses_the_amount_is_refused(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    service = encode_cart(lines(), cart_format=CartFormat.JSON, service_name="Услуги")
    with pytest.raises(PayKeeperRejected) as refused:
        await issue(client, service, "1500.00")  # the lines add up to 1500.01
    assert refused.value.message == CART_MISMATCH
    assert fake.invoices == {}


async def test_a_malformed_cart_is_refused(client: PayKeeperClient) -> None:
    with pytest.raises(PayKeeperRejected, match="корзины"):
        await issue(client, ';PKC|[{"name":"x"}]|', "10.00")


async def test_a_plain_service_name_carries_no_cart(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    invoice_id = await issue(client, "Оплата услуг", "10.00")
    assert invoice_id not in fake.receipts.carts


async def test_partial_then_full_refund_by_payment_id(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    invoice_id = await issue(client, "Оплата услуг", "1500.00")
    payment_id = fake.mark_paid(invoice_id)["id"]
    with pytest.raises(PayKeeperRejected) as wrong_id:
        await refund_payment(client, invoice_id, Decimal("100"))  # the invoice id is wrong here
    assert wrong_id.value.message == PAYMENT_NOT_FOUND
    await refund_payment(client, payment_id, Decimal("500.00"))
    assert fake.payments[payment_id]["status"] == "partially_refunded"
    with pytest.raises(PayKeeperRejected) as too_much:
        await refund_payment(client, payment_id, Decimal("1000.01"))
    assert too_much.value.message == TOO_MUCH
    await refund_payment(client, payment_id, None)
    assert fake.payments[payment_id]["status"] == "refunded"
    assert [(r.amount, r.partial) for r in fake.receipts.refunds] == [
        (Decimal("500.00"), True),
        (Decimal("1000.00"), False),
    ]
    with pytest.raises(PayKeeperRejected) as again:
        await refund_payment(client, payment_id, None)
    assert again.value.message == NOT_COMPLETED


async def test_refund_cart_must_match_the_amount(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    invoice_id = await issue(client, "Оплата услуг", "1000.00")
    payment_id = fake.mark_paid(invoice_id)["id"]
    cart = [CartLine.of("Консультация", Decimal("300"), tax=TaxCode.VAT122)]
    with pytest.raises(PayKeeperRejected) as refused:
        await refund_payment(client, payment_id, Decimal("400.00"), cart)
    assert refused.value.message == CART_MISMATCH
    await refund_payment(client, payment_id, Decimal("300.00"), cart)
    refund = fake.receipts.refunds[-1]
    assert refund.cart is not None
    assert refund.cart[0].total == Decimal("300.00")


async def test_refund_refused_without_the_right(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    invoice_id = await issue(client, "Оплата услуг", "10.00")
    payment_id = fake.mark_paid(invoice_id)["id"]
    fake.receipts.refunds_allowed = False
    with pytest.raises(PayKeeperRejected) as refused:
        await refund_payment(client, payment_id, None)
    assert refused.value.message == NO_REFUND_RIGHT
    assert fake.payments[payment_id]["status"] == "success"


async def test_cash_payment_and_when_the_server_lacks_it(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    invoice_id = await issue(client, "Оплата услуг", "10.00")
    await accept_cash(client, invoice_id)
    assert fake.invoices[invoice_id]["status"] == "paid"
    with pytest.raises(PayKeeperRejected):
        await accept_cash(client, invoice_id)  # already paid
    assert await probe_features(client) == ServerFeatures(search=True, cash=True, refunds=True)
    fake.receipts.cash_supported = False
    fake.receipts.search_supported = False
    fake.receipts.refunds_allowed = False
    assert await probe_features(client) == ServerFeatures(search=False, cash=False, refunds=False)


async def test_search_matches_substrings(fake: FakePayKeeper, client: PayKeeperClient) -> None:
    await issue(client, "Оплата услуг", "10.00", n=12)
    await issue(client, "Оплата услуг", "10.00", n=1)
    today = datetime.now(MSK).date()
    found = await search_invoices(client, "o-1", today.replace(day=1), today.replace(year=2100))
    assert sorted(invoice.orderid or "" for invoice in found) == ["o-1", "o-12"]
