"""Parsers for what a manager types into the invoice form.

Every parser is a pure function of its text (and of ``today`` / ``maximum`` where it needs
them). For bad input it raises :class:`InputError` and nothing else, whatever the string; the
error's ``key`` names a message in :mod:`bot.texts.input_errors` and its ``params`` are that
message's fields. Render one with ``texts(err.key, **err.params_for(texts.lang))``: that formats
amounts and dates for the reader's language (``err.params`` holds the raw values; their ``str``
is readable too: ``1000000``, ``2026-12-31``).

Decisions worth knowing
-----------------------
Invisible characters
    Every parser first removes Unicode format characters (category Cf: direction overrides and
    isolates such as U+202E, zero-width spaces and joiners, U+FEFF, the soft hyphen...), see
    :func:`strip_invisible`. They are removed rather than refused: a stray zero-width space
    comes with text pasted from websites and messengers, and the manager cannot see it to fix
    it; removing them also means a service name cannot be made to display as something else
    (``U+202E`` reverses what follows). The one exception is a zero-width joiner between two
    pictographs: it glues an emoji sequence (👨‍👩‍👧, 🏳️‍🌈) into one picture, and there it can
    neither reorder nor hide letters. Everywhere else it goes, as does the non-joiner (only
    Persian and Indic spelling need it). Tag characters are dropped too (they can carry hidden
    ASCII), so a subdivision flag such as Scotland's shows as a plain 🏴.
Amounts
    Digits with an optional decimal part of one or two digits, separated by ``,`` or ``.``.
    Thousands may be grouped by spaces (any of space, U+00A0, U+2007, U+2009, U+202F), or by the
    other punctuation mark when both appear (``1,500.50`` and ``1.500,50`` are both 1500.50);
    groups after the first must have exactly three digits. A single ``,`` or ``.`` followed by
    exactly three digits after a one-to-three-digit number (``1,500``, ``2.000``) is refused as
    ambiguous: it is a thousand-separator to some people and a decimal comma to others, and a
    wrong guess changes the amount a thousandfold. One rouble sign or word may come before or
    after the number (``₽``, ``р``, ``р.``, ``руб``, ``руб.``, ``рубль``/``рубля``/``рублей``,
    ``rub``, ``rur``, and a Latin ``p`` typed for ``р``). Signs, exponents, NaN/Infinity,
    non-ASCII digits and foreign currencies are refused.
One-line form
    The amount is the first word only, optionally followed by one rouble word (``1500 ₽``).
    Spaces inside numbers are what separates words there, so ``1 500 ...`` cannot be told apart
    from "1 rouble, service '500 ...'"; rather than guess, a three-digit number right after a
    one-to-three-digit amount is refused with a message asking to write ``1500`` (or to put
    ``₽`` after the amount when the service really starts with a number). No-break and thin
    spaces do not split words, so an amount copied from the bot (``1 500,00 ₽``) still works.
    Words are then recognised by what they are, in any order:

    * a word with ``@`` is the e-mail;
    * a phone is one or more words made only of digits, brackets and dashes, the first starting
      with ``+``, ``7``, ``8``, ``9`` or ``(``, that together have 11 digits (``+7``/``7``/``8``
      ...), 10 digits starting with 9 (``9101234567``), or a valid number after ``+`` (other
      countries): ``+7 (910) 123-45-67`` and ``8 910 123 45 67`` are recognised whole. Digits
      after ``+7``/``7``/``8`` one short or one too many still count as a (mistyped) phone, so
      the manager is told, rather than the digits silently joining the service;
    * ``+N`` and the date forms of :func:`parse_expiry` are the expiry, except that the short
      ``DD.MM`` form needs two-digit day and month in range (``31.12``, ``01.05``), so ``1.5``
      or ``10.00`` stay part of the service;
    * everything else is the service, words joined by single spaces in their order; dashes at
      its start or end are dropped, so ``1500 — Консультация`` works.

    A trailing ``,`` or ``;`` on a word is ignored when recognising it (``1500, a@b.ru, ...``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from bot.formatting import format_amount, format_date

__all__ = [
    "MAX_EXPIRY_YEARS",
    "SERVICE_MAX_LENGTH",
    "InputError",
    "OneLine",
    "is_skip",
    "latest_expiry",
    "parse_amount",
    "parse_email",
    "parse_expiry",
    "parse_one_line",
    "parse_phone",
    "parse_service",
    "strip_invisible",
]

SERVICE_MAX_LENGTH: Final = 128
MAX_EXPIRY_YEARS: Final = 3
# Longest piece of the manager's own text quoted back in an error message.
_EXCERPT_LENGTH: Final = 40
_CENT: Final = Decimal("0.01")
_EMAIL_LOCAL_MAX_LENGTH: Final = 64


class InputError(ValueError):
    """Bad input: ``key`` names a text in ``bot/texts/input_errors.py``; ``params`` fill it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, object] = params

    def params_for(self, lang: str) -> dict[str, object]:
        """The params with amounts and dates formatted for ``lang`` (``"ru"`` or ``"en"``)."""
        shown: dict[str, object] = {}
        for name, value in self.params.items():
            if isinstance(value, Decimal):
                shown[name] = format_amount(value, lang)
            elif isinstance(value, date):
                shown[name] = format_date(value, lang)
            else:
                shown[name] = value
        return shown

    def __repr__(self) -> str:
        return f"InputError({self.key!r}, **{self.params!r})"


