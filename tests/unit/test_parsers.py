"""Parsers of the invoice form: accepted and refused answers, and properties over any text."""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import parsing
from bot.formatting import format_amount
from bot.parsing import (
    SERVICE_MAX_LENGTH,
    InputError,
    OneLine,
    is_skip,
    latest_expiry,
    parse_amount,
    parse_email,
    parse_expiry,
    parse_one_line,
    parse_phone,
    parse_quantity,
    parse_service,
    strip_invisible,
)
from bot.parsing.whole import parse_whole
from bot.texts import LANGUAGES, Texts
from bot.texts.input_errors import TEXTS

MAXIMUM = Decimal("1000000")
TODAY = date(2026, 6, 15)


def refused(call: Callable[[], object], key: str) -> InputError:
    with pytest.raises(InputError) as caught:
        call()
    error = caught.value
    assert error.key == key, f"{error!r} instead of {key}"
    return error


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


# --------------------------------------------------------------------------------------------
# InputError
# --------------------------------------------------------------------------------------------


def test_input_error_carries_key_and_params() -> None:
    error = InputError("input.amount.too_large", maximum=Decimal("5000"))
    assert isinstance(error, ValueError)
    assert error.key == "input.amount.too_large"
    assert error.params == {"maximum": Decimal("5000")}
    assert str(error) == "input.amount.too_large"


def test_params_for_formats_amounts_and_dates_per_language() -> None:
    error = InputError("x", maximum=Decimal("1000000"), today=date(2026, 12, 31), count=3)
    assert error.params_for("ru") == {
        "maximum": "1\u00a0000\u00a0000,00\u00a0₽",
        "today": "31.12.2026",
        "count": 3,
    }
    assert error.params_for("en") == {
        "maximum": "RUB\u00a01,000,000.00",
        "today": "31 Dec 2026",
        "count": 3,
    }


# --------------------------------------------------------------------------------------------
# Amount
# --------------------------------------------------------------------------------------------

AMOUNTS_ACCEPTED = [
    ("1500", "1500.00"),
    ("  1500  ", "1500.00"),
    ("1 500", "1500.00"),
    ("1  500", "1500.00"),
    ("1\u00a0500", "1500.00"),
    ("1\u2009500", "1500.00"),
    ("1\u202f500", "1500.00"),
    ("1\u2007500", "1500.00"),
    ("1500,5", "1500.50"),
    ("1500.50", "1500.50"),
    ("1500,05", "1500.05"),
    ("0,01", "0.01"),
    ("0.5", "0.50"),
    ("1 500,50", "1500.50"),
    ("1 500.50", "1500.50"),
    ("1,500.50", "1500.50"),
    ("1.500,50", "1500.50"),
    ("1,000,000", "1000000.00"),
    ("1.000.000", "1000000.00"),
    ("12,345.67", "12345.67"),
    ("12.345,67", "12345.67"),
    ("1 500 ₽", "1500.00"),
    ("1500₽", "1500.00"),
    ("₽1500", "1500.00"),
    ("₽ 1 500", "1500.00"),
    ("1 500 руб.", "1500.00"),
    ("1500руб", "1500.00"),
    ("1500 РУБ", "1500.00"),
    ("1500 рублей", "1500.00"),
    ("1500 рубля", "1500.00"),
    ("1 рубль", "1.00"),
    ("1500 р", "1500.00"),
    ("1500р.", "1500.00"),
    ("1500 Р", "1500.00"),
    ("1500 p", "1500.00"),  # Latin p typed for р
    ("1500 rub", "1500.00"),
    ("RUB 1,500.00", "1500.00"),
    ("RUB\u00a01,500.00", "1500.00"),
    ("1\u00a0500,00\u00a0₽", "1500.00"),
    ("1000000", "1000000.00"),
    ("1 000 000,00", "1000000.00"),
    ("0999", "999.00"),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS_ACCEPTED)
def test_parse_amount_accepts(text: str, expected: str) -> None:
    value = parse_amount(text, MAXIMUM)
    assert value == Decimal(expected)
    assert value.as_tuple().exponent == -2  # quantized to kopecks
    assert str(value) == expected


AMOUNTS_REFUSED = [
    ("", "input.amount.empty"),
    ("   ", "input.amount.empty"),
    ("0", "input.amount.not_positive"),
    ("0,00", "input.amount.not_positive"),
    ("0 ₽", "input.amount.not_positive"),
    ("-1500", "input.amount.not_positive"),
    ("- 1500", "input.amount.not_positive"),
    ("−1500", "input.amount.not_positive"),
    ("–1 500 руб", "input.amount.not_positive"),
    ("1500,555", "input.amount.too_many_decimals"),
    ("1500.001", "input.amount.too_many_decimals"),
    ("0.500", "input.amount.too_many_decimals"),
    ("1 500,500", "input.amount.too_many_decimals"),
    ("1,500.555", "input.amount.too_many_decimals"),
    ("1,500", "input.amount.ambiguous"),
    ("1.500", "input.amount.ambiguous"),
    ("999,000", "input.amount.ambiguous"),
    ("15 00", "input.amount.bad_grouping"),
    ("1 5000", "input.amount.bad_grouping"),
    ("1500 000", "input.amount.bad_grouping"),
    ("1,50,000", "input.amount.bad_grouping"),
    ("1 500,000.00", "input.amount.bad_grouping"),
    ("1.500.000,00.5", "input.amount.bad_grouping"),
    ("1,5.50", "input.amount.bad_grouping"),
    ("abc", "input.amount.not_number"),
    ("полторы тысячи", "input.amount.not_number"),
    ("NaN", "input.amount.not_number"),
    ("nan", "input.amount.not_number"),
    ("Infinity", "input.amount.not_number"),
    ("inf", "input.amount.not_number"),
    ("1e5", "input.amount.not_number"),
    ("1E3", "input.amount.not_number"),
    ("0x10", "input.amount.not_number"),
    ("1_500", "input.amount.not_number"),
    ("+1500", "input.amount.not_number"),
    ("1500.", "input.amount.not_number"),
    (",50", "input.amount.not_number"),
    ("1500, 50", "input.amount.not_number"),
    ("1,,500", "input.amount.not_number"),
    ("١٥٠٠", "input.amount.not_number"),  # Arabic-Indic digits
    ("１５００", "input.amount.not_number"),  # full-width digits
    ("₽", "input.amount.not_number"),
    ("руб", "input.amount.not_number"),
    ("₽ 1500 ₽", "input.amount.not_number"),
    ("1500 руб 50 коп", "input.amount.not_number"),
    ("1500 ivan", "input.amount.not_number"),
    ("$100", "input.amount.foreign_currency"),
    ("100 USD", "input.amount.foreign_currency"),
    ("100 €", "input.amount.foreign_currency"),
    ("100 долларов", "input.amount.foreign_currency"),
    ("100 евро", "input.amount.foreign_currency"),
    ("1000000,01", "input.amount.too_large"),
    ("2 000 000", "input.amount.too_large"),
    ("9" * 60, "input.amount.too_large"),
]


