"""The payer's e-mail address and phone number."""

from __future__ import annotations

import re
from typing import Final

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from bot.parsing.errors import InputError, excerpt
from bot.parsing.text import strip_invisible

_EMAIL_LOCAL_MAX_LENGTH: Final = 64


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
        raise InputError("input.email.spaces", email=excerpt(address))
    if "@" not in address:
        raise InputError("input.email.no_at", email=excerpt(address))
    if address.count("@") > 1:
        raise InputError("input.email.many_at", email=excerpt(address))
    local, _, domain = address.partition("@")
    if not local:
        raise InputError("input.email.nothing_before_at", email=excerpt(address))
    if not domain:
        raise InputError("input.email.nothing_after_at", email=excerpt(address))
    if "." not in domain:
        raise InputError("input.email.domain_no_dot", email=excerpt(address))
    if len(local) > _EMAIL_LOCAL_MAX_LENGTH:  # RFC 5321; email-validator checks it only if strict
        raise InputError("input.email.too_long", email=excerpt(address))
    try:
        result = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise InputError(_email_error_key(str(error)), email=excerpt(address)) from error
    except (ValueError, UnicodeError) as error:  # defensive: IDNA edge cases inside the library
        raise InputError("input.email.invalid", email=excerpt(address)) from error
    return str(result.normalized)


_PHONE_CHARS: Final = re.compile(r"\+?[0-9()\-.\s\u2010-\u2013]*")


def parse_phone(text: str) -> str:
    """A valid phone number in E.164 (``+79101234567``); numbers without a country are Russian."""
    phone = strip_invisible(text).strip()
    if not phone:
        raise InputError("input.phone.empty")
    if not _PHONE_CHARS.fullmatch(phone):
        raise InputError("input.phone.invalid_chars", phone=excerpt(phone))
    if not any(c in "0123456789" for c in phone):
        raise InputError("input.phone.invalid", phone=excerpt(phone))
    digits = "".join(c for c in phone if c in "0123456789")
    russian = phone.startswith("+7") or (not phone.startswith("+") and digits[0] in "78")
    if russian and len(digits) != 11:
        raise InputError("input.phone.wrong_length_ru", phone=excerpt(phone), count=len(digits))
    try:  # only digits and the leading + matter; odd spaces and dashes confuse phonenumbers
        number = phonenumbers.parse(re.sub(r"[^0-9+]+", " ", phone), "RU")
    except phonenumbers.NumberParseException as error:
        raise InputError("input.phone.invalid", phone=excerpt(phone)) from error
    if not phonenumbers.is_valid_number(number):
        raise InputError("input.phone.invalid", phone=excerpt(phone))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