def _excerpt(text: str) -> str:
    """The manager's text, shortened for quoting in a message."""
    text = " ".join(text.split())
    if len(text) <= _EXCERPT_LENGTH:
        return text
    return text[: _EXCERPT_LENGTH - 1] + "…"


# --------------------------------------------------------------------------------------------
# Invisible characters
# --------------------------------------------------------------------------------------------

_ZWJ: Final = "\u200d"
# What may stand between a pictograph and the joiner: variation selectors and skin tones.
_EMOJI_MODIFIERS: Final = frozenset(
    "\ufe0e\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"
)


def _joins_pictographs(text: str, index: int) -> bool:
    """Whether the joiner at ``index`` glues two pictographs (category So) of an emoji."""
    before = index - 1
    while before >= 0 and text[before] in _EMOJI_MODIFIERS:
        before -= 1
    after = index + 1
    return (
        before >= 0
        and after < len(text)
        and unicodedata.category(text[before]) == "So"
        and unicodedata.category(text[after]) == "So"
    )


def strip_invisible(text: str) -> str:
    """``text`` without format characters (Unicode category Cf) but a joiner inside an emoji.

    Applied by every parser here before anything else; the module docs say why.
    """
    if text.isascii() or text.isprintable():  # neither holds a format character
        return text
    return "".join(
        character
        for index, character in enumerate(text)
        if unicodedata.category(character) != "Cf"
        or (character == _ZWJ and _joins_pictographs(text, index))
    )


# --------------------------------------------------------------------------------------------
# Skip
# --------------------------------------------------------------------------------------------

# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
_DASHES: Final = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")


def is_skip(text: str) -> bool:
    """A lone dash (``-``, ``–``, ``—``, with any spaces around) means "skip this answer"."""
    return strip_invisible(text).strip() in _DASHES


# --------------------------------------------------------------------------------------------
# Amount
# --------------------------------------------------------------------------------------------

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
        raise InputError("input.amount.bad_grouping", text=_excerpt(original))


def _amount_value(text: str) -> tuple[Decimal, bool]:
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
        raise InputError("input.amount.not_number", text=_excerpt(original))

    commas, dots, spaced = body.count(","), body.count("."), " " in body
    fraction = ""
    if commas and dots:
        decimal_mark = body[max(body.rfind(","), body.rfind("."))]
        group_mark = "." if decimal_mark == "," else ","
        if body.count(decimal_mark) > 1 or spaced:
            raise InputError("input.amount.bad_grouping", text=_excerpt(original))
        whole, fraction = body.rsplit(decimal_mark, 1)
        groups = whole.split(group_mark)
    elif commas + dots > 1:
        group_mark = "," if commas else "."
        if spaced:
            raise InputError("input.amount.bad_grouping", text=_excerpt(original))
        groups = body.split(group_mark)
    elif commas + dots == 1:
        whole, fraction = re.split(r"[,.]", body)
        groups = whole.split(" ")
        if len(groups) == 1 and len(fraction) == 3 and len(whole) <= 3 and whole[0] != "0":
            raise InputError("input.amount.ambiguous", text=_excerpt(original))
    else:
        groups = body.split(" ")

    if any(not group.isdecimal() for group in groups) or (fraction and not fraction.isdecimal()):
        # An empty group ("1,,500") or a space next to a mark ("1500, 50").
        raise InputError("input.amount.not_number", text=_excerpt(original))
    _check_groups(groups, original)
    if len(fraction) > 2:
        raise InputError("input.amount.too_many_decimals", text=_excerpt(original))
    return Decimal("".join(groups) + "." + (fraction or "0")), had_rouble