@pytest.mark.parametrize(("text", "key"), AMOUNTS_REFUSED)
def test_parse_amount_refuses(text: str, key: str) -> None:
    refused(lambda: parse_amount(text, MAXIMUM), key)


# --------------------------------------------------------------------------------------------
# Quantities
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", "2"),
        (" 2 ", "2"),
        ("2,5", "2.5"),
        ("2.5", "2.5"),
        ("1.500", "1.500"),  # a quantity has three decimals: one and a half, as written
        ("0,125", "0.125"),
        ("9999999", "9999999"),
        ("9999999.999", "9999999.999"),
        ("\u200b3", "3"),
    ],
)
def test_parse_quantity_accepts(text: str, expected: str) -> None:
    assert str(parse_quantity(text)) == expected


QUANTITIES_REFUSED = [
    ("", "input.quantity.not_number"),
    ("два", "input.quantity.not_number"),
    ("1e3", "input.quantity.not_number"),
    ("1 000", "input.quantity.not_number"),
    ("1,000.5", "input.quantity.not_number"),
    ("-2", "input.quantity.not_number"),
    ("+2", "input.quantity.not_number"),
    ("NaN", "input.quantity.not_number"),
    ("Infinity", "input.quantity.not_number"),
    ("\u0663", "input.quantity.not_number"),  # an Arabic-Indic three
    ("２", "input.quantity.not_number"),  # a full-width two
    ("2,", "input.quantity.not_number"),
    ("2,5 кг", "input.quantity.not_number"),
    ("0,0001", "input.quantity.too_many_decimals"),
    ("2.1234", "input.quantity.too_many_decimals"),
    ("10000000", "input.quantity.too_large"),
    ("1" * 30, "input.quantity.too_large"),
    ("0", "input.quantity.not_positive"),
    ("0,000", "input.quantity.not_positive"),
]


@pytest.mark.parametrize(("text", "key"), QUANTITIES_REFUSED)
def test_parse_quantity_refuses(text: str, key: str) -> None:
    refused(lambda: parse_quantity(text), key)


def test_too_large_names_the_maximum() -> None:
    error = refused(lambda: parse_amount("5000,01", Decimal("5000")), "input.amount.too_large")
    assert error.params == {"maximum": Decimal("5000")}
    assert "5\u00a0000,00\u00a0₽" in Texts("ru")(error.key, **error.params_for("ru"))
    assert "RUB\u00a05,000.00" in Texts("en")(error.key, **error.params_for("en"))


def test_maximum_itself_is_accepted() -> None:
    assert parse_amount("5 000,00", Decimal("5000")) == Decimal("5000.00")


def test_error_quotes_a_shortened_answer() -> None:
    error = refused(lambda: parse_amount("x" * 500, MAXIMUM), "input.amount.not_number")
    quoted = error.params["text"]
    assert isinstance(quoted, str)
    assert len(quoted) <= 40
    assert quoted.endswith("…")


# --------------------------------------------------------------------------------------------
# E-mail
# --------------------------------------------------------------------------------------------

EMAILS_ACCEPTED = [
    ("ivan@example.com", "ivan@example.com"),
    ("  ivan@example.com ", "ivan@example.com"),
    ("Ivan.Petrov@Example.COM", "Ivan.Petrov@example.com"),
    ("ivan+invoices@mail.ru", "ivan+invoices@mail.ru"),
    ("i_van-1@sub.domain.co.uk", "i_van-1@sub.domain.co.uk"),
    ("ivan@пример.рф", "ivan@пример.рф"),
    ("ivan＠example.com", "ivan@example.com"),  # full-width at-sign
]


@pytest.mark.parametrize(("text", "expected"), EMAILS_ACCEPTED)
def test_parse_email_accepts(text: str, expected: str) -> None:
    assert parse_email(text) == expected


