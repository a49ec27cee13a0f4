"""Display helpers: amounts and dates in Russian and English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.formatting import format_amount, format_date
from bot.parsing import parse_amount

NBSP = "\u00a0"


def test_russian_amount_uses_no_break_spaces() -> None:
    assert format_amount(Decimal("1500"), "ru") == f"1{NBSP}500,00{NBSP}₽"
    assert format_amount(Decimal("1500"), "ru") == "1\u00a0500,00\u00a0₽"


def test_english_amount_is_iso_code_first() -> None:
    assert format_amount(Decimal("1500"), "en") == f"RUB{NBSP}1,500.00"


@pytest.mark.parametrize(
    ("amount", "lang", "expected"),
    [
        ("0.01", "ru", f"0,01{NBSP}₽"),
        ("0.5", "ru", f"0,50{NBSP}₽"),
        ("999", "ru", f"999,00{NBSP}₽"),
        ("1000", "ru", f"1{NBSP}000,00{NBSP}₽"),
        ("1234567.89", "ru", f"1{NBSP}234{NBSP}567,89{NBSP}₽"),
        ("1500.50", "ru", f"1{NBSP}500,50{NBSP}₽"),
        ("0.01", "en", f"RUB{NBSP}0.01"),
        ("999", "en", f"RUB{NBSP}999.00"),
        ("1234567.89", "en", f"RUB{NBSP}1,234,567.89"),
        ("1500.50", "en", f"RUB{NBSP}1,500.50"),
        ("1500", "en-US", f"RUB{NBSP}1,500.00"),
        ("1500", "EN", f"RUB{NBSP}1,500.00"),
        ("1500", "de", f"1{NBSP}500,00{NBSP}₽"),  # anything but English is Russian
        ("1" + "0" * 39, "ru", "1" + f"{NBSP}000" * 13 + f",00{NBSP}₽"),  # beyond 28 digits
    ],
)
def test_format_amount(amount: str, lang: str, expected: str) -> None:
    assert format_amount(Decimal(amount), lang) == expected


def test_russian_amount_has_no_narrow_spaces() -> None:
    assert "\u202f" not in format_amount(Decimal("123456789.10"), "ru")


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (date(2026, 12, 31), "ru", "31.12.2026"),
        (date(2026, 1, 5), "ru", "05.01.2026"),
        (date(2026, 12, 31), "en", "31 Dec 2026"),
        (date(2026, 1, 5), "en", "5 Jan 2026"),
        (date(2027, 5, 1), "en", "1 May 2027"),
        (date(2027, 5, 1), "en-GB", "1 May 2027"),
        (date(2027, 5, 1), "xx", "01.05.2027"),
    ],
)
def test_format_date(day: date, lang: str, expected: str) -> None:
    assert format_date(day, lang) == expected


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2))
@example(Decimal("1000.00"))
def test_formatted_amounts_parse_back(amount: Decimal) -> None:
    for lang in ("ru", "en"):
        shown = format_amount(amount, lang)
        assert parse_amount(shown, Decimal("99999999.99")) == amount, shown


@given(st.dates())
def test_dates_show_day_month_year(day: date) -> None:
    shown = format_date(day, "ru")
    assert shown == f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    english = format_date(day, "en").split(" ")
    assert english[0] == str(day.day)
    assert english[2].lstrip("0") == str(day.year)
