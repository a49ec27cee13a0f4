"""A bulk row's receipt line: its optional quantity, price and VAT cells read, and
the stored lines of an order turned into the cart sent with its invoice."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.parsing import InputError
from paykeeper.cart import HALF_KOPECK, CartError, CartLine, lines_for_amount, parse_tax
from paykeeper.receipt_codes import ItemType, PaymentType, TaxCode

if TYPE_CHECKING:
    from bot.services.bulk.rows import CheckedRow
    from bot.services.issuing import InvoiceIssuer

Line = dict[str, str]  # name, quantity, price ("" unknown), tax ("" the default), amount


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
    """The row's line; InputError when its price × quantity is not its amount, give or take
    what rounding the price to kopecks can make (half a kopeck per unit)."""
    count = quantity or Decimal(1)
    if price is not None and abs(price * count - amount) > HALF_KOPECK * count:
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
    """The stored lines of a bulk row as a cart. Each line bills its own amount exactly: at
    its price when price × quantity is that amount, else at a price derived from the amount
    (paykeeper.cart.lines_for_amount carries the rounding)."""
    cart: list[CartLine] = []
    for line in lines:
        name = line["name"] or default_service
        quantity = Decimal(line["quantity"])
        amount = Decimal(line["amount"])
        tax = TaxCode(line["tax"]) if line["tax"] else default_tax
        given = (
            CartLine.of(
                name,
                Decimal(line["price"]),
                quantity,
                tax=tax,
                item_type=item_type,
                payment_type=payment_type,
            )
            if line["price"]
            else None
        )
        if given is not None and given.total == amount:
            cart.append(given)
        else:
            cart += lines_for_amount(
                name, amount, quantity, tax=tax, item_type=item_type, payment_type=payment_type
            )
    return cart


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