EMAILS_REFUSED = [
    ("", "input.email.empty"),
    ("  ", "input.email.empty"),
    ("ivan example.com", "input.email.spaces"),
    ("ivan @example.com", "input.email.spaces"),
    ("ivan.example.com", "input.email.no_at"),
    ("ivan", "input.email.no_at"),
    ("ivan@@example.com", "input.email.many_at"),
    ("a@b@example.com", "input.email.many_at"),
    ("@example.com", "input.email.nothing_before_at"),
    ("ivan@", "input.email.nothing_after_at"),
    ("ivan@localhost", "input.email.domain_no_dot"),
    ("ivan@example", "input.email.domain_no_dot"),
    (".ivan@example.com", "input.email.dots"),
    ("ivan.@example.com", "input.email.dots"),
    ("iv..an@example.com", "input.email.dots"),
    ("ivan@example..com", "input.email.dots"),
    ("ivan@.example.com", "input.email.dots"),
    ("ivan@-example.com", "input.email.dots"),
    ("иван@example.com", "input.email.non_ascii_local"),
    ("ivan@exa_mple.com", "input.email.invalid_chars"),
    ("iv(an)@example.com", "input.email.invalid_chars"),
    ("ivan@example.local", "input.email.reserved_domain"),
    ("ivan@shop.test", "input.email.reserved_domain"),
    ("i" * 65 + "@example.com", "input.email.too_long"),
    ("ivan@" + "a" * 250 + ".com", "input.email.too_long"),
    ("ivan@example.123", "input.email.bad_domain"),
    ('"ivan"@example.com', "input.email.invalid"),
]


@pytest.mark.parametrize(("text", "key"), EMAILS_REFUSED)
def test_parse_email_refuses(text: str, key: str) -> None:
    error = refused(lambda: parse_email(text), key)
    if key != "input.email.empty" and len(text.strip()) <= 40:
        assert error.params == {"email": text.strip()}


# --------------------------------------------------------------------------------------------
# Phone
# --------------------------------------------------------------------------------------------

PHONES_ACCEPTED = [
    ("+79101234567", "+79101234567"),
    ("8 (910) 123-45-67", "+79101234567"),
    ("8-910-123-45-67", "+79101234567"),
    ("89101234567", "+79101234567"),
    ("7 910 123 45 67", "+79101234567"),
    ("+7 (910) 123 45 67", "+79101234567"),
    ("9101234567", "+79101234567"),
    ("(910) 123-45-67", "+79101234567"),
    ("+7\u00a0910\u00a0123-45-67", "+79101234567"),
    ("+7\u2009910\u202f123\u200745\u201167", "+79101234567"),
    ("8.910.123.45.67", "+79101234567"),
    ("+7 495 123-45-67", "+74951234567"),  # Moscow landline
    ("8 800 555-35-35", "+78005553535"),
    ("+7 701 123 4567", "+77011234567"),  # Kazakhstan shares +7
    ("+49 30 12345678", "+493012345678"),
    ("+380 44 123 4567", "+380441234567"),
]


@pytest.mark.parametrize(("text", "expected"), PHONES_ACCEPTED)
def test_parse_phone_accepts(text: str, expected: str) -> None:
    assert parse_phone(text) == expected


PHONES_REFUSED = [
    ("", "input.phone.empty"),
    ("   ", "input.phone.empty"),
    ("8-800-FLOWERS", "input.phone.invalid_chars"),
    ("tel:+79101234567", "input.phone.invalid_chars"),
    ("+7 910 123 45 67 доб. 5", "input.phone.invalid_chars"),
    ("79101234567+", "input.phone.invalid_chars"),
    ("++79101234567", "input.phone.invalid_chars"),
    ("ivan@example.com", "input.phone.invalid_chars"),
    ("+", "input.phone.invalid"),
    ("()", "input.phone.invalid"),
    ("+7 910 123 45 6", "input.phone.wrong_length_ru"),
    ("8 910 123 45 678", "input.phone.wrong_length_ru"),
    ("8910", "input.phone.wrong_length_ru"),
    ("+7 123 456 78 90", "input.phone.invalid"),
    ("81234567890", "input.phone.invalid"),
    ("1234567890", "input.phone.invalid"),
    ("123", "input.phone.invalid"),
    ("+999 123 456 789", "input.phone.invalid"),
    ("+1", "input.phone.invalid"),
]


@pytest.mark.parametrize(("text", "key"), PHONES_REFUSED)
def test_parse_phone_refuses(text: str, key: str) -> None:
    refused(lambda: parse_phone(text), key)


def test_wrong_length_counts_digits() -> None:
    error = refused(lambda: parse_phone("+7 910 123 45 6"), "input.phone.wrong_length_ru")
    assert error.params == {"phone": "+7 910 123 45 6", "count": 10}


# --------------------------------------------------------------------------------------------
# Expiry
# --------------------------------------------------------------------------------------------

EXPIRIES_ACCEPTED = [
    ("31.12.2026", date(2026, 12, 31)),
    (" 31.12.2026 ", date(2026, 12, 31)),
    ("31.12.26", date(2026, 12, 31)),
    ("31.12", date(2026, 12, 31)),
    ("1.7", date(2026, 7, 1)),
    ("15.06", TODAY),  # today: this year
    ("14.06", date(2027, 6, 14)),  # passed this year: next year
    ("01.01", date(2027, 1, 1)),
    ("5.1.2027", date(2027, 1, 5)),
    ("31/12/2026", date(2026, 12, 31)),
    ("31-12-2026", date(2026, 12, 31)),
    ("31.12.2026 г.", date(2026, 12, 31)),
    ("31.12.2026г", date(2026, 12, 31)),
    ("2026-12-31", date(2026, 12, 31)),
    ("2026-6-15", TODAY),
    ("+7", TODAY + timedelta(days=7)),
    ("+ 7", TODAY + timedelta(days=7)),
    ("+0", TODAY),
    ("+00030", TODAY + timedelta(days=30)),
    ("+1096", date(2029, 6, 15)),  # exactly three years
    ("15.06.2029", date(2029, 6, 15)),
]


