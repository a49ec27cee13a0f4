"""``python -m bot check-paykeeper [--cart]`` against the PayKeeper stand-in (issue 13)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.check_paykeeper import check
from bot.settings import Settings
from paykeeper.cart_wire import CART_MARK
from paykeeper.receipt_codes import CartFormat
from tests.fakes.paykeeper import FakePayKeeper


@pytest.fixture
async def fake() -> AsyncIterator[FakePayKeeper]:
    async with FakePayKeeper() as server:
        yield server


def settings_for(fake: FakePayKeeper, cart_format: CartFormat = CartFormat.JSON) -> Settings:
    return Settings(
        _env_file=None,
        bot_token="123:abc",
        paykeeper_url=fake.url,
        paykeeper_user=fake.user,
        paykeeper_password=fake.password,
        paykeeper_cart_format=cart_format,
    )


async def test_says_what_it_will_do_then_reports_the_server(fake: FakePayKeeper) -> None:
    said: list[str] = []
    code = await check(settings_for(fake), cart=False, say=said.append)
    assert code == 0
    assert said[0].startswith(f"Checking PayKeeper at {fake.url}")
    assert "✓ token" in "\n".join(said)
    assert "  cash payments (accept-cash): yes" in said
    assert fake.invoices == {}  # nothing made without --cart
    assert said.index("- get a token (proves the address and the login and password);") < next(
        i for i, line in enumerate(said) if line.startswith("✓")
    )


async def test_tells_missing_calls_and_the_refund_right(fake: FakePayKeeper) -> None:
    fake.receipts.cash_supported = False
    fake.receipts.search_supported = False
    fake.receipts.refunds_allowed = False
    said: list[str] = []
    assert await check(settings_for(fake), cart=False, say=said.append) == 0
    assert "  invoice search: no" in said
    assert "  cash payments (accept-cash): no" in said
    assert "  refunds allowed to this user: no" in said


@pytest.mark.parametrize("cart_format", list(CartFormat))
async def test_cart_invoice_is_made_read_back_and_revoked(
    fake: FakePayKeeper, cart_format: CartFormat
) -> None:
    said: list[str] = []
    settings = settings_for(fake, cart_format)
    assert await check(settings, cart=True, say=said.append) == 0
    [proved] = [line for line in said if line.startswith("✓ cart:")]
    assert proved.startswith("✓ cart: PayKeeper stored the cart as sent")
    assert "does not prove its receipt service accepts the lines" in proved
    assert any("stores the cart as sent" in line for line in said[:5])  # said beforehand
    [invoice] = fake.invoices.values()
    assert invoice["pay_amount"] == "1.00"
    assert invoice["status"] == "revoked"
    assert invoice["service_name"].startswith(CART_MARK if cart_format is CartFormat.PKC else "{")


async def test_a_server_that_drops_the_cart_is_reported(fake: FakePayKeeper) -> None:
    said: list[str] = []

    original = fake._routes[("POST", "/change/invoice/preview/")]

    def plain_preview(record):  # type: ignore[no-untyped-def]
        record.form["service_name"] = "Проверка"  # a server that keeps only a name
        return original(record)

    fake._routes[("POST", "/change/invoice/preview/")] = plain_preview
    assert await check(settings_for(fake), cart=True, say=said.append) == 1
    assert any(
        line.startswith("✗ cart: PayKeeper keeps service_name as 'Проверка'") for line in said
    )
    [invoice] = fake.invoices.values()
    assert invoice["status"] == "revoked"


async def test_wrong_credentials_stop_at_the_token(fake: FakePayKeeper) -> None:
    said: list[str] = []
    settings = settings_for(fake).model_copy(update={"paykeeper_user": "someone"})
    assert await check(settings, cart=True, say=said.append) == 2
    assert said[-1].startswith("✗ token:")
    assert fake.invoices == {}
