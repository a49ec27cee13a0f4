"""PayKeeperClient against the fake PayKeeper on 127.0.0.1 (no mocks), plus its helpers."""

from __future__ import annotations

import asyncio
import base64
import logging
import socket
import traceback
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from paykeeper import (
    MSK,
    CreatedInvoice,
    Invoice,
    InvoiceRequest,
    PayKeeperAuthError,
    PayKeeperClient,
    PayKeeperError,
    PayKeeperRejected,
    PayKeeperUnavailable,
    Payment,
    format_msk,
    parse_msk,
)
from tests.fakes.paykeeper import NOT_FOUND, PAST_EXPIRY, TOKEN_ERROR, FakePayKeeper

USER = "manager"
PASSWORD = "pa55-S3CRET-word"
PREVIEW = "/change/invoice/preview/"
TOKEN = "/info/settings/token/"
TRICKY_NAME = "Аудит & консалтинг = 100%"


@pytest.fixture
async def fake() -> AsyncIterator[FakePayKeeper]:
    server = FakePayKeeper(USER, PASSWORD)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def client(fake: FakePayKeeper) -> AsyncIterator[PayKeeperClient]:
    async with PayKeeperClient(fake.url, USER, PASSWORD, timeout=1.0) as pk:
        yield pk


def order(n: int | str = 1) -> InvoiceRequest:
    return InvoiceRequest(amount=Decimal("1500"), order_id=f"tg-42-{n}")


def previews(fake: FakePayKeeper) -> list[Any]:
    return [r for r in fake.requests if r.path == PREVIEW]


def msk_today() -> date:
    return datetime.now(MSK).date()


# -- moscow ---------------------------------------------------------------------------------


def test_format_msk_converts_utc_and_other_zones() -> None:
    assert format_msk(datetime(2026, 12, 31, 21, 30, tzinfo=UTC)) == "2027-01-01 00:30:00"
    vladivostok = timezone(timedelta(hours=10))
    assert format_msk(datetime(2026, 6, 1, 10, 0, 5, tzinfo=vladivostok)) == "2026-06-01 03:00:05"


def test_format_msk_refuses_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_msk(datetime(2026, 1, 1, 12, 0))  # noqa: DTZ001 - the point of the test


def test_parse_msk_full_and_date_only() -> None:
    assert parse_msk("2026-03-08 09:15:00") == datetime(2026, 3, 8, 6, 15, tzinfo=UTC)
    midnight = parse_msk("2026-12-31")
    assert midnight == datetime(2026, 12, 31, tzinfo=MSK)
    assert midnight.utcoffset() == timedelta(hours=3)


@pytest.mark.parametrize("text", ["", "31.12.2026", "2026-13-01 00:00:00", "0000-00-00 00:00:00"])
def test_parse_msk_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="PayKeeper date"):
        parse_msk(text)


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
        max_value=datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from([UTC, MSK, timezone(timedelta(hours=-5, minutes=-30))]),
    )
)
def test_msk_round_trip(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    assert parse_msk(format_msk(moment)) == moment


# -- models ---------------------------------------------------------------------------------


def test_invoice_tolerates_php_quirks() -> None:
    invoice = Invoice.model_validate(
        {
            "id": 20260101120000123,
            "user_id": "7",
            "status": "created",
            "pay_amount": 0.1,
            "clientid": "",
            "orderid": "tg-1",
            "paymentid": None,
            "client_email": "  ",
            "expiry_datetime": "0000-00-00 00:00:00",
            "created_datetime": "2026-01-01 12:00:00",
            "paid_datetime": "",
            "unexpected": {"nested": True},
        }
    )
    assert invoice.id == "20260101120000123"
    assert invoice.pay_amount == Decimal("0.1")
    assert invoice.clientid is None
    assert invoice.client_email is None
    assert invoice.service_name is None  # missing field
    assert invoice.expiry_datetime is None
    assert invoice.paid_datetime is None
    assert invoice.created_datetime == datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    assert invoice.created_datetime.utcoffset() == timedelta(hours=3)


@pytest.mark.parametrize(
    ("status", "taken"),
    [("success", True), ("obtained", True), ("stuck", True), ("pending", False), ("", False)],
)
def test_payment_money_taken(status: str, taken: bool) -> None:
    payment = Payment.model_validate(
        {"id": 301, "pay_amount": "100.00", "refund_amount": "", "status": status}
    )
    assert payment.id == "301"
    assert payment.refund_amount is None
    assert payment.money_taken is taken


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": 1500.0},
        {"amount": Decimal("0")},
        {"amount": Decimal("-5")},
        {"amount": Decimal("10.005")},
        {"amount": Decimal("NaN")},
        {"order_id": ""},
        {"expiry": datetime(2030, 1, 1)},  # noqa: DTZ001 - naive on purpose
    ],
)
def test_invoice_request_rejects_bad_values(changes: dict[str, Any]) -> None:
    fields: dict[str, Any] = {"amount": Decimal("1"), "order_id": "tg-1"} | changes
    with pytest.raises(ValidationError):
        InvoiceRequest(**fields)