@pytest.mark.parametrize(("text", "expected"), EXPIRIES_ACCEPTED)
def test_parse_expiry_accepts(text: str, expected: date) -> None:
    assert parse_expiry(text, TODAY) == expected


EXPIRIES_REFUSED = [
    ("", "input.expiry.empty"),
    ("  ", "input.expiry.empty"),
    ("завтра", "input.expiry.format"),
    ("31 декабря", "input.expiry.format"),
    ("31.12.202", "input.expiry.format"),
    ("31.12/2026", "input.expiry.format"),
    ("2026/12/31", "input.expiry.format"),
    ("31122026", "input.expiry.format"),
    ("-7", "input.expiry.format"),
    ("+7 дней", "input.expiry.format"),
    ("+", "input.expiry.format"),
    ("３１.１２.２０２６", "input.expiry.format"),  # full-width digits
    ("31.02.2027", "input.expiry.no_such_date"),
    ("32.12.2026", "input.expiry.no_such_date"),
    ("10.13", "input.expiry.no_such_date"),
    ("00.12.2026", "input.expiry.no_such_date"),
    ("2026-02-30", "input.expiry.no_such_date"),
    ("0000-01-01", "input.expiry.no_such_date"),
    ("29.02.2027", "input.expiry.no_such_date"),
    ("14.06.2026", "input.expiry.past"),
    ("01.01.26", "input.expiry.past"),
    ("2020-01-01", "input.expiry.past"),
    ("16.06.2029", "input.expiry.too_far"),
    ("31.12.99", "input.expiry.too_far"),
    ("+1097", "input.expiry.too_far"),
    ("+99999999999999999999999", "input.expiry.too_far"),
    ("+" + "9" * 5000, "input.expiry.too_far"),
]


@pytest.mark.parametrize(("text", "key"), EXPIRIES_REFUSED)
def test_parse_expiry_refuses(text: str, key: str) -> None:
    refused(lambda: parse_expiry(text, TODAY), key)


def test_past_date_names_today() -> None:
    error = refused(lambda: parse_expiry("01.06.2026", TODAY), "input.expiry.past")
    assert error.params == {"today": TODAY}
    assert "15.06.2026" in Texts("ru")(error.key, **error.params_for("ru"))
    assert "15 Jun 2026" in Texts("en")(error.key, **error.params_for("en"))


def test_too_far_names_the_latest_day() -> None:
    error = refused(lambda: parse_expiry("+5000", TODAY), "input.expiry.too_far")
    assert error.params == {"latest": date(2029, 6, 15)}


def test_latest_expiry_from_a_leap_day() -> None:
    assert latest_expiry(date(2028, 2, 29)) == date(2031, 2, 28)


def test_short_form_rolls_over_the_new_year() -> None:
    assert parse_expiry("10.01", date(2026, 12, 31)) == date(2027, 1, 10)
    assert parse_expiry("31.12", date(2026, 12, 31)) == date(2026, 12, 31)


def test_short_leap_day() -> None:
    assert parse_expiry("29.02", date(2028, 1, 10)) == date(2028, 2, 29)
    refused(lambda: parse_expiry("29.02", date(2026, 1, 10)), "input.expiry.no_such_date")


# --------------------------------------------------------------------------------------------
# Service and skip
# --------------------------------------------------------------------------------------------

SERVICES_ACCEPTED = [
    ("Консультация", "Консультация"),
    ("  Консультация  ", "Консультация"),
    ("Курс\n  «Основы»\tонлайн", "Курс «Основы» онлайн"),
    ("Аренда\u00a0зала", "Аренда зала"),
    ("<b>&amp;</b>", "<b>&amp;</b>"),  # escaping is the renderer's job
    ("x", "x"),
    ("я" * SERVICE_MAX_LENGTH, "я" * SERVICE_MAX_LENGTH),
    ("a " * 64 + "   ", ("a " * 64).strip()),
]


@pytest.mark.parametrize(("text", "expected"), SERVICES_ACCEPTED)
def test_parse_service_accepts(text: str, expected: str) -> None:
    assert parse_service(text) == expected


SERVICES_REFUSED = [
    ("", "input.service.empty"),
    (" \n\t ", "input.service.empty"),
    ("я" * (SERVICE_MAX_LENGTH + 1), "input.service.too_long"),
    ("Курс\x00", "input.service.control_chars"),
    ("Курс\x07 онлайн", "input.service.control_chars"),
]


@pytest.mark.parametrize(("text", "key"), SERVICES_REFUSED)
def test_parse_service_refuses(text: str, key: str) -> None:
    refused(lambda: parse_service(text), key)


def test_too_long_service_says_how_long() -> None:
    error = refused(lambda: parse_service(" ".join(["слово"] * 30)), "input.service.too_long")
    assert error.params == {"length": 179, "maximum": SERVICE_MAX_LENGTH}


@pytest.mark.parametrize("text", ["-", "—", "–", " - ", "\u2212", "\n—\n"])
def test_is_skip(text: str) -> None:
    assert is_skip(text)


@pytest.mark.parametrize("text", ["", " ", "--", "- -", "-1", "нет", "_", "skip"])
def test_is_not_skip(text: str) -> None:
    assert not is_skip(text)


# --------------------------------------------------------------------------------------------
# One line
# --------------------------------------------------------------------------------------------


def one(
    amount: str,
    email: str | None = None,
    phone: str | None = None,
    expiry: date | None = None,
    service: str | None = None,
) -> OneLine:
    return OneLine(Decimal(amount), email, phone, expiry, service)


