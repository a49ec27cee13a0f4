"""A whole number typed into a question with bounds: a day of the month, a count of days or
of invoices."""

from __future__ import annotations

import re
from typing import Final

from bot.parsing.errors import InputError, excerpt
from bot.parsing.text import strip_invisible

_WHOLE: Final = re.compile(r"[0-9]{1,6}")


def parse_whole(text: str, low: int, high: int) -> int:
    """A number from ``low`` to ``high``; InputError with the bounds otherwise."""
    stripped = strip_invisible(text).strip()
    if not _WHOLE.fullmatch(stripped):
        raise InputError("input.whole.not_number", text=excerpt(stripped), low=low, high=high)
    value = int(stripped)
    if not low <= value <= high:
        raise InputError("input.whole.out_of_range", value=value, low=low, high=high)
    return value
