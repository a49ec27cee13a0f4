"""What happens to an invoice after it is issued: refunds, cash payments, and what the server
allows (../shared/paykeeper-api.md, "Refunds, cash, search").

The calls themselves are PayKeeperClient's methods; this module holds what is built on them
(the refund cart, reading the refund right, probing which calls a server has). Facts: a
refund goes to ``/change/payment/reverse/`` with the **payment** id, ``partial`` and, for a
partial one, ``amount`` with two decimals, and optionally ``refund_cart`` (a JSON string).
Guesses, kept in one place: accept-cash takes ``id`` like send and revoke; the user settings
name the refund right with a key mentioning "reverse" or "refund"; a missing endpoint answers
404.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from http import HTTPStatus
from typing import Any

from .cart import CartLine
from .cart_wire import CART_MARK, encode_cart
from .client import PayKeeperClient
from .errors import PayKeeperAuthError, PayKeeperRejected, PayKeeperUnavailable
from .models import Invoice
from .receipt_codes import CartFormat

_RIGHT_WORDS = ("reverse", "refund")


def refund_cart_json(lines: Sequence[CartLine]) -> str:
    """The ``refund_cart`` value: the lines as a JSON array (money with two decimals)."""
    encoded = encode_cart(lines, cart_format=CartFormat.PKC, service_name="")
    return encoded.removeprefix(CART_MARK).removesuffix("|")


async def refund_payment(
    client: PayKeeperClient,
    payment_id: str,
    amount: Decimal | None,
    refund_cart: Sequence[CartLine] | None = None,
) -> None:
    """Refund ``amount`` of the payment (None: all that is left). PayKeeperRejected carries
    PayKeeper's reason; PayKeeperUnavailable with ``maybe_processed`` means it may be done."""
    cart = refund_cart_json(refund_cart) if refund_cart else None
    await client.refund_payment(payment_id, amount, cart)


async def accept_cash(client: PayKeeperClient, invoice_id: str) -> None:
    """Mark the invoice paid in cash (the link stops working, the receipt is made)."""
    await client.accept_cash(invoice_id)


async def user_settings(client: PayKeeperClient) -> dict[str, Any]:
    return await client.user_settings()


def refunds_permitted(settings: dict[str, Any]) -> bool | None:
    """What the user settings say about refunds; None when they do not say."""
    for key, value in settings.items():
        if any(word in key.lower() for word in _RIGHT_WORDS):
            return value in (True, 1, "1", "true", "yes", "Y")
    return None


async def refunds_forbidden(client: PayKeeperClient) -> bool:
    """Whether the API user's settings say it may not refund (asked after a refusal, to tell
    the admin what to change in the cabinet); False when they do not say or cannot be read."""
    try:
        return refunds_permitted(await user_settings(client)) is False
    except (PayKeeperAuthError, PayKeeperRejected, PayKeeperUnavailable):
        return False


async def search_invoices(
    client: PayKeeperClient, query: str, start: date, end: date
) -> list[Invoice]:
    """Invoices whose fields contain ``query`` (a substring match: filter afterwards)."""
    return await client.search_invoices(query, start, end)


@dataclass(frozen=True, slots=True)
class ServerFeatures:
    """Which optional calls this PayKeeper server has (None: could not tell)."""

    search: bool | None
    cash: bool | None
    refunds: bool | None


async def probe_features(client: PayKeeperClient) -> ServerFeatures:
    """Ask without changing anything: a search for nothing, accept-cash of no invoice (a
    refusal proves the call exists), the user's settings."""
    today = date.today()  # noqa: DTZ011 - a day's difference does not matter to a probe
    search = await _exists(search_invoices(client, "-", today, today))
    cash = await _exists(accept_cash(client, ""))
    refunds: bool | None = None
    try:
        refunds = refunds_permitted(await user_settings(client))
    except (PayKeeperAuthError, PayKeeperRejected, PayKeeperUnavailable):
        refunds = None
    return ServerFeatures(search=search, cash=cash, refunds=refunds)


async def _exists(call: Any) -> bool | None:
    try:
        await call
    except PayKeeperRejected:
        return True  # PayKeeper itself refused the empty request
    except PayKeeperAuthError as error:
        return False if error.cause == "url" else None
    except PayKeeperUnavailable as error:
        return False if error.status == HTTPStatus.NOT_FOUND else None
    return True