def _checked_amount(value: Decimal, maximum: Decimal) -> Decimal:
    if value <= 0:
        raise InputError("input.amount.not_positive")
    if value > maximum:
        raise InputError("input.amount.too_large", maximum=maximum)
    return value.quantize(_CENT)


def parse_amount(text: str, maximum: Decimal) -> Decimal:
    """A positive rouble amount of at most ``maximum``, quantized to kopecks.

    ``"1 500,50 руб."`` -> ``Decimal("1500.50")``. See the module docs for the accepted forms.
    """
    value, _ = _amount_value(text)
    return _checked_amount(value, maximum)


# --------------------------------------------------------------------------------------------
# E-mail
# --------------------------------------------------------------------------------------------


def _email_error_key(reason: str) -> str:
    """Our text for one of email-validator's (English) reasons."""
    if "too long" in reason:
        return "input.email.too_long"
    if "special-use or reserved" in reason:
        return "input.email.reserved_domain"
    if "Internationalized characters before" in reason:
        return "input.email.non_ascii_local"
    if "period" in reason or "hyphen" in reason:
        return "input.email.dots"
    if "invalid character" in reason or "unsafe character" in reason:
        return "input.email.invalid_chars"
    if "after the @-sign" in reason:
        return "input.email.bad_domain"
    return "input.email.invalid"


def parse_email(text: str) -> str:
    """A syntactically valid address (no DNS look-up), as email-validator normalizes it.

    Only ASCII is allowed before the ``@`` (PayKeeper and many mail servers reject the rest);
    an internationalized domain (``ivan@пример.рф``) is accepted.
    """
    # Full-width and small commercial at-signs (from some keyboards) mean "@".
    address = strip_invisible(text).strip().replace("＠", "@").replace("﹫", "@")
    if not address:
        raise InputError("input.email.empty")
    if any(character.isspace() for character in address):
        raise InputError("input.email.spaces", email=_excerpt(address))
    if "@" not in address:
        raise InputError("input.email.no_at", email=_excerpt(address))
    if address.count("@") > 1:
        raise InputError("input.email.many_at", email=_excerpt(address))
    local, _, domain = address.partition("@")
    if not local:
        raise InputError("input.email.nothing_before_at", email=_excerpt(address))
    if not domain:
        raise InputError("input.email.nothing_after_at", email=_excerpt(address))
    if "." not in domain:
        raise InputError("input.email.domain_no_dot", email=_excerpt(address))
    if len(local) > _EMAIL_LOCAL_MAX_LENGTH:  # RFC 5321; email-validator checks it only if strict
        raise InputError("input.email.too_long", email=_excerpt(address))
    try:
        result = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise InputError(_email_error_key(str(error)), email=_excerpt(address)) from error
    except (ValueError, UnicodeError) as error:  # defensive: IDNA edge cases inside the library
        raise InputError("input.email.invalid", email=_excerpt(address)) from error
    return str(result.normalized)


# --------------------------------------------------------------------------------------------
# Phone
# --------------------------------------------------------------------------------------------

_PHONE_CHARS: Final = re.compile(r"\+?[0-9()\-.\s\u2010-\u2013]*")


