"""Fiscal receipts (54-FZ): the cart an invoice carries to PayKeeper when RECEIPTS is on.

One place decides what goes on a receipt: the lines (the form's, or one line from the service
for the one-line command, inline creation and bulk rows without lines), their sums fitted to
the amount (paykeeper.cart carries the kopecks), their VAT as sent (a pre-2026 20% rate
becomes the 22% one; a prepayment carries the included rate, 22/122), and how the cart
travels (PAYKEEPER_CART_FORMAT). A receipt needs the payer's e-mail or phone: without
either, the invoice goes without a cart, as it did before receipts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from paykeeper.cart import CartLine, fit_cart
from paykeeper.cart_wire import encode_cart
from paykeeper.receipt_codes import CartFormat, ItemType, PaymentType, TaxCode
from storage.carts import StoredLine
from storage.catalogue import ServiceEntry

if TYPE_CHECKING:
    from bot.settings import Settings


@dataclass(frozen=True, slots=True)
class ReceiptRules:
    enabled: bool = False
    cart_format: CartFormat = CartFormat.JSON
    default_tax: TaxCode = TaxCode.VAT22
    default_item_type: ItemType = ItemType.SERVICE
    payment_type: PaymentType = PaymentType.FULL  # RECEIPT_PAYMENT_TYPE

    def line_for(self, service_name: str, amount: Decimal) -> CartLine:
        """The one line of an invoice made without lines: its service, at its amount."""
        return CartLine.of(
            service_name,
            amount,
            tax=self.default_tax,
            item_type=self.default_item_type,
            payment_type=self.payment_type,
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
        chosen = list(lines) or [self.line_for(service_name, amount)]
        return fit_cart([as_sent(line) for line in chosen], amount)

    @property
    def prepaid(self) -> bool:
        """Whether a line without its own payment type is a prepayment (said on the summary)."""
        return self.payment_type.is_prepayment

    def service_field(self, service_name: str, lines: Sequence[CartLine]) -> str:
        """The ``service_name`` PayKeeper gets: the cart in the configured format."""
        return encode_cart(lines, cart_format=self.cart_format, service_name=service_name)


def receipt_rules(settings: Settings) -> ReceiptRules:
    return ReceiptRules(
        enabled=settings.receipts,
        cart_format=settings.paykeeper_cart_format,
        default_tax=settings.default_tax,
        default_item_type=settings.default_item_type,
        payment_type=settings.receipt_payment_type,
    )


def as_sent(line: CartLine) -> CartLine:
    """The line with the VAT code PayKeeper gets: never a pre-2026 rate, and for a prepayment
    the rate included in the price (vat22 → vat122, vat10 → vat110, vat5 → vat105, vat7 →
    vat107), as 54-FZ wants on a receipt paid before delivery."""
    tax = line.tax.current
    if line.payment_type.is_prepayment:
        tax = tax.included
    return line if tax is line.tax else replace(line, tax=tax)


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
