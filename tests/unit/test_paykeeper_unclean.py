"""Answers that are not clean: a request that changes something and got anything but a clean,
understood answer may have been carried out, so it is never reported as refused or as wrong
credentials (a retry after that billed the payer twice). Only the token request, or a read,
can tell wrong credentials from a wrong URL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from aiohttp import web

from paykeeper import (
    InvoiceRequest,
    PayKeeperAuthError,
    PayKeeperClient,
    PayKeeperRejected,
    PayKeeperUnavailable,
)
from paykeeper.client import JsonShape, read_json
from tests.fakes.paykeeper import FakePayKeeper

USER = "manager"
PASSWORD = "pa55-S3CRET-word"
PREVIEW = "/change/invoice/preview/"
SEND = "/change/invoice/send/"
REVOKE = "/change/invoice/revoke/"

# fault -> the reason the client gives; every one of them leaves the invoice made in PayKeeper.
PROCESSED_THEN_UNCLEAN = {
    "truncated-after": "unreadable",
    "html-after": "unreadable",
    "500-after": "server_error",
    "shape-after": "unexpected",
    "fail-after-warning": "unreadable",
}


@pytest.fixture
async def fake() -> AsyncIterator[FakePayKeeper]:
    server = FakePayKeeper(USER, PASSWORD)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def client(fake: FakePayKeeper) -> AsyncIterator[PayKeeperClient]:
    async with PayKeeperClient(fake.url, USER, PASSWORD, timeout=30) as pk:
        yield pk


def order(n: int = 1) -> InvoiceRequest:
    return InvoiceRequest(
        amount=Decimal("1500"), order_id=f"tg-42-{n}", client_email="payer@example.com"
    )


@pytest.mark.parametrize(("fault", "reason"), PROCESSED_THEN_UNCLEAN.items())
async def test_an_unclean_answer_to_a_preview_means_it_may_exist(
    fake: FakePayKeeper, client: PayKeeperClient, fault: str, reason: str
) -> None:
    await client.check()
    fake.fail_next(PREVIEW, fault)

    with pytest.raises(PayKeeperUnavailable) as caught:
        await client.create_invoice(order())

    assert caught.value.maybe_processed is True
    assert caught.value.reason == reason
    assert len(fake.invoices) == 1  # it was made, and was asked for once
    assert [r.path for r in fake.requests].count(PREVIEW) == 1


async def test_a_php_warning_before_the_json_is_read_through(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    fake.fail_next(PREVIEW, "warning-after")

    created = await client.create_invoice(order())

    [invoice_id] = fake.invoices
    assert created.invoice_id == invoice_id
    assert created.invoice_url == f"{fake.url}/bill/{invoice_id}/"


@pytest.mark.parametrize("fault", ["html", "303", "html-after"])
async def test_a_login_page_in_answer_to_a_preview_is_not_an_auth_error(
    fake: FakePayKeeper, client: PayKeeperClient, fault: str
) -> None:
    # The token request just proved the credentials; this answer proves nothing.
    await client.check()
    fake.fail_next(PREVIEW, fault)
    with pytest.raises(PayKeeperUnavailable) as caught:
        await client.create_invoice(order())
    assert caught.value.maybe_processed is True


@pytest.mark.parametrize("path", [SEND, REVOKE])
@pytest.mark.parametrize("fault", sorted(PROCESSED_THEN_UNCLEAN))
async def test_unclean_answers_to_send_and_revoke_may_have_been_done(
    fake: FakePayKeeper, client: PayKeeperClient, path: str, fault: str
) -> None:
    created = await client.create_invoice(order())
    fake.fail_next(path, fault)
    call = client.send_invoice if path == SEND else client.revoke_invoice

    with pytest.raises(PayKeeperUnavailable) as caught:
        await call(created.invoice_id)

    assert caught.value.maybe_processed is True
    done = fake.sent == [created.invoice_id] or fake.invoices[created.invoice_id]["status"] == (
        "revoked"
    )
    assert done  # PayKeeper did it, whatever its answer looked like


async def test_a_clean_refusal_is_still_a_refusal(
    fake: FakePayKeeper, client: PayKeeperClient
) -> None:
    fake.fail_next(PREVIEW, "fail:Превышен лимит суммы")
    with pytest.raises(PayKeeperRejected, match="Превышен лимит"):
        await client.create_invoice(order())
    assert fake.invoices == {}


async def test_wrong_password_on_the_token_request_names_the_credentials(
    fake: FakePayKeeper,
) -> None:
    for html_on_bad_auth in (False, True):  # a 401, or PayKeeper's login page
        fake.html_on_bad_auth = html_on_bad_auth
        async with PayKeeperClient(fake.url, USER, "wrong") as pk:
            with pytest.raises(PayKeeperAuthError) as caught:
                await pk.create_invoice(order())
        assert caught.value.cause == "credentials"
    assert all(r.path == "/info/settings/token/" for r in fake.requests)  # no preview sent


async def test_a_wrong_url_on_the_token_request_names_the_url(fake: FakePayKeeper) -> None:
    async with PayKeeperClient(fake.url + "/cabinet", USER, PASSWORD) as pk:
        with pytest.raises(PayKeeperAuthError) as caught:
            await pk.create_invoice(order())
    assert caught.value.cause == "url"


async def test_a_site_that_is_not_paykeeper_is_a_wrong_url() -> None:
    async def page(_: web.Request) -> web.Response:
        return web.Response(text="<html><body>Наш сайт</body></html>", content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", page)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with PayKeeperClient(f"http://127.0.0.1:{port}", USER, PASSWORD) as pk:
            with pytest.raises(PayKeeperAuthError) as caught:
                await pk.check()
        assert caught.value.cause == "url"
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    ("body", "shape", "value"),
    [
        (b'{"token": "abc"}', JsonShape.CLEAN, {"token": "abc"}),
        (
            b'<br />\n<b>Notice</b>: x<br />\n{"token": "abc"}\n',
            JsonShape.SALVAGED,
            {"token": "abc"},
        ),
        (b"Deprecated: {curly} in x.php\n[1, 2]", JsonShape.SALVAGED, [1, 2]),
        # JSON inside a page, not at its end, is not PayKeeper's answer.
        (b'<html><script>var a = {"token": "x"};</script></html>', JsonShape.NONE, None),
        (b'{"invoice_id": "1", "invoice_url": "http', JsonShape.NONE, None),
        (b"\xff\xfe\x00", JsonShape.NONE, None),
        (b"", JsonShape.NONE, None),
    ],
)
def test_read_json_takes_json_only_where_it_is_unambiguous(
    body: bytes, shape: JsonShape, value: object
) -> None:
    assert read_json(body) == (value, shape)