ONE_LINES_ACCEPTED = [
    (
        "1500 ivan@example.com +79101234567 31.12.2026 Консультация",
        one("1500.00", "ivan@example.com", "+79101234567", date(2026, 12, 31), "Консультация"),
    ),
    ("1500", one("1500.00")),
    ("  1500  ", one("1500.00")),
    ("1500,50", one("1500.50")),
    ("1500 ₽", one("1500.00")),
    ("1500 руб. Консультация", one("1500.00", service="Консультация")),
    ("1500₽ Консультация", one("1500.00", service="Консультация")),
    ("1\u00a0500,00\u00a0₽ Консультация", one("1500.00", service="Консультация")),
    (
        "1500 Консультация юриста ivan@example.com",
        one("1500.00", "ivan@example.com", service="Консультация юриста"),
    ),
    (
        "1500 Консультация +7 юриста",
        one("1500.00", expiry=TODAY + timedelta(days=7), service="Консультация юриста"),
    ),
    (
        "1500 31.12 8 (910) 123-45-67 Курс",
        one("1500.00", phone="+79101234567", expiry=date(2026, 12, 31), service="Курс"),
    ),
    (
        "1500 +7 910 123-45-67 +7",
        one("1500.00", phone="+79101234567", expiry=TODAY + timedelta(days=7)),
    ),
    ("1500 9101234567", one("1500.00", phone="+79101234567")),
    ("1500 +49 30 12345678", one("1500.00", phone="+493012345678")),
    (
        "1500 +30 9101234567",
        one("1500.00", phone="+79101234567", expiry=TODAY + timedelta(days=30)),
    ),
    ("1500 2026-12-31", one("1500.00", expiry=date(2026, 12, 31))),
    ("1500 31/12/26", one("1500.00", expiry=date(2026, 12, 31))),
    ("1500 — Консультация", one("1500.00", service="Консультация")),
    ("1500 - Курс А — Б -", one("1500.00", service="Курс А — Б")),
    ("1500 -", one("1500.00")),
    (
        "1500, ivan@example.com, 31.12, Курс, 2 часа",
        one("1500.00", "ivan@example.com", expiry=date(2026, 12, 31), service="Курс, 2 часа"),
    ),
    ("1500 Версия 2.0", one("1500.00", service="Версия 2.0")),
    ("1500 Курс 1.5 часа", one("1500.00", service="Курс 1.5 часа")),
    ("1500 Тариф 10.00", one("1500.00", service="Тариф 10.00")),
    ("1500 12.50", one("1500.00", service="12.50")),
    ("1500 100 визиток", one("1500.00", service="100 визиток")),
    ("5 ₽ 100 визиток", one("5.00", service="100 визиток")),
    ("5 руб 100 визиток", one("5.00", service="100 визиток")),
    ("1500 8 занятий", one("1500.00", service="8 занятий")),
    ("1500\nКонсультация\nюриста", one("1500.00", service="Консультация юриста")),
]


@pytest.mark.parametrize(("text", "expected"), ONE_LINES_ACCEPTED)
def test_parse_one_line_accepts(text: str, expected: OneLine) -> None:
    assert parse_one_line(text, MAXIMUM, TODAY) == expected


ONE_LINES_REFUSED = [
    ("", "input.one_line.empty"),
    (" \n ", "input.one_line.empty"),
    ("Консультация 1500", "input.one_line.amount_first"),
    ("ivan@example.com 1500", "input.one_line.amount_first"),
    ("₽ 1500", "input.one_line.amount_first"),
    ("1 500 Консультация", "input.one_line.amount_split"),
    ("1 500,50", "input.one_line.amount_split"),
    ("5 100 визиток", "input.one_line.amount_split"),
    ("1 000 000", "input.one_line.amount_split"),
    ("1500 a@example.com b@example.com", "input.one_line.two_emails"),
    ("1500 +79101234567 8 910 765-43-21", "input.one_line.two_phones"),
    ("1500 31.12 +7", "input.one_line.two_expiries"),
    ("0 Консультация", "input.amount.not_positive"),
    ("-5 Консультация", "input.amount.not_positive"),
    ("1500,555 Консультация", "input.amount.too_many_decimals"),
    ("1,500 Консультация", "input.amount.ambiguous"),
    ("2000000 Консультация", "input.amount.too_large"),
    ("100$ Консультация", "input.amount.foreign_currency"),
    ("1500 ivan@example", "input.email.domain_no_dot"),
    ("1500 @ivan_tg", "input.email.nothing_before_at"),
    ("1500 +7 123 456 78 90", "input.phone.invalid"),
    ("1500 81234567890", "input.phone.invalid"),
    ("1500 8 910 123 45 6 Курс", "input.phone.wrong_length_ru"),
    ("1500 +7 910 123 45 678 Курс", "input.phone.wrong_length_ru"),
    ("1500 +7 89101234567", "input.phone.wrong_length_ru"),
    ("1500 01.06.2026", "input.expiry.past"),
    ("1500 31.02.2027", "input.expiry.no_such_date"),
    ("1500 31.02", "input.expiry.no_such_date"),
    ("1500 31.12.2026 31.02", "input.one_line.two_expiries"),
    ("1500 +5000", "input.expiry.too_far"),
    ("1500 " + "Консультация " * 20, "input.service.too_long"),
    ("1500 Курс\x00", "input.service.control_chars"),
]


@pytest.mark.parametrize(("text", "key"), ONE_LINES_REFUSED)
def test_parse_one_line_refuses(text: str, key: str) -> None:
    refused(lambda: parse_one_line(text, MAXIMUM, TODAY), key)


# --------------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------------

KEYS_IN_SOURCE = {
    key
    for module in Path(parsing.__file__).parent.glob("*.py")
    for key in re.findall(r"\"(input\.[a-z_]+\.[a-z_]+)\"", module.read_text("utf-8"))
}


