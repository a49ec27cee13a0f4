"""Amounts in roubles: ``1 500,50 руб.`` -> ``Decimal("1500.50")`` (forms: bot/parsing docs)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from bot.parsing.errors import InputError, excerpt
from bot.parsing.text import strip_invisible

_CENT: Final = Decimal("0.01")

_RUB_PREFIX: Final = re.compile(r"(?:₽|руб\.?|rub\.?|rur\.?)\s*")
_RUB_SUFFIX: Final = re.compile(r"\s*(?:₽|руб(?:\.|ль|ля|лей)?|rub\.?|rur\.?|р\.?|p\.?)\Z")
_FOREIGN: Final = re.compile(
    r"[$€£¥]|(?<![^\W\d_])(?:usd|eur|gbp|cny|долл\w*|евро|юан\w*|dollars?|euros?)(?![^\W\d_])"
)
_MINUS: Final = re.compile(r"[-\u2012\u2013\u2014\u2212]\s*[0-9]")
_NUMBER_CHARS: Final = re.compile(r"[0-9][0-9 ,.]*[0-9]|[0-9]")


def _strip_rouble(text: str) -> tuple[str, bool]:
    """The text without one rouble sign or word before or after it; whether there was one."""
    prefix = _RUB_PREFIX.match(text)
    if prefix:
        return text[prefix.end() :], True
    suffix = _RUB_SUFFIX.search(text)
    if suffix and suffix.start() > 0:
        return text[: suffix.start()], True
    return text, False


def _check_groups(groups: list[str], original: str) -> None:
    if len(groups) == 1:
        return
    first, *rest = groups
    if not 1 <= len(first) <= 3 or any(len(group) != 3 for group in rest):
        raise InputError("input.amount.bad_grouping", text=excerpt(original))


def amount_value(text: str) -> tuple[Decimal, bool]:
    """The exact amount written in ``text`` (not yet range-checked), and whether it named ₽."""
    original = text = strip_invisible(text)
    text = " ".join(text.split()).casefold()
    if not text:
        raise InputError("input.amount.empty")
    if _FOREIGN.search(text):
        raise InputError("input.amount.foreign_currency")
    body, had_rouble = _strip_rouble(text)
    if _MINUS.match(body):
        raise InputError("input.amount.not_positive")
    if not _NUMBER_CHARS.fullmatch(body):
        raise InputError("input.amount.not_number", text=excerpt(original))

    commas, dots, spaced = body.count(","), body.count("."), " " in body
    fraction = ""
    if commas and dots:
        decimal_mark = body[max(body.rfind(","), body.rfind("."))]
        group_mark = "." if decimal_mark == "," else ","
        if body.count(decimal_mark) > 1 or spaced:
            raise InputError("input.amount.bad_grouping", text=excerpt(original))
        whole, fraction = body.rsplit(decimal_mark, 1)
        groups = whole.split(group_mark)
    elif commas + dots > 1:
        group_mark = "," if commas else "."
        if spaced:
            raise InputError("input.amount.bad_grouping", text=excerpt(original))
        groups = body.split(group_mark)
    elif commas + dots == 1:
        whole, fraction = re.split(r"[,.]", body)
        groups = whole.split(" ")
        if len(groups) == 1 and len(fraction) == 3 and len(whole) <= 3 and whole[0] != "0":
            raise InputError("input.amount.ambiguous", text=excerpt(original))
    else:
        groups = body.split(" ")

    if any(not group.isdecimal() for group in groups) or (fraction and not fraction.isdecimal()):
        # An empty group ("1,,500") or a space next to a mark ("1500, 50").
        raise InputError("input.amount.not_number", text=excerpt(original))
    _check_groups(groups, original)
    if len(fraction) > 2:
        raise InputError("input.amount.too_many_decimals", text=excerpt(original))
    return Decimal("".join(groups) + "." + (fraction or "0")), had_rouble


def checked_amount(value: Decimal, maximum: Decimal) -> Decimal:
    if value <= 0:
        raise InputError("input.amount.not_positive")
    if value > maximum:
        raise InputError("input.amount.too_large", maximum=maximum)
    return value.quantize(_CENT)


def parse_amount(text: str, maximum: Decimal) -> Decimal:
    """A positive rouble amount of at most ``maximum``, quantized to kopecks.

    ``"1 500,50 руб."`` -> ``Decimal("1500.50")``. See the module docs for the accepted forms.
    """
    value, _ = amount_value(text)
    return checked_amount(value, maximum)
