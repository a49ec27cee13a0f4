"""A bulk row's receipt line (issue 13): its optional quantity, price and VAT cells read, and
the stored lines of an order turned into the cart sent with its invoice."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Final

from bot.parsing import InputError
from paykeeper.cart import (
    CartError,
    CartLine,
    ItemType,
    PaymentType,
    TaxCode,
    fit_cart,
    parse_tax,
)

if TYPE_CHECKING:
    from bot.services.bulk.rows import CheckedRow
    from bot.services.issuing import InvoiceIssuer

KOPECK: Final = Decimal("0.01")
Line = dict[str, str]  # name, quantity, price ("" unknown), tax ("" the default), amount


def parse_quantity(text: str) -> Decimal:
    try:
        value = Decimal(text.replace("\xa0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise InputError("bulk.row.quantity", value=text) from None
    if not value.is_finite() or value <= 0:
        raise InputError("bulk.row.quantity", value=text)
    return value


def parse_rate(text: str) -> TaxCode:
    try:
        return parse_tax(text)
    except CartError:
        raise InputError("bulk.row.tax", value=text) from None


def row_line(
    service: str | None,
    amount: Decimal,
    quantity: Decimal | None,
    price: Decimal | None,
    tax: TaxCode | None,
) -> Line:
    """The row's line; InputError when its price × quantity is not its amount."""
    count = quantity or Decimal(1)
    if price is not None and abs((price * count).quantize(KOPECK) - amount) > KOPECK:
        raise InputError("bulk.row.line_mismatch", price=price, quantity=str(count), amount=amount)
    return {
        "name": service or "",
        "quantity": format(count.normalize(), "f"),
        "price": f"{price:.2f}" if price is not None else "",
        "tax": tax.value if tax is not None else "",
        "amount": f"{amount:.2f}",
    }


def cart_lines(
    lines: list[Line],
    *,
    default_service: str,
    default_tax: TaxCode,
    item_type: ItemType,
    payment_type: PaymentType = PaymentType.FULL,
) -> list[CartLine]:
    """The stored lines of a bulk row as a cart (a line without a price: amount ÷ quantity,
    the kopecks carried by fit_cart)."""
    cart = []
    for line in lines:
        quantity = Decimal(line["quantity"])
        amount = Decimal(line["amount"])
        price = Decimal(line["price"]) if line["price"] else amount / quantity
        tax = TaxCode(line["tax"]) if line["tax"] else default_tax
        cart.append(
            CartLine.of(
                line["name"] or default_service,
                price,
                quantity,
                tax=tax,
                item_type=item_type,
                payment_type=payment_type,
            )
        )
    total = sum((Decimal(line["amount"]) for line in lines), Decimal(0))
    return fit_cart(cart, total)


def draft_data(row: CheckedRow) -> dict[str, str | None]:
    """A checked row's draft as a bulk row stores it, with its lines (JSON) when it has any."""
    if row.draft is None:
        raise ValueError(f"row {row.row_number} has no draft")
    data = row.draft.to_data()
    if row.lines:
        data["lines"] = json.dumps(row.lines, ensure_ascii=False)
    return data


def stored_lines(draft: Mapping[str, str | None], issuer: InvoiceIssuer) -> list[CartLine]:
    """The cart of a stored bulk row; none (one line from the service) without lines."""
    text = draft.get("lines")
    if not text:
        return []
    rules = issuer.receipts
    return cart_lines(
        json.loads(text),
        default_service=draft.get("service") or issuer.default_service,
        default_tax=rules.default_tax,
        item_type=rules.default_item_type,
        payment_type=rules.payment_type,
    )


def replaced_rates(lines: list[Line] | None) -> int:
    """How many of a row's lines name a pre-2026 rate (sent at its 2026 replacement)."""
    return sum(1 for line in lines or () if line["tax"] and TaxCode(line["tax"]).replaced_by)
