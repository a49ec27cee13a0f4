"""Quantities of a receipt line: ``2``, ``2,5``, ``0.125`` -> ``Decimal`` (never rounded).

ASCII digits with at most one decimal mark (``,`` or ``.``) and at most three decimals, as a
fiscal receipt carries them. No thousands grouping (``1.500`` is one and a half here, exactly
as written), no sign, no exponent, no other scripts' digits: what is refused is said, never
guessed, so the quantity on the receipt is the one the manager meant.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from bot.parsing.errors import InputError, excerpt
from bot.parsing.text import strip_invisible

MAX_WHOLE_DIGITS: Final = 7  # up to 9 999 999.999 units: more is a typo, not an order
_QUANTITY: Final = re.compile(r"([0-9]+)(?:[.,]([0-9]+))?")


def parse_quantity(text: str) -> Decimal:
    """A positive quantity with at most three decimals, exactly as written."""
    original = strip_invisible(text)
    body = original.strip()
    if not body:
        raise InputError("input.quantity.not_number", text="")
    match = _QUANTITY.fullmatch(body) if body.isascii() else None
    if match is None:
        raise InputError("input.quantity.not_number", text=excerpt(original))
    whole, fraction = match.group(1), match.group(2) or ""
    if len(fraction) > 3:
        raise InputError("input.quantity.too_many_decimals", text=excerpt(original))
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise InputError("input.quantity.too_large", text=excerpt(original))
    value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    if value <= 0:
        raise InputError("input.quantity.not_positive", text=excerpt(original))
    return value
