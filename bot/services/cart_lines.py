"""The lines a manager adds to an invoice on the form's summary: read from one
typed line, kept JSON-safe in the form's data, and turned into the cart sent with it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from bot.parsing import InputError, parse_amount, parse_quantity
from bot.services.catalogue import CatalogueError
from bot.services.receipts import ReceiptRules, cart_line
from paykeeper.cart import CartError, CartLine, cart_total
from paykeeper.receipt_codes import ItemType, PaymentType, TaxCode
from storage.catalogue import ServiceRepository

Line = dict[str, str]  # name, quantity, price, tax, item_type, payment_type: JSON-safe


def to_data(line: CartLine) -> Line:
    return {
        "name": line.name,
        "quantity": format(line.quantity.normalize(), "f"),
        "price": f"{line.price:.2f}",
        "tax": line.tax.value,
        "item_type": line.item_type.value,
        "payment_type": line.payment_type.value,
    }


def from_data(lines: Sequence[Any]) -> list[CartLine]:
    return [
        CartLine.of(
            str(line["name"]),
            Decimal(line["price"]),
            Decimal(line["quantity"]),
            tax=TaxCode(line["tax"]),
            item_type=ItemType(line["item_type"]),
            payment_type=PaymentType(line["payment_type"]),
        )
        for line in lines
    ]


def total(lines: Sequence[Any]) -> Decimal:
    return cart_total(from_data(lines))


class CartLines:
    def __init__(
        self, catalogue: ServiceRepository, rules: ReceiptRules, *, max_amount: Decimal
    ) -> None:
        self.catalogue = catalogue
        self.rules = rules
        self.max_amount = max_amount

    async def line(self, name: str, price: Decimal, quantity: Decimal = Decimal(1)) -> CartLine:
        """A line for ``name``: a catalogue service's VAT and types, or the defaults."""
        listed = await self.catalogue.by_name(name.strip())
        try:
            if listed is not None:
                return cart_line(listed.entry, price, quantity)
            return CartLine.of(
                name,
                price,
                quantity,
                tax=self.rules.default_tax,
                item_type=self.rules.default_item_type,
                payment_type=self.rules.payment_type,
            )
        except CartError:
            raise CatalogueError("cart.err.line") from None

    async def parse(self, text: str) -> CartLine:
        """«Название; количество; цена» — the quantity 1 and a catalogue price when left out.
        The price and the quantity are read as the form reads an amount, and as bulk files'
        quantities are (bot.parsing)."""
        parts = [part.strip() for part in text.split(";")]
        if not parts[0] or len(parts) > 3:
            raise CatalogueError("cart.err.format")
        listed = await self.catalogue.by_name(parts[0])
        try:
            quantity = parse_quantity(parts[1]) if len(parts) > 1 and parts[1] else Decimal(1)
            if len(parts) > 2 and parts[2]:
                price = parse_amount(parts[2], self.max_amount)
            elif listed is not None and listed.entry.price is not None:
                price = listed.entry.price
            else:
                raise CatalogueError("cart.err.price")
        except InputError as error:
            raise CatalogueError(error.key, **error.params) from None
        return await self.line(parts[0], price, quantity)

    def joined(self, lines: Sequence[Any], line: CartLine) -> list[Line]:
        """``lines`` with ``line`` added; CatalogueError when their total would go above
        MAX_AMOUNT (the invoice's amount is the lines' total)."""
        joined = [*lines, to_data(line)]
        amount = total(joined)
        if amount > self.max_amount:
            raise CatalogueError("cart.err.total_too_large", total=amount, maximum=self.max_amount)
        return joined