def test_every_key_in_the_parsers_has_a_text() -> None:
    assert len(KEYS_IN_SOURCE) > 30  # the scan finds the keys at all
    assert not KEYS_IN_SOURCE - TEXTS.keys(), sorted(KEYS_IN_SOURCE - TEXTS.keys())


def test_every_text_is_used_by_the_parsers() -> None:
    assert not TEXTS.keys() - KEYS_IN_SOURCE, sorted(TEXTS.keys() - KEYS_IN_SOURCE)


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_both_languages_use_the_same_fields(key: str) -> None:
    assert key.startswith("input.")
    entry = TEXTS[key]
    assert fields(entry.ru) == fields(entry.en)
    assert entry.ru != entry.en


def every_refusal() -> list[InputError]:
    """Every InputError the tables above provoke, and the refusals tested one by one."""
    parsers: list[tuple[Callable[[str], object], list[tuple[str, str]]]] = [
        (lambda text: parse_amount(text, MAXIMUM), AMOUNTS_REFUSED),
        (parse_email, EMAILS_REFUSED),
        (parse_phone, PHONES_REFUSED),
        (lambda text: parse_expiry(text, TODAY), EXPIRIES_REFUSED),
        (parse_service, SERVICES_REFUSED),
        (lambda text: parse_one_line(text, MAXIMUM, TODAY), ONE_LINES_REFUSED),
        (parse_quantity, QUANTITIES_REFUSED),
    ]
    calls: list[tuple[Callable[[], object], str]] = [
        (lambda: parse_amount("5000,01", Decimal("5000")), "input.amount.too_large"),
        (lambda: parse_amount("x" * 500, MAXIMUM), "input.amount.not_number"),
        (lambda: parse_phone("+7 910 123 45 6"), "input.phone.wrong_length_ru"),
        (lambda: parse_expiry("01.06.2026", TODAY), "input.expiry.past"),
        (lambda: parse_expiry("+5000", TODAY), "input.expiry.too_far"),
        (lambda: parse_expiry("29.02", date(2026, 1, 10)), "input.expiry.no_such_date"),
        (lambda: parse_service(" ".join(["слово"] * 30)), "input.service.too_long"),
        (lambda: parse_whole("пятого", 1, 31), "input.whole.not_number"),
        (lambda: parse_whole("32", 1, 31), "input.whole.out_of_range"),
    ]
    for parse, table in parsers:
        calls += [(functools.partial(parse, text), key) for text, key in table]
    return [refused(call, key) for call, key in calls]


def test_every_raised_error_renders() -> None:
    """Each error the parsers raise fits its texts exactly, and every text is reachable."""
    raised = every_refusal()
    assert len(raised) > 100
    assert {error.key for error in raised} == TEXTS.keys()
    for error in raised:
        assert error.key in TEXTS
        assert set(error.params) == fields(TEXTS[error.key].ru), error
        for lang in LANGUAGES:
            rendered = Texts(lang)(error.key, **error.params_for(lang))
            assert "{" not in rendered
            assert "}" not in rendered


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

# Any string at all (surrogates included), and strings made of the characters the parsers care
# about, so that the deeper branches are reached too.
ANY_TEXT = st.text(st.characters(exclude_categories=()))
FORM_ALPHABET = "0123456789 ,.-+/()@₽рубpРгeE\u00a0\u2009\u202f\n—–$x"
FORM_TEXT = st.text(FORM_ALPHABET, max_size=40)
TEXTS_TO_TRY = st.one_of(ANY_TEXT, FORM_TEXT)


def outcome(call: Callable[[], object]) -> object:
    """What ``call`` returns, or the InputError it raises (any other exception propagates)."""
    try:
        return call()
    except InputError as error:
        return error


def assert_only_input_error(call: Callable[[], object], kind: type) -> None:
    result = outcome(call)
    if isinstance(result, InputError):
        assert result.key in TEXTS
        assert set(result.params) == fields(TEXTS[result.key].ru)
    else:
        assert isinstance(result, kind)


@given(TEXTS_TO_TRY)
@example("1e999999999")
@example("9" * 5000)
@example("+" + "9" * 5000)
@example("\ud800@example.com")
@example("ivan@\ud800.com")
@example("ivan@xn--.com")
@example("ivan@xn--zz.com")
def test_any_text_parses_or_raises_input_error(text: str) -> None:
    assert_only_input_error(lambda: parse_amount(text, MAXIMUM), Decimal)
    assert_only_input_error(lambda: parse_email(text), str)
    assert_only_input_error(lambda: parse_phone(text), str)
    assert_only_input_error(lambda: parse_expiry(text, TODAY), date)
    assert_only_input_error(lambda: parse_service(text), str)
    assert_only_input_error(lambda: parse_one_line(text, MAXIMUM, TODAY), OneLine)
    assert_only_input_error(lambda: parse_quantity(text), Decimal)
    assert isinstance(is_skip(text), bool)


ONE_LINE_WORDS = st.sampled_from(
    [
        "1500",
        "1 500",
        "₽",
        "руб.",
        "ivan@example.com",
        "a@b",
        "+7",
        "+79101234567",
        "8",
        "(910)",
        "123-45-67",
        "910",
        "31.12",
        "12.50",
        "2026-12-31",
        "—",
        ",",
        "Курс",
        "\u00a0",
        "\ud800",
    ]
)


@settings(max_examples=300)
@given(st.lists(ONE_LINE_WORDS, max_size=8).map(" ".join))
def test_one_line_word_soup_parses_or_raises_input_error(text: str) -> None:
    assert_only_input_error(lambda: parse_one_line(text, MAXIMUM, TODAY), OneLine)


