"""Display helpers: money and dates as a manager reads them, in Russian or English.

Both helpers take the bot's language code (``"ru"`` or ``"en"``); anything other than English
is shown the Russian way, as :func:`bot.texts.language_for` does for users.

* Russian amounts are Babel's ``ru`` currency format: ``1 500,00 ₽`` with no-break spaces
  (U+00A0) both as the group separator and before the sign, so an amount never wraps.
* English amounts are ``RUB 1,500.00`` (ISO code, a no-break space, comma groups): the code is
  what Babel's English data has for the rouble, and it cannot be mistaken for another currency.
* Dates are ``31.12.2026`` in Russian and ``31 Dec 2026`` in English (day first, month as a word,
  so no reader confuses day and month).
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency

__all__ = ["format_amount", "format_date"]

CURRENCY = "RUB"
_NBSP = "\u00a0"
_NARROW_NBSP = "\u202f"
# Babel's English rouble is "RUB1,500.00"; a no-break space after the code reads better.
_EN_PATTERN = "¤\u00a0#,##0.00"


def _is_english(lang: str) -> bool:
    return lang.lower().split("-")[0].split("_")[0] == "en"


def format_amount(amount: Decimal, lang: str) -> str:
    """``1 500,00 ₽`` (ru, U+00A0 spaces) or ``RUB 1,500.00`` (en, U+00A0 after the code)."""
    # Babel rounds in the current decimal context; widen it so any finite amount formats.
    digits = len(amount.as_tuple().digits)
    with decimal.localcontext() as context:
        context.prec = max(context.prec, digits + 4)
        if _is_english(lang):
            return format_currency(amount, CURRENCY, format=_EN_PATTERN, locale="en")
        text = format_currency(amount, CURRENCY, locale="ru")
    # Some CLDR releases use a narrow no-break space in Russian; we promise U+00A0 everywhere.
    return text.replace(_NARROW_NBSP, _NBSP)


def format_date(day: date, lang: str) -> str:
    """``31.12.2026`` (ru) or ``31 Dec 2026`` (en)."""
    if _is_english(lang):
        return babel_format_date(day, "d MMM yyyy", locale="en")
    return babel_format_date(day, "dd.MM.yyyy", locale="ru")


def short(text: str, limit: int = 40) -> str:
    """One line of at most ``limit`` characters, cut with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
