"""Fiscal receipts (54-FZ): the cart an invoice carries to PayKeeper when RECEIPTS is on.

One place decides what goes on a receipt: the lines (the form's, or one line from the service
for the one-line command, inline creation and bulk rows without lines), their sums fitted to
the amount (paykeeper.cart carries the kopecks), and how the cart travels
(PAYKEEPER_CART_FORMAT). A receipt needs the payer's e-mail or phone: without either, the
invoice goes without a cart, as it did before receipts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from paykeeper.cart import (
    CartFormat,
    CartLine,
    ItemType,
    PaymentType,
    TaxCode,
    encode_cart,
    fit_cart,
)
from storage.carts import StoredLine
from storage.catalogue import ServiceEntry


@dataclass(frozen=True, slots=True)
class ReceiptRules:
    enabled: bool = False
    cart_format: CartFormat = CartFormat.JSON
    default_tax: TaxCode = TaxCode.VAT22
    default_item_type: ItemType = ItemType.SERVICE

    def line_for(self, service_name: str, amount: Decimal) -> CartLine:
        """The one line of an invoice made without lines: its service, at its amount."""
        return CartLine.of(
            service_name, amount, tax=self.default_tax, item_type=self.default_item_type
        )

    def cart(
        self,
        service_name: str,
        amount: Decimal,
        lines: Sequence[CartLine] = (),
        *,
        has_contact: bool,
    ) -> list[CartLine] | None:
        """The lines to send, fitted to ``amount``; None when no cart goes (receipts off, or
        nobody to send the receipt to). CartError when the lines and the amount disagree."""
        if not self.enabled or not has_contact:
            return None
        return fit_cart(list(lines) or [self.line_for(service_name, amount)], amount)

    def service_field(self, service_name: str, lines: Sequence[CartLine]) -> str:
        """The ``service_name`` PayKeeper gets: the cart in the configured format."""
        return encode_cart(lines, cart_format=self.cart_format, service_name=service_name)


def to_stored(line: CartLine) -> StoredLine:
    return StoredLine(
        name=line.name,
        price=line.price,
        quantity=line.quantity,
        total=line.total,
        tax=line.tax.value,
        item_type=line.item_type.value,
        payment_type=line.payment_type.value,
    )


def from_stored(line: StoredLine) -> CartLine:
    return CartLine(
        name=line.name,
        price=line.price,
        quantity=line.quantity,
        total=line.total,
        tax=TaxCode(line.tax),
        item_type=ItemType(line.item_type),
        payment_type=PaymentType(line.payment_type),
    )


def cart_line(service: ServiceEntry, price: Decimal, quantity: Decimal = Decimal(1)) -> CartLine:
    """A catalogue service's line: its name, VAT, item type and payment method."""
    return CartLine.of(
        service.name,
        price,
        quantity,
        tax=TaxCode(service.tax),
        item_type=ItemType(service.item_type),
        payment_type=PaymentType(service.payment_type),
    )