def amount_styles(value: Decimal) -> list[str]:
    plain = f"{value:.2f}"
    whole, cents = plain.split(".")
    spaced = f"{int(whole):,}".replace(",", " ")
    styles = [
        plain,
        plain.replace(".", ","),
        f"{value:,.2f}",  # 1,500.50
        f"{int(whole):,}".replace(",", ".") + "," + cents,  # 1.500,50
        f"{spaced},{cents}",
        f"{spaced}.{cents} ₽",
        f"{spaced},{cents}".replace(" ", "\u00a0") + "\u00a0руб.",
        f"{spaced},{cents}".replace(" ", "\u2009") + "р",
        "₽" + plain,
        format_amount(value, "ru"),
        format_amount(value, "en"),
    ]
    if cents == "00":
        styles += [whole, spaced, f"{whole} рублей"]
    elif cents.endswith("0"):
        styles += [f"{whole},{cents[0]}", f"{spaced}.{cents[0]}"]
    return styles


@given(st.decimals(min_value=Decimal("0.01"), max_value=MAXIMUM, places=2))
@example(Decimal("1500.50"))
@example(Decimal("1000000.00"))
@example(Decimal("0.01"))
@example(Decimal("1000.00"))
def test_parse_amount_round_trips(value: Decimal) -> None:
    for text in amount_styles(value):
        assert parse_amount(text, MAXIMUM) == value, text


@given(st.decimals(min_value=Decimal("0.01"), max_value=MAXIMUM, places=2))
def test_one_line_amount_round_trips(value: Decimal) -> None:
    for text in (f"{value:.2f}", format_amount(value, "ru"), format_amount(value, "en")):
        assert parse_one_line(f"{text} Курс", MAXIMUM, TODAY).amount == value, text


@given(st.decimals(min_value=MAXIMUM + Decimal("0.01"), max_value=MAXIMUM * 1000, places=2))
def test_amounts_over_the_maximum_are_refused(value: Decimal) -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(f"{value:.2f}", MAXIMUM)
    assert caught.value.key == "input.amount.too_large"


MOBILE_CODES = [*range(901, 930), *range(960, 970), *range(980, 990)]


def phone_styles(code: int, number: str) -> list[str]:
    a, b, c = number[:3], number[3:5], number[5:]
    return [
        f"+7{code}{number}",
        f"8{code}{number}",
        f"7{code}{number}",
        f"{code}{number}",
        f"+7 ({code}) {a}-{b}-{c}",
        f"8 ({code}) {a}-{b}-{c}",
        f"8-{code}-{a}-{b}-{c}",
        f" 8 {code} {a} {b} {c} ",
        f"+7\u00a0{code}\u00a0{a}\u00a0{b}\u00a0{c}",
    ]


@given(st.sampled_from(MOBILE_CODES), st.from_regex(r"\A[0-9]{7}\Z"))
def test_parse_phone_gives_e164_for_russian_mobiles(code: int, number: str) -> None:
    expected = f"+7{code}{number}"
    for text in phone_styles(code, number):
        assert parse_phone(text) == expected, text


@given(st.sampled_from(MOBILE_CODES), st.from_regex(r"\A[0-9]{7}\Z"))
def test_one_line_finds_russian_mobiles(code: int, number: str) -> None:
    for text in phone_styles(code, number):
        line = parse_one_line(f"1500 {text} Курс", MAXIMUM, TODAY)
        assert line.phone == f"+7{code}{number}", text
        assert line.service == "Курс"


@given(st.dates(min_value=TODAY, max_value=latest_expiry(TODAY)))
def test_parse_expiry_round_trips_dates_in_range(day: date) -> None:
    for text in (
        day.strftime("%d.%m.%Y"),
        day.isoformat(),
        f"{day.day}.{day.month}.{day.year % 100:02d}",
        f"+{(day - TODAY).days}",
    ):
        assert parse_expiry(text, TODAY) == day, text


@given(st.dates(max_value=TODAY - timedelta(days=1)))
def test_parse_expiry_refuses_past_dates(day: date) -> None:
    with pytest.raises(InputError) as caught:
        parse_expiry(day.isoformat(), TODAY)
    assert caught.value.key == "input.expiry.past"
    assert caught.value.params == {"today": TODAY}


@given(
    st.dates(min_value=date(2028, 1, 1), max_value=date(2028, 12, 31)),  # a leap year
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
)
def test_short_form_is_the_next_occurrence(day: date, today: date) -> None:
    result = outcome(lambda: parse_expiry(f"{day.day}.{day.month}", today))
    if isinstance(result, InputError):
        assert (day.month, day.day) == (2, 29)  # not in 2026 or 2027
        assert result.key == "input.expiry.no_such_date"
        return
    assert isinstance(result, date)
    assert (result.month, result.day) == (day.month, day.day)
    assert today <= result < today + timedelta(days=366)


@given(st.text(st.characters(exclude_categories=("Cc", "Cs", "Cf")), min_size=1))
def test_parse_service_normalizes_whitespace(text: str) -> None:
    service = outcome(lambda: parse_service(text))
    if isinstance(service, InputError):
        assert service.key in ("input.service.empty", "input.service.too_long")
        return
    assert service == " ".join(text.split())
    assert 1 <= len(service) <= SERVICE_MAX_LENGTH
    assert parse_service(service) == service


# --------------------------------------------------------------------------------------------
# Invisible characters
# --------------------------------------------------------------------------------------------

