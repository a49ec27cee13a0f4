"""The fiscal receipt's vocabulary (54-FZ) as PayKeeper names it: VAT codes, item and payment
types, and how a cart travels with an invoice. Facts:
../shared/paykeeper-api.md, "Receipts"."""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class TaxCode(StrEnum):
    """VAT codes as PayKeeper names them. ``vat122`` is 22 included in 122 (the rate inside a
    price that already holds VAT), as an invoice paid in advance uses."""

    NONE = "none"
    VAT0 = "vat0"
    VAT5 = "vat5"
    VAT7 = "vat7"
    VAT10 = "vat10"
    VAT22 = "vat22"
    VAT105 = "vat105"
    VAT107 = "vat107"
    VAT110 = "vat110"
    VAT122 = "vat122"
    # Before 1 January 2026 the base rate was 20%: still accepted, with a warning.
    VAT20 = "vat20"
    VAT120 = "vat120"

    @property
    def replaced_by(self) -> TaxCode | None:
        """The 2026 code for a legacy one (None when the code is current)."""
        return _REPLACED.get(self)

    @property
    def current(self) -> TaxCode:
        """This code as it is sent since 2026: a legacy 20% rate becomes the 22% one."""
        return _REPLACED.get(self, self)

    @property
    def included(self) -> TaxCode:
        """The rate included in the price (22/122...), which a prepayment's receipt carries;
        itself for a code that has none (no VAT, 0%, or already an included rate)."""
        return _INCLUDED.get(self, self)

    @property
    def plain(self) -> TaxCode:
        """The rate on top of the price (22...) for an included one (22/122...), as the
        final-settlement receipt of a prepayment carries; never a pre-2026 rate."""
        return _PLAIN.get(self.current, self.current)


_REPLACED: Final = {TaxCode.VAT20: TaxCode.VAT22, TaxCode.VAT120: TaxCode.VAT122}
_INCLUDED: Final = {
    TaxCode.VAT22: TaxCode.VAT122,
    TaxCode.VAT10: TaxCode.VAT110,
    TaxCode.VAT5: TaxCode.VAT105,
    TaxCode.VAT7: TaxCode.VAT107,
    TaxCode.VAT20: TaxCode.VAT120,
}
_PLAIN: Final = {inside: plain for plain, inside in _INCLUDED.items() if plain is plain.current}


class ItemType(StrEnum):
    """What a line sells (54-FZ "признак предмета расчёта"); PayKeeper's default is goods."""

    GOODS = "goods"
    SERVICE = "service"
    WORK = "work"
    EXCISE = "excise"
    PAYMENT = "payment"
    AGENT = "agent"
    PROPERTY_RIGHT = "property_right"
    OTHER = "other"


class PaymentType(StrEnum):
    """How the line is paid (54-FZ "признак способа расчёта"): an invoice paid before the
    service is delivered is a prepayment."""

    PREPAY = "prepay"
    PART_PREPAY = "part_prepay"
    ADVANCE = "advance"
    FULL = "full"
    PART_CREDIT = "part_credit"
    CREDIT = "credit"
    CREDIT_PAYMENT = "credit_payment"

    @property
    def is_prepayment(self) -> bool:
        """Paid before the service is delivered: the receipt carries included rates (22/122)."""
        return self in (PaymentType.PREPAY, PaymentType.PART_PREPAY, PaymentType.ADVANCE)


class CartFormat(StrEnum):
    """How the cart travels in ``service_name`` (which one a server wants is not documented)."""

    JSON = "json"  # A: {"service_name": ..., "cart": [...], "lang": ...}
    JSON_STRING = "json_string"  # B: the same, with "cart" itself a JSON string
    PKC = "pkc"  # C: ;PKC|[...]|
