"""The cart PayKeeper builds a fiscal receipt (54-FZ) from, as it travels with an invoice.

Facts (../shared/paykeeper-api.md, "Receipts"): a line has ``name`` (at most 128 characters),
``price``, ``quantity``, ``sum`` (the line's total, VAT included) and ``tax``, and optionally
``item_type`` and ``payment_type``; money goes with exactly two decimals, never as a binary
float; the line sums must add up to the invoice's amount exactly. Not settled: which of three
encodings a given server expects for invoices, so all three are named here (:class:`CartFormat`)
and the setting chooses; paykeeper/cart_wire.py writes and reads each.

Kopecks: a line's sum is its price times its quantity, rounded. A price the bot derives itself
(an amount for a quantity: :func:`lines_for_amount`) carries its own rounding, as PayKeeper's
own modules do: one unit is split off (5 × 166,67 + 1 × 166,65), or a fractional quantity
becomes one line «name (2,5)» × 1 at the amount. :func:`fit_cart` does the same with what
rounding left between given lines and the amount, and refuses a bigger difference.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from typing import Final

from paykeeper.receipt_codes import ItemType, PaymentType, TaxCode

NAME_LIMIT: Final = 128  # characters PayKeeper takes in a line's name
KOPECK: Final = Decimal("0.01")
HALF_KOPECK: Final = Decimal("0.005")  # the most a rounding to kopecks moves a value
QUANTITY_STEP: Final = Decimal("0.001")  # receipts carry quantities to three decimals
_BREAKS: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES: Final = re.compile(r"\s{2,}")


class CartError(ValueError):
    """A cart that cannot be sent as it is; the message says why, for a log or a manager."""


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


@dataclass(frozen=True, slots=True)
class CartLine:
    name: str
    price: Decimal
    quantity: Decimal
    total: Decimal  # the line's "sum": price × quantity, rounded to kopecks
    tax: TaxCode
    item_type: ItemType = ItemType.SERVICE
    payment_type: PaymentType = PaymentType.FULL  # PayKeeper's own default

    @classmethod
    def of(
        cls,
        name: str,
        price: Decimal,
        quantity: Decimal = Decimal(1),
        *,
        tax: TaxCode,
        item_type: ItemType = ItemType.SERVICE,
        payment_type: PaymentType = PaymentType.FULL,
    ) -> CartLine:
        """A line with a clean name and its total computed; CartError when it cannot be one
        (a price in fractions of a kopeck or a quantity past three decimals is refused, never
        rounded: the caller's arithmetic decides, see :func:`lines_for_amount`)."""
        clean = clean_name(name)
        if not clean:
            raise CartError("a line has no name")
        if not price.is_finite() or not quantity.is_finite() or price <= 0 or quantity <= 0:
            raise CartError(f"«{clean}»: the price and the quantity must be above zero")
        try:
            price_exact = price == price.quantize(KOPECK)
            quantity_exact = quantity == quantity.quantize(QUANTITY_STEP)
        except InvalidOperation:  # more digits than Decimal's context holds
            price_exact = quantity_exact = False
        if not (price_exact and quantity_exact):
            raise CartError(f"«{clean}»: {price} × {quantity} is past kopecks or 3 decimals")
        price, quantity = price.quantize(KOPECK), quantity.quantize(QUANTITY_STEP)
        total = (price * quantity).quantize(KOPECK, ROUND_HALF_UP)
        return cls(clean, price, quantity, total, tax, item_type, payment_type)


def clean_name(name: str) -> str:
    """A line's name as a receipt can print it: no line breaks or control characters, no
    invisible format characters (zero-width spaces, direction marks, a BOM pasted from a
    spreadsheet), single spaces, at most :data:`NAME_LIMIT` characters (cut with an ellipsis).

    Unlike the form's parsers this drops an emoji's joiner too: a cash register prints none."""
    visible = "".join(char for char in name if unicodedata.category(char) != "Cf")
    text = _SPACES.sub(" ", _BREAKS.sub(" ", visible)).strip()
    if len(text) > NAME_LIMIT:
        text = text[: NAME_LIMIT - 1].rstrip() + "…"
    return text


def lines_for_amount(
    name: str,
    amount: Decimal,
    quantity: Decimal,
    *,
    tax: TaxCode,
    item_type: ItemType = ItemType.SERVICE,
    payment_type: PaymentType = PaymentType.FULL,
) -> list[CartLine]:
    """``quantity`` of ``name`` for ``amount`` in all, the unit price derived by the bot: one
    line when the amount divides into whole kopecks; else one unit split off to carry the
    rounding (1000 for 6: 5 × 166,67 + 1 × 166,65); else (a fractional quantity, or a price
    under a kopeck) one line «name (2,5)» × 1 at the amount. The sums add up to ``amount``
    exactly, whatever the numbers."""
    if amount <= 0 or amount != amount.quantize(KOPECK):
        raise CartError(f"{amount} is not an amount in kopecks")
    line = partial(CartLine.of, tax=tax, item_type=item_type, payment_type=payment_type)
    price = (amount / quantity).quantize(KOPECK, ROUND_HALF_UP)
    if price > 0 and price * quantity == amount:
        return [line(name, price, quantity)]
    if price > 0 and quantity == quantity.to_integral_value() and quantity > 1:
        single = amount - price * (quantity - 1)
        if single > 0:
            return [line(name, price, quantity - 1), line(name, single, Decimal(1))]
    return [line(_with_quantity(name, quantity), amount, Decimal(1))]


def _with_quantity(name: str, quantity: Decimal) -> str:
    """«name (2,5)»: a quantity the receipt cannot show as price × quantity, kept in the name
    (cut so that it fits in :data:`NAME_LIMIT` characters)."""
    suffix = " (" + format(quantity.normalize(), "f").replace(".", ",") + ")"
    base = clean_name(name)
    if len(base) + len(suffix) > NAME_LIMIT:
        base = base[: NAME_LIMIT - len(suffix) - 1].rstrip() + "…"
    return base + suffix


def cart_total(lines: Sequence[CartLine]) -> Decimal:
    return sum((line.total for line in lines), Decimal(0))


def rounding_tolerance(lines: Sequence[CartLine]) -> Decimal:
    """How far rounding can put the lines' sums from what they stand for: half a kopeck per
    unit of a rounded price, and half a kopeck for each line's rounded sum."""
    return sum((HALF_KOPECK * (line.quantity + 1) for line in lines), Decimal(0))


def fit_cart(lines: Sequence[CartLine], amount: Decimal) -> list[CartLine]:
    """The lines, their sums adding up to ``amount`` exactly.

    A difference rounding can make (:func:`rounding_tolerance`) goes into the last line that
    can carry it; a bigger one means the lines and the amount disagree: CartError."""
    if not lines:
        raise CartError("the cart is empty")
    amount = amount.quantize(KOPECK, ROUND_HALF_UP)
    fitted = list(lines)
    difference = amount - cart_total(fitted)
    if difference == 0:
        return fitted
    if abs(difference) > rounding_tolerance(fitted):
        raise CartError(f"the lines add up to {cart_total(fitted)}, the invoice is for {amount}")
    for index in reversed(range(len(fitted))):
        carried = _carry(fitted[index], difference)
        if carried is not None:
            return fitted[:index] + carried + fitted[index + 1 :]
    raise CartError(f"no line can carry a difference of {difference}")


def _carry(line: CartLine, difference: Decimal) -> list[CartLine] | None:
    """``line`` changed so that its sums grow by ``difference``; None when it cannot be."""
    if line.quantity == 1:
        price = line.price + difference
        return [replace(line, price=price, total=price)] if price > 0 else None
    if line.quantity == line.quantity.to_integral_value() and line.price + difference > 0:
        # One unit split off carries the kopecks; the rest keeps the price.
        rest = line.quantity - 1
        single = line.price + difference
        return [
            replace(line, quantity=rest, total=(line.price * rest).quantize(KOPECK)),
            replace(line, quantity=Decimal(1), price=single, total=single),
        ]
    # A fractional quantity, or a unit too cheap to carry it: the line as one unit at its sum.
    total = line.total + difference
    if total <= 0:
        return None
    name = _with_quantity(line.name, line.quantity)
    return [replace(line, name=name, price=total, quantity=Decimal(1), total=total)]