RLO, PDF, LRI, PDI, ZWSP, ZWJ, BOM = (
    "\u202e",
    "\u202c",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\ufeff",
)
FAMILY = "👨\u200d👩\u200d👧"
RAINBOW_FLAG = "🏳\ufe0f\u200d🌈"
TECHNOLOGIST = "👩🏽\u200d💻"
SCOTLAND = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
# One of each kind the issue names, and some more of category Cf.
FORMAT_CHARACTERS = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\ufeff\u061c\u00ad\u180e\ufff9\U000e0001"
)

INVISIBLE_STRIPPED = [
    ("Консультация" + ZWSP, "Консультация"),
    # Displays as "Консультация txt.exe" with the override in place.
    ("Консультация " + RLO + "exe.txt" + PDF, "Консультация exe.txt"),
    (LRI + "Аудит" + PDI + BOM, "Аудит"),
    ("a" + FORMAT_CHARACTERS + "b", "ab"),
    ("Курс\u00adсофт", "Курссофт"),  # a soft hyphen
    # A joiner inside an emoji sequence keeps it one picture; elsewhere it goes.
    (FAMILY, FAMILY),
    (RAINBOW_FLAG, RAINBOW_FLAG),
    (TECHNOLOGIST, TECHNOLOGIST),
    ("ab" + ZWJ + "cd", "abcd"),
    (ZWJ + "👩", "👩"),
    ("👩" + ZWJ, "👩"),
    ("👩" + ZWJ + ZWSP + "👩", "👩👩"),
    ("👩" + ZWJ + "я", "👩я"),
    (SCOTLAND, "🏴"),  # tag characters can hide text, so the flag falls back to a black one
    ("Оплата 💳 ёлка №5", "Оплата 💳 ёлка №5"),
]


@pytest.mark.parametrize(("text", "expected"), INVISIBLE_STRIPPED)
def test_strip_invisible(text: str, expected: str) -> None:
    assert strip_invisible(text) == expected


def test_every_parser_ignores_invisible_characters() -> None:
    assert parse_service(f"{RLO}Консультация{PDF}{ZWSP} юриста{BOM}") == "Консультация юриста"
    assert parse_email(f"{BOM}ivan{ZWSP}@example.com{LRI}") == "ivan@example.com"
    assert parse_phone(f"{LRI}+7 910{ZWSP} 123-45-67{PDI}") == "+79101234567"
    assert parse_amount(f"1{ZWSP}500{RLO} ₽", MAXIMUM) == Decimal("1500.00")
    assert parse_expiry(f"\u200e31.12.2026{PDF}", TODAY) == date(2026, 12, 31)
    assert is_skip(f"{ZWSP}-{BOM}")
    assert not is_skip(ZWSP)
    assert parse_one_line(
        f"1500{ZWSP} ivan@{BOM}example.com {RLO}Консультация{PDF} {ZWSP} {ZWSP}—", MAXIMUM, TODAY
    ) == one("1500.00", "ivan@example.com", service="Консультация")


def test_a_service_of_invisible_characters_only_is_empty() -> None:
    refused(lambda: parse_service(FORMAT_CHARACTERS), "input.service.empty")
    assert parse_one_line(f"1500 {RLO}{ZWSP} {BOM}", MAXIMUM, TODAY) == one("1500.00")


def test_an_error_quotes_the_answer_without_invisible_characters() -> None:
    error = refused(lambda: parse_email(f"{RLO}moc.elpmaxe"), "input.email.no_at")
    assert error.params == {"email": "moc.elpmaxe"}


def stray_format_characters(text: str) -> list[str]:
    """Format characters (Cf) in ``text`` other than a joiner between two pictographs (So),
    which may have variation selectors or skin tones (Sk) between the first and it."""
    stray = []
    for index, character in enumerate(text):
        if unicodedata.category(character) != "Cf":
            continue
        before = text[:index].rstrip(
            "\ufe0e\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"
        )
        after = text[index + 1 : index + 2]
        pictographs = bool(before and after) and (
            unicodedata.category(before[-1]) == unicodedata.category(after) == "So"
        )
        if character != ZWJ or not pictographs:
            stray.append(character)
    return stray


# Text thick with format characters, emoji pieces and the characters the parsers look for.
INVISIBLE_HEAVY = st.text(
    st.one_of(
        st.characters(categories=["Cf"]),
        st.sampled_from([ZWJ, "👩", "🏽", "\ufe0f", "💻", "🌈", " ", "@", "+", "-"]),
        st.sampled_from(FORM_ALPHABET),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=60,
)


@given(INVISIBLE_HEAVY)
@example(f"1500 {FAMILY}{ZWJ}{ZWSP}👩")
@example(f"1500 ivan{ZWSP}@example.com {TECHNOLOGIST} {RLO}Курс")
def test_parsed_free_text_never_holds_a_format_character(text: str) -> None:
    free_text: list[object] = [
        outcome(lambda: parse_service(text)),
        outcome(lambda: parse_email(text)),
        outcome(lambda: parse_phone(text)),
    ]
    one_line = outcome(lambda: parse_one_line("1500 " + text, MAXIMUM, TODAY))
    if isinstance(one_line, OneLine):
        free_text += [one_line.service, one_line.email, one_line.phone]
    for value in free_text:
        if isinstance(value, str):
            assert stray_format_characters(value) == []


@given(INVISIBLE_HEAVY)
def test_strip_invisible_keeps_everything_else_in_order(text: str) -> None:
    stripped = strip_invisible(text)
    visible = [c for c in text if unicodedata.category(c) != "Cf"]
    assert [c for c in stripped if unicodedata.category(c) != "Cf"] == visible
    assert stray_format_characters(stripped) == []
    assert strip_invisible(stripped) == stripped


@given(st.text(st.characters(exclude_categories=["Cf"])))
def test_text_without_format_characters_is_unchanged(text: str) -> None:
    assert strip_invisible(text) == text
