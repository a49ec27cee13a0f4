"""A whole invoice typed as one message: ``/invoice 1500 ivan@example.com Консультация``
(how words are recognised: bot/parsing docs)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from bot.parsing.amount import amount_value, checked_amount
from bot.parsing.contacts import parse_email, parse_phone
from bot.parsing.errors import InputError, excerpt
from bot.parsing.expiry import parse_expiry
from bot.parsing.service import parse_service
from bot.parsing.text import is_skip, strip_invisible


@dataclass(frozen=True, slots=True)
class OneLine:
    """A whole invoice typed as one message; absent parts are ``None``."""

    amount: Decimal
    email: str | None
    phone: str | None
    expiry: date | None
    service: str | None


# Words are split at whitespace other than the spaces used inside numbers.
_WORD_BREAK: Final = re.compile(r"[^\S\u00a0\u2007\u2009\u202f]+")
_ROUBLE_WORD: Final = re.compile(r"₽|руб(?:\.|ль|ля|лей)?|rub\.?|rur\.?|р\.?|p\.?", re.IGNORECASE)
_SHORT_AMOUNT: Final = re.compile(r"[0-9]{1,3}")
_THOUSANDS_TAIL: Final = re.compile(r"[0-9]{3}(?:[.,][0-9]{1,2})?")
_PHONE_FIRST: Final = re.compile(r"\+?[0-9(][0-9()\-\u00a0\u2007\u2009\u202f]*")
_PHONE_MORE: Final = re.compile(r"[0-9()\-\u00a0\u2007\u2009\u202f]+")
_ONE_LINE_DATE: Final = re.compile(
    r"\+[0-9]+"
    r"|[0-9]{1,2}([./-])[0-9]{1,2}\1(?:[0-9]{4}|[0-9]{2})(?:г\.?)?"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",
    re.IGNORECASE,
)
_ONE_LINE_DAY_MONTH: Final = re.compile(r"([0-9]{2})[./]([0-9]{2})")


def _bare(word: str) -> str:
    """The word without the list punctuation a manager may put after it."""
    return word.rstrip(",;")


def _russian_shaped(joined: str) -> bool:
    """Whether it is meant as a Russian number: +7, 7 or 8 and 10 digits give or take a typo."""
    digits = "".join(c for c in joined if c.isdecimal())
    if joined.startswith("+") and not digits.startswith("7"):
        return False
    if digits[:1] in ("7", "8"):
        return 10 <= len(digits) <= 12
    return digits[:1] == "9" and len(digits) == 10


def _is_valid_phone(joined: str) -> bool:
    try:
        parse_phone(joined)
    except InputError:
        return False
    return True


def _phone_span(words: list[str], start: int) -> int | None:
    """The end (exclusive) of the phone number that begins at ``words[start]``, if one does.

    The longest run of words that is a valid number wins (``+49 30 12345678``); failing that, the
    longest run that is meant as a Russian number (a digit missing or extra included), so that a
    mistyped phone is reported by parse_phone instead of becoming part of the service.
    A run never crosses a comma, and foreign-looking runs that are not valid are not phones
    (``+30 9101234567`` is "in 30 days" and a Russian mobile).
    """
    if not _PHONE_FIRST.fullmatch(_bare(words[start])):
        return None
    valid: int | None = None
    russian: int | None = None
    joined = ""
    for end in range(start, len(words)):
        word = _bare(words[end])
        if end > start and (
            words[end - 1] != _bare(words[end - 1]) or not _PHONE_MORE.fullmatch(word)
        ):
            break
        joined += word
        digit_count = sum(c.isdecimal() for c in joined)
        if digit_count > 15:
            break
        leading = joined.lstrip("(")[:1]
        if digit_count >= 10 and leading in ("+", "7", "8", "9") and _is_valid_phone(joined):
            valid = end + 1
        if _russian_shaped(joined):
            russian = end + 1
    return valid if valid is not None else russian


def _looks_like_expiry(word: str) -> bool:
    if _ONE_LINE_DATE.fullmatch(word):
        return True
    if match := _ONE_LINE_DAY_MONTH.fullmatch(word):
        return 1 <= int(match.group(1)) <= 31 and 1 <= int(match.group(2)) <= 12
    return False


def parse_one_line(text: str, maximum: Decimal, today: date) -> OneLine:
    """``1500 ivan@example.com +79101234567 31.12.2026 Консультация`` -> :class:`OneLine`.

    The amount comes first; the other parts follow in any order, each optional. See the module
    docs for how words are recognised.
    """
    words = [word for word in _WORD_BREAK.split(strip_invisible(text)) if word]
    if not words:
        raise InputError("input.one_line.empty")

    amount_word = _bare(words[0])
    try:
        value, had_rouble = amount_value(amount_word)
    except InputError as error:
        if error.key in ("input.amount.not_number", "input.amount.empty"):
            raise InputError("input.one_line.amount_first", text=excerpt(words[0])) from error
        raise
    amount = checked_amount(value, maximum)
    position = 1
    if not had_rouble and position < len(words) and _ROUBLE_WORD.fullmatch(_bare(words[1])):
        had_rouble = True
        position += 1
    if (
        not had_rouble
        and position < len(words)
        and _SHORT_AMOUNT.fullmatch(amount_word)
        and _THOUSANDS_TAIL.fullmatch(_bare(words[position]))
        and _phone_span(words, position) is None
    ):
        raise InputError(
            "input.one_line.amount_split",
            text=excerpt(" ".join(words[: position + 1])),
        )

    email: str | None = None
    phone: str | None = None
    expiry: date | None = None
    service_words: list[str] = []
    while position < len(words):
        word = words[position]
        bare = _bare(word)
        if "@" in bare or "＠" in bare or "﹫" in bare:
            if email is not None:
                raise InputError("input.one_line.two_emails")
            email = parse_email(bare)
            position += 1
        elif (end := _phone_span(words, position)) is not None:
            if phone is not None:
                raise InputError("input.one_line.two_phones")
            phone = parse_phone(" ".join(_bare(part) for part in words[position:end]))
            position = end
        elif _looks_like_expiry(bare):
            if expiry is not None:
                raise InputError("input.one_line.two_expiries")
            expiry = parse_expiry(bare, today)
            position += 1
        else:
            service_words.append(word)
            position += 1

    while service_words and is_skip(service_words[0]):
        service_words.pop(0)
    while service_words and is_skip(service_words[-1]):
        service_words.pop()
    service = parse_service(" ".join(service_words)) if service_words else None
    return OneLine(amount=amount, email=email, phone=phone, expiry=expiry, service=service)
