"""/report's periods: this month, last month (across a year's turn), and two typed dates."""

from __future__ import annotations

from datetime import date

import pytest

from bot.services.reports import Period, parse_period


def test_this_month_runs_from_the_first_to_today() -> None:
    assert Period.this_month(date(2026, 12, 2)) == Period(date(2026, 12, 1), date(2026, 12, 2))


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (date(2026, 12, 2), date(2026, 11, 1), date(2026, 11, 30)),
        (date(2027, 1, 31), date(2026, 12, 1), date(2026, 12, 31)),
        (date(2028, 3, 1), date(2028, 2, 1), date(2028, 2, 29)),
    ],
)
def test_last_month_is_the_whole_month_before(today: date, first: date, last: date) -> None:
    assert Period.last_month(today) == Period(first, last)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.11.2026 30.11.2026", Period(date(2026, 11, 1), date(2026, 11, 30))),
        ("2026-11-30 2026-11-01", Period(date(2026, 11, 1), date(2026, 11, 30))),
        ("01.11.2026 — 2026-11-05", Period(date(2026, 11, 1), date(2026, 11, 5))),
        ("01.11.2026", None),
        ("01.11.2026 30.11.2026 31.12.2026", None),
        ("вчера сегодня", None),
        ("31.02.2026 01.03.2026", None),
        ("", None),
    ],
)
def test_two_dates_in_either_order(text: str, expected: Period | None) -> None:
    assert parse_period(text) == expected
