"""The fiscal receipt's vocabulary (54-FZ) as PayKeeper names it: VAT codes, item and payment
types, how a cart travels with an invoice, and VAT rates as managers write them. Facts:
../shared/paykeeper-api.md, "Receipts"."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final


class CartError(ValueError):
    """A cart that cannot be sent as it is; the message says why, for a log or a manager."""


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


_RATES: Final = {
    "0": TaxCode.VAT0,
    "5": TaxCode.VAT5,
    "7": TaxCode.VAT7,
    "10": TaxCode.VAT10,
    "22": TaxCode.VAT22,
    "20": TaxCode.VAT20,
    "5/105": TaxCode.VAT105,
    "7/107": TaxCode.VAT107,
    "10/110": TaxCode.VAT110,
    "22/122": TaxCode.VAT122,
    "20/120": TaxCode.VAT120,
}
_NO_VAT: Final = ("без ндс", "без налога", "не облагается", "ндс не облагается", "no vat", "-")
_RATE: Final = re.compile(
    r"(?:ндс|vat)?\s*(\d{1,3})(?:[.,]0+)?\s*%?\s*(?:/\s*(\d{3})\s*%?)?\s*(?:ндс|vat)?"
)


def parse_tax(text: str) -> TaxCode:
    """A VAT rate as managers and exports write it: a PayKeeper code (``vat22``), a rate
    («22%», «НДС 22%», «22»), a rate included in the price («22/122», «10/110») or no VAT
    («Без НДС», «не облагается», ``none``). CartError for anything else."""
    words = " ".join(text.casefold().replace("ё", "е").split())
    if words in TaxCode._value2member_map_:
        return TaxCode(words)
    if words in _NO_VAT:
        return TaxCode.NONE
    match = _RATE.fullmatch(words)
    if match is not None:
        rate, base = match.groups()
        code = _RATES.get(f"{rate}/{base}" if base else rate)
        if code is not None:
            return code
    raise CartError(
        f"«{text}» is not a VAT rate: write 22%, 10%, 5%, 7%, 0%, 22/122, 10/110 or «без НДС»"
    )
