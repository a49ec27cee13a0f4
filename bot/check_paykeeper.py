"""``python -m bot check-paykeeper [--cart]``: is PAYKEEPER_URL PayKeeper, do the
credentials work, which optional calls does this server have, and (with ``--cart``) does it
keep an invoice's cart in the format PAYKEEPER_CART_FORMAT sends. It says what it will do
before it does it; only ``--cart`` changes anything (one 1-ruble invoice, revoked at once)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

from bot.settings import ToolSettings
from paykeeper import InvoiceRequest, PayKeeperClient, PayKeeperError
from paykeeper.after_payment import probe_features
from paykeeper.cart import CartError, CartLine
from paykeeper.cart_wire import encode_cart, read_cart

Say = Callable[[str], None]
_YES_NO = {True: "yes", False: "no", None: "could not tell"}


def plan(settings: ToolSettings, *, cart: bool) -> list[str]:
    steps = [
        f"Checking PayKeeper at {settings.paykeeper_base_url} as {settings.paykeeper_user}:",
        "- get a token (proves the address and the login and password);",
        "- ask which optional calls this server has: an invoice search for nothing, "
        "accept-cash of no invoice, the API user's settings (nothing is changed);",
    ]
    if cart:
        steps.append(
            "- create a 1-ruble invoice with a one-line cart "
            f"(format {settings.paykeeper_cart_format.value}, VAT {settings.default_tax.value}), "
            "read it back and revoke it: nobody can pay it. This shows whether PayKeeper stores "
            "the cart as sent; whether its receipt service takes the lines shows only on a "
            "paid invoice's receipt."
        )
    return steps


async def check(settings: ToolSettings, *, cart: bool, say: Say) -> int:
    """0 when everything asked for works, 1 when the cart did not survive, 2 when PayKeeper
    cannot be used at all."""
    for line in plan(settings, cart=cart):
        say(line)
    async with settings.paykeeper_client() as client:
        try:
            await client.check()
        except PayKeeperError as error:
            say(f"✗ token: {error.message}")
            return 2
        say("✓ token: the address and the credentials work")
        features = await probe_features(client)
        say(f"  invoice search: {_YES_NO[features.search]}")
        say(f"  cash payments (accept-cash): {_YES_NO[features.cash]}")
        say(f"  refunds allowed to this user: {_YES_NO[features.refunds]}")
        if not cart:
            return 0
        return await _check_cart(client, settings, say)


async def _check_cart(client: PayKeeperClient, settings: ToolSettings, say: Say) -> int:
    line = CartLine.of(
        "Проверка корзины",
        Decimal(1),
        tax=settings.default_tax,
        item_type=settings.default_item_type,
    )
    service = encode_cart(
        [line], cart_format=settings.paykeeper_cart_format, service_name="Проверка"
    )
    order_id = f"check-cart-{datetime.now(UTC):%Y%m%d%H%M%S}"
    try:
        created = await client.create_invoice(
            InvoiceRequest(amount=Decimal("1.00"), order_id=order_id, service_name=service)
        )
    except PayKeeperError as error:
        say(f"✗ cart: PayKeeper did not take the invoice: {error.message}")
        return 1
    say(f"  invoice {created.invoice_id} created (order {order_id})")
    status = 0
    try:
        stored = await client.get_invoice(created.invoice_id)
        lines = read_cart(stored.service_name or "")
        if lines == [line]:
            say(
                "✓ cart: PayKeeper stored the cart as sent (the format survives; no receipt "
                "was made, so this does not prove its receipt service accepts the lines)"
            )
        else:
            say(f"✗ cart: PayKeeper keeps service_name as {stored.service_name!r}")
            status = 1
    except (PayKeeperError, CartError) as error:
        say(f"✗ cart: could not read it back: {error}")
        status = 1
    finally:
        try:
            await client.revoke_invoice(created.invoice_id)
            say(f"  invoice {created.invoice_id} revoked")
        except PayKeeperError as error:
            say(
                f"✗ could not revoke invoice {created.invoice_id}: {error.message}; revoke it "
                "in PayKeeper's cabinet"
            )
            status = 1
    return status