def parse_phone(text: str) -> str:
    """A valid phone number in E.164 (``+79101234567``); numbers without a country are Russian."""
    phone = strip_invisible(text).strip()
    if not phone:
        raise InputError("input.phone.empty")
    if not _PHONE_CHARS.fullmatch(phone):
        raise InputError("input.phone.invalid_chars", phone=_excerpt(phone))
    if not any(c in "0123456789" for c in phone):
        raise InputError("input.phone.invalid", phone=_excerpt(phone))
    digits = "".join(c for c in phone if c in "0123456789")
    russian = phone.startswith("+7") or (not phone.startswith("+") and digits[0] in "78")
    if russian and len(digits) != 11:
        raise InputError("input.phone.wrong_length_ru", phone=_excerpt(phone), count=len(digits))
    try:  # only digits and the leading + matter; odd spaces and dashes confuse phonenumbers
        number = phonenumbers.parse(re.sub(r"[^0-9+]+", " ", phone), "RU")
    except phonenumbers.NumberParseException as error:
        raise InputError("input.phone.invalid", phone=_excerpt(phone)) from error
    if not phonenumbers.is_valid_number(number):
        raise InputError("input.phone.invalid", phone=_excerpt(phone))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


# --------------------------------------------------------------------------------------------
# Expiry
# --------------------------------------------------------------------------------------------

_IN_DAYS: Final = re.compile(r"\+\s*([0-9]+)")
_DAY_MONTH_YEAR: Final = re.compile(
    r"([0-9]{1,2})([./-])([0-9]{1,2})(?:\2([0-9]{4}|[0-9]{2}))?(?:\s*г\.?)?", re.IGNORECASE
)
_ISO: Final = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def latest_expiry(today: date) -> date:
    """The furthest expiry date accepted on ``today``."""
    return _add_years(today, MAX_EXPIRY_YEARS)


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise InputError("input.expiry.no_such_date", text=_excerpt(text)) from error


def _in_range(day: date, today: date) -> date:
    if day < today:
        raise InputError("input.expiry.past", today=today)
    latest = latest_expiry(today)
    if day > latest:
        raise InputError("input.expiry.too_far", latest=latest)
    return day


def parse_expiry(text: str, today: date) -> date:
    """The last day the invoice can be paid, from ``today`` to :data:`MAX_EXPIRY_YEARS` ahead.

    Forms: ``31.12.2026``, ``31.12.26`` (20xx), ``31.12`` (this year, or the next one if that
    day has passed), ``2026-12-31``, ``+7`` (in seven days; ``+0`` is today). ``/`` or ``-`` may
    replace the dots, and a trailing ``г.`` is allowed.
    """
    stripped = strip_invisible(text).strip()
    if not stripped:
        raise InputError("input.expiry.empty")
    if match := _IN_DAYS.fullmatch(stripped):
        digits = match.group(1).lstrip("0") or "0"
        latest = latest_expiry(today)
        if len(digits) > 5 or int(digits) > (latest - today).days:
            raise InputError("input.expiry.too_far", latest=latest)
        return today + timedelta(days=int(digits))
    if match := _ISO.fullmatch(stripped):
        year, month, day = (int(part) for part in match.groups())
        return _in_range(_make_date(year, month, day, stripped), today)
    if match := _DAY_MONTH_YEAR.fullmatch(stripped):
        day, month = int(match.group(1)), int(match.group(3))
        year_text = match.group(4)
        if year_text is None:
            year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
        elif len(year_text) == 2:
            year = 2000 + int(year_text)
        else:
            year = int(year_text)
        return _in_range(_make_date(year, month, day, stripped), today)
    raise InputError("input.expiry.format", text=_excerpt(stripped))


# --------------------------------------------------------------------------------------------
# Service
# --------------------------------------------------------------------------------------------


def parse_service(text: str) -> str:
    """The service name: without invisible characters, trimmed, whitespace runs made single
    spaces, 1 to 128 characters."""
    service = " ".join(strip_invisible(text).split())
    if not service:
        raise InputError("input.service.empty")
    if any(unicodedata.category(character) == "Cc" for character in service):
        raise InputError("input.service.control_chars")
    if len(service) > SERVICE_MAX_LENGTH:
        raise InputError("input.service.too_long", length=len(service), maximum=SERVICE_MAX_LENGTH)
    return service


# --------------------------------------------------------------------------------------------
# One line
# --------------------------------------------------------------------------------------------


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
        value, had_rouble = _amount_value(amount_word)
    except InputError as error:
        if error.key in ("input.amount.not_number", "input.amount.empty"):
            raise InputError("input.one_line.amount_first", text=_excerpt(words[0])) from error
        raise
    amount = _checked_amount(value, maximum)
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
            text=_excerpt(" ".join(words[: position + 1])),
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