def test_invoice_request_accepts_text_amount() -> None:
    assert InvoiceRequest(amount="1500.5", order_id="x").amount == Decimal("1500.5")


def test_constructor_validates_url_and_hides_password() -> None:
    with pytest.raises(ValueError, match="URL"):
        PayKeeperClient("demo.paykeeper.ru", USER, PASSWORD)
    with pytest.raises(ValueError, match="credentials"):
        PayKeeperClient(f"https://{USER}:{PASSWORD}@demo.paykeeper.ru", USER, PASSWORD)
    pk = PayKeeperClient("https://demo.paykeeper.ru/", USER, PASSWORD)
    assert pk.base_url == "https://demo.paykeeper.ru"
    assert PASSWORD not in repr(pk)
    assert PASSWORD not in str(vars(pk))


# -- creating invoices ----------------------------------------------------------------------


async def test_create_invoice_sends_form_with_token_and_amount(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    created = await client.create_invoice(order(7))

    assert isinstance(created, CreatedInvoice)
    assert len(created.invoice_id) == 17
    assert created.invoice_id.isdigit()
    assert created.invoice_url == f"{fake.url}/bill/{created.invoice_id}/"
    (request,) = previews(fake)
    assert request.content_type == "application/x-www-form-urlencoded"
    # None fields are omitted, not sent empty.
    assert request.form == {"pay_amount": "1500.00", "orderid": "tg-42-7", "token": fake.token}
    stored = fake.invoices[created.invoice_id]
    assert stored["status"] == "created"
    assert stored["pay_amount"] == "1500.00"


@pytest.mark.parametrize(
    ("amount", "sent"),
    [(Decimal("1500"), "1500.00"), (Decimal("1500.5"), "1500.50"), (Decimal("1E+3"), "1000.00")],
)
async def test_amount_sent_with_two_places(
    fake: FakePayKeeper, client: PayKeeperClient, amount: Decimal, sent: str
) -> None:
    await client.create_invoice(InvoiceRequest(amount=amount, order_id="tg-1"))
    assert previews(fake)[0].form["pay_amount"] == sent


async def test_special_characters_arrive_intact(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    request = InvoiceRequest(
        amount=Decimal("990.00"),
        order_id="tg-1&orderid=evil",
        client_id="ООО «Ромашка» + партнёры",
        service_name=TRICKY_NAME,
        client_email="почта@пример.рф",
        client_phone="+7 (900) 123-45-67",
    )
    created = await client.create_invoice(request)

    stored = fake.invoices[created.invoice_id]
    assert stored["service_name"] == TRICKY_NAME
    assert stored["orderid"] == "tg-1&orderid=evil"
    assert stored["clientid"] == "ООО «Ромашка» + партнёры"
    assert stored["client_email"] == "почта@пример.рф"
    assert stored["client_phone"] == "+7 (900) 123-45-67"
    body = previews(fake)[0].body
    assert body.isascii()
    assert b"%26" in body
    assert b"%25" in body
    assert b"%3D" in body
    invoice = await client.get_invoice(created.invoice_id)
    assert invoice.service_name == TRICKY_NAME  # and back through PHP-style \u escapes


async def test_expiry_sent_in_moscow_time(fake: FakePayKeeper, client: PayKeeperClient) -> None:
    expiry = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    created = await client.create_invoice(
        InvoiceRequest(amount=Decimal("10"), order_id="tg-1", expiry=expiry)
    )

    expected = (expiry + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M:%S")
    assert previews(fake)[0].form["expiry"] == expected
    assert fake.invoices[created.invoice_id]["expiry_datetime"] == expected
    invoice = await client.get_invoice(created.invoice_id)
    assert invoice.expiry_datetime == expiry


async def test_past_expiry_is_rejected_with_paykeepers_message(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    expiry = datetime.now(UTC) - timedelta(minutes=1)
    with pytest.raises(PayKeeperRejected) as caught:
        await client.create_invoice(
            InvoiceRequest(amount=Decimal("10"), order_id="tg-1", expiry=expiry)
        )
    assert caught.value.message == PAST_EXPIRY
    assert fake.invoices == {}


async def test_basic_auth_on_every_request_over_one_connection(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    request = order().model_copy(update={"client_email": "a@example.com"})
    created = await client.create_invoice(request)
    await client.send_invoice(created.invoice_id)
    await client.get_invoice(created.invoice_id)
    await client.list_invoices(msk_today(), msk_today())
    await client.get_payment("1")
    await client.revoke_invoice(created.invoice_id)
    await client.check()

    paths = [r.path for r in fake.requests]
    assert paths == [
        TOKEN,
        PREVIEW,
        "/change/invoice/send/",
        "/info/invoice/byid/",
        "/info/invoice/list/",
        "/info/payments/byid/",
        "/change/invoice/revoke/",
        TOKEN,
    ]
    assert all(r.authorized for r in fake.requests)
    # One session, keep-alive: sequential requests share a single TCP connection.
    assert len({r.peer_port for r in fake.requests}) == 1


# -- token ----------------------------------------------------------------------------------


async def test_one_token_for_many_concurrent_invoices(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    created = await asyncio.gather(*(client.create_invoice(order(n)) for n in range(50)))

    assert fake.token_requests == 1
    assert client.token_requests == 1
    assert len({c.invoice_id for c in created}) == 50
    assert {r.form["token"] for r in previews(fake)} == {fake.token}


async def test_rotated_token_is_refreshed_once_for_concurrent_requests(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    await client.create_invoice(order(0))
    old_token = fake.token
    fake.rotate_token()

    created = await asyncio.gather(*(client.create_invoice(order(n)) for n in range(1, 21)))

    assert len(created) == 20
    assert fake.token_requests == 2
    assert client.token_requests == 2
    batch = previews(fake)[1:]
    assert sum(r.form["token"] == old_token for r in batch) == 20  # each rejected once...
    assert sum(r.form["token"] == fake.token for r in batch) == 20  # ...and retried once
    assert len(fake.invoices) == 21


@pytest.mark.parametrize(
    ("message", "code"),
    [(TOKEN_ERROR, None), ("Токен безопасности не верен", None), ("Ошибка токена", 67)],
)
async def test_token_rejection_recognised_by_message_or_code(
    fake: FakePayKeeper, client: PayKeeperClient, message: str, code: int | None
) -> None:
    fake.fail_next(PREVIEW, f"fail:{message}", error_code=code)

    created = await client.create_invoice(order())

    assert list(fake.invoices) == [created.invoice_id]
    assert fake.token_requests == 2
    assert len(previews(fake)) == 2


async def test_legacy_server_token_error_without_code(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    fake.legacy_token_error = True
    await client.create_invoice(order(1))
    fake.rotate_token()
    await client.create_invoice(order(2))
    assert fake.token_requests == 2
    assert len(fake.invoices) == 2


async def test_token_rejected_twice_gives_up_after_one_retry(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    fake.fail_next(PREVIEW, f"fail:{TOKEN_ERROR}", times=2, error_code=67)

    with pytest.raises(PayKeeperRejected) as caught:
        await client.create_invoice(order())

    assert caught.value.error_code == 67
    assert caught.value.message == TOKEN_ERROR
    assert len(previews(fake)) == 2
    assert fake.token_requests == 2
    assert fake.invoices == {}


async def test_token_fetch_failure_means_preview_never_sent(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    fake.fail_next(TOKEN, "500")
    with pytest.raises(PayKeeperUnavailable) as caught:
        await client.create_invoice(order())
    assert caught.value.maybe_processed is False
    assert previews(fake) == []
    # The failed fetch cached nothing: the next call fetches again and succeeds.
    await client.create_invoice(order())
    assert client.token_requests == 2
    assert [r.path for r in fake.requests] == [TOKEN, TOKEN, PREVIEW]


async def test_check_fetches_a_token(fake: FakePayKeeper, client: PayKeeperClient) -> None:
    await client.check()
    await client.create_invoice(order())
    assert fake.token_requests == 1
    await client.check()  # a health check always asks PayKeeper
    assert fake.token_requests == 2


# -- errors ---------------------------------------------------------------------------------


async def test_fail_carries_paykeepers_message_and_code(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    fake.fail_next(PREVIEW, "fail:Неверно указан e-mail клиента")
    fake.fail_next("/info/invoice/", "fail:Доступ запрещён", error_code=12)

    with pytest.raises(PayKeeperRejected) as rejected:
        await client.create_invoice(order())
    with pytest.raises(PayKeeperRejected) as coded:
        await client.get_invoice("20260101000000000")

    assert rejected.value.message == "Неверно указан e-mail клиента"
    assert rejected.value.error_code is None
    assert coded.value.message == "Доступ запрещён"
    assert coded.value.error_code == 12
    assert len(previews(fake)) == 1  # a plain rejection is not retried


@pytest.mark.parametrize("status", [400, 401, 500])
async def test_fail_is_checked_whatever_the_http_status(
    fake: FakePayKeeper, client: PayKeeperClient, status: int
) -> None:
    fake.fail_next(PREVIEW, "fail:Превышен лимит суммы счёта", status=status)
    with pytest.raises(PayKeeperRejected, match="Превышен лимит"):
        await client.create_invoice(order())


async def test_unknown_invoice_is_rejected(fake: FakePayKeeper, client: PayKeeperClient) -> None:
    for call in (client.get_invoice, client.send_invoice, client.revoke_invoice):
        with pytest.raises(PayKeeperRejected) as caught:
            await call("20990101000000000")
        assert caught.value.message == NOT_FOUND


@pytest.mark.parametrize("html_on_bad_auth", [False, True])
async def test_wrong_password_is_an_auth_error(
    fake: FakePayKeeper, html_on_bad_auth: bool
) -> None:
    fake.html_on_bad_auth = html_on_bad_auth
    async with PayKeeperClient(fake.url, USER, "wrong") as pk:
        with pytest.raises(PayKeeperAuthError):
            await pk.check()
        with pytest.raises(PayKeeperAuthError):
            await pk.get_invoice("20260101000000000")
    assert [r.authorized for r in fake.requests] == [False, False]


@pytest.mark.parametrize("fault", ["html", "303"])
async def test_login_page_or_redirect_is_an_auth_error(
    fake: FakePayKeeper, client: PayKeeperClient, fault: str
) -> None:
    fake.fail_next("/info/invoice/byid/", fault)
    with pytest.raises(PayKeeperAuthError):
        await client.get_invoice("20260101000000000")
    assert [r.path for r in fake.requests] == ["/info/invoice/byid/"]  # redirect not followed


async def test_wrong_url_is_an_auth_error(fake: FakePayKeeper) -> None:
    async with PayKeeperClient(fake.url + "/cabinet", USER, PASSWORD) as pk:
        with pytest.raises(PayKeeperAuthError, match="404"):
            await pk.check()


@pytest.mark.parametrize("fault", ["500", "timeout", "drop"])
async def test_preview_is_never_retried_after_a_transport_failure(
    fake: FakePayKeeper, fault: str
) -> None:
    async with PayKeeperClient(fake.url, USER, PASSWORD, timeout=0.3) as pk:
        await pk.check()
        fake.fail_next(PREVIEW, fault)
        with pytest.raises(PayKeeperUnavailable) as caught:
            await pk.create_invoice(order())
    assert caught.value.maybe_processed is True
    assert len(previews(fake)) == 1
    assert fake.invoices == {}


@pytest.mark.parametrize("fault", ["500", "timeout", "drop"])
async def test_get_transport_failures_are_unavailable(fake: FakePayKeeper, fault: str) -> None:
    async with PayKeeperClient(fake.url, USER, PASSWORD, timeout=0.3) as pk:
        # times=2: aiohttp itself retries an idempotent GET once on a dropped connection.
        fake.fail_next("/info/invoice/list/", fault, times=2)
        with pytest.raises(PayKeeperUnavailable):
            await pk.list_invoices(msk_today(), msk_today())
        fake.clear_faults()
        assert await pk.list_invoices(msk_today(), msk_today()) == []


async def test_lost_answer_can_be_reconciled_by_order_id(fake: FakePayKeeper) -> None:
    async with PayKeeperClient(fake.url, USER, PASSWORD, timeout=0.3) as pk:
        fake.fail_next(PREVIEW, "timeout-after")
        with pytest.raises(PayKeeperUnavailable) as caught:
            await pk.create_invoice(order("lost"))
        assert caught.value.maybe_processed is True

        found = await pk.find_invoice_by_order("tg-42-lost", msk_today())

    assert found is not None
    assert list(fake.invoices) == [found.id]
    assert len(previews(fake)) == 1


async def test_connection_refused_surely_not_processed() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with PayKeeperClient(f"http://127.0.0.1:{port}", USER, PASSWORD) as pk:
        with pytest.raises(PayKeeperUnavailable) as caught:
            await pk.create_invoice(order())
    assert caught.value.maybe_processed is False


@pytest.fixture
def unaccepting_port() -> Iterator[int]:
    """A port whose accept queue is full: the SYN is dropped, so connect() hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port: int = server.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    yield port
    for filler in fillers:
        filler.close()
    server.close()


async def test_connect_timeout_is_applied_and_surely_not_processed(unaccepting_port: int) -> None:
    url = f"http://127.0.0.1:{unaccepting_port}"
    async with PayKeeperClient(url, USER, PASSWORD, timeout=30, connect_timeout=0.2) as pk:
        with pytest.raises(PayKeeperUnavailable) as caught:
            await asyncio.wait_for(pk.check(), 10)
    assert caught.value.maybe_processed is False


async def test_secrets_never_leak_into_errors_or_logs(
    fake: FakePayKeeper, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    credentials = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    secrets = [PASSWORD, credentials]
    errors: list[PayKeeperError] = []

    async with PayKeeperClient(fake.url, USER, PASSWORD, timeout=0.3) as pk:
        await pk.check()
        secrets.append(fake.token)
        faults = [("500", 1), ("timeout", 1), ("drop", 1), ("html", 1), (f"fail:{TOKEN_ERROR}", 2)]
        for fault, times in faults:
            fake.fail_next(PREVIEW, fault, times=times, error_code=67)
            with pytest.raises(PayKeeperError) as caught:
                await pk.create_invoice(order())
            errors.append(caught.value)
        secrets.append(fake.token)
    async with PayKeeperClient(fake.url, USER, "bad-" + PASSWORD) as pk:
        with pytest.raises(PayKeeperAuthError) as auth:
            await pk.check()
        errors.append(auth.value)
        secrets.append("bad-" + PASSWORD)

    assert len({type(e) for e in errors}) == 3
    texts = ["".join(traceback.format_exception(e)) + repr(e) for e in errors]
    texts += [record.getMessage() for record in caplog.records]
    for secret in secrets:
        for text in texts:
            assert secret not in text


# -- send, revoke, read ---------------------------------------------------------------------


async def test_send_invoice(fake: FakePayKeeper, client: PayKeeperClient) -> None:
    request = order().model_copy(update={"client_email": "buyer@example.com"})
    created = await client.create_invoice(request)

    await client.send_invoice(created.invoice_id)

    assert fake.sent == [created.invoice_id]
    assert (await client.get_invoice(created.invoice_id)).status == "sent"


async def test_send_without_email_is_rejected(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    created = await client.create_invoice(order())
    with pytest.raises(PayKeeperRejected, match="электронной почты"):
        await client.send_invoice(created.invoice_id)
    assert fake.sent == []


async def test_revoke_unpaid_and_paid(fake: FakePayKeeper, client: PayKeeperClient) -> None:
    unpaid = await client.create_invoice(order(1))
    paid = await client.create_invoice(order(2))
    fake.mark_paid(paid.invoice_id)

    await client.revoke_invoice(unpaid.invoice_id)
    with pytest.raises(PayKeeperRejected, match="оплачен"):
        await client.revoke_invoice(paid.invoice_id)

    assert (await client.get_invoice(unpaid.invoice_id)).status == "revoked"
    assert (await client.get_invoice(paid.invoice_id)).status == "paid"


async def test_get_paid_invoice_and_its_payment(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    request = InvoiceRequest(
        amount=Decimal("1500.50"), order_id="tg-42-1", client_id="Иванов Иван"
    )
    created = await client.create_invoice(request)
    notification = fake.mark_paid(created.invoice_id, payment_id="301")

    invoice = await client.get_invoice(created.invoice_id)
    payment = await client.get_payment("301")

    assert invoice.status == "paid"
    assert invoice.paymentid == "301"
    assert invoice.pay_amount == Decimal("1500.50")
    assert invoice.clientid == "Иванов Иван"
    assert invoice.paid_datetime is not None
    assert invoice.paid_datetime.utcoffset() == timedelta(hours=3)
    assert abs(invoice.paid_datetime - datetime.now(UTC)) < timedelta(minutes=1)
    assert payment is not None
    assert payment.money_taken
    assert payment.pay_amount == Decimal("1500.50")
    assert payment.refund_amount == Decimal("0")
    assert payment.orderid == "tg-42-1"
    assert notification["sum"] == "1500.50"
    assert await client.get_payment("999") is None


async def test_numeric_ids_and_amounts_stay_exact(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    fake.numeric_json = True
    created = await client.create_invoice(
        InvoiceRequest(amount=Decimal("1500.10"), order_id="tg-1")
    )
    fake.mark_paid(created.invoice_id, payment_id="12345")

    invoice = await client.get_invoice(created.invoice_id)
    payment = await client.get_payment("12345")

    assert created.invoice_id in fake.invoices
    assert invoice.id == created.invoice_id
    assert invoice.paymentid == "12345"
    assert invoice.pay_amount == Decimal("1500.10")  # not 1500.0999999...
    assert payment is not None
    assert payment.id == "12345"
    assert payment.pay_amount == Decimal("1500.10")


async def test_expired_invoice(fake: FakePayKeeper, client: PayKeeperClient) -> None:
    created = await client.create_invoice(order())
    fake.expire(created.invoice_id)
    assert (await client.get_invoice(created.invoice_id)).status == "expired"


async def test_list_invoices_filters_dates_and_statuses(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    ids = [(await client.create_invoice(order(n))).invoice_id for n in range(4)]
    fake.mark_paid(ids[1])
    fake.expire(ids[2])
    fake.invoices[ids[3]]["created_datetime"] = "2020-05-01 10:00:00"
    today = msk_today()

    everything = await client.list_invoices(today, today)
    unpaid_or_paid = await client.list_invoices(today, today, ["created", "paid"])
    old = await client.list_invoices(date(2020, 5, 1), date(2020, 5, 1))

    assert [i.id for i in everything] == ids[:3]
    assert [i.id for i in unpaid_or_paid] == ids[:2]
    assert [i.id for i in old] == [ids[3]]
    assert fake.requests[-2].query_items[2:4] == [("status[]", "created"), ("status[]", "paid")]


async def test_list_invoices_pages(fake: FakePayKeeper, client: PayKeeperClient) -> None:
    ids = [(await client.create_invoice(order(n))).invoice_id for n in range(5)]
    today = msk_today()
    first = await client.list_invoices(today, today, offset=0, limit=2)
    last = await client.list_invoices(today, today, offset=4, limit=2)
    assert [i.id for i in first] == ids[:2]
    assert [i.id for i in last] == ids[4:]
    assert fake.requests[-1].query["from"] == "4"
    assert fake.requests[-1].query["limit"] == "2"


async def test_find_invoice_by_order_pages_and_matches_exactly(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    ids = [(await client.create_invoice(order(n))).invoice_id for n in range(1, 12)]
    today = msk_today()

    found = await client.find_invoice_by_order("tg-42-10", today, page_size=3)

    assert found is not None
    assert found.id == ids[9]
    assert found.orderid == "tg-42-10"
    lists = [r for r in fake.requests if r.path == "/info/invoice/list/"]
    assert [r.query["from"] for r in lists] == ["0", "3", "6", "9"]
    assert lists[0].query["start_date"] == today.isoformat()
    assert await client.find_invoice_by_order("tg-42", today, page_size=3) is None


async def test_find_invoice_by_order_respects_start_date(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    created = await client.create_invoice(order("old"))
    fake.invoices[created.invoice_id]["created_datetime"] = "2020-05-01 10:00:00"

    assert await client.find_invoice_by_order("tg-42-old", msk_today()) is None
    found = await client.find_invoice_by_order("tg-42-old", date(2020, 4, 30))
    assert found is not None
    assert found.id == created.invoice_id


async def test_client_reopens_its_session_after_close(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    await client.check()
    await client.close()
    await client.check()
    assert fake.token_requests == 2
