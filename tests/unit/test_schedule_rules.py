"""When a recurring invoice's periods fall: the 31st in short months, weekdays, every N days,
and the two ways a schedule ends."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.schedule_rules import Kind, Rule, check_step, due_at, first_day


def days(rule: Rule, count: int) -> list[date]:
    return [rule.day(index) for index in range(count)]


def test_the_31st_is_the_last_day_of_a_month_without_one() -> None:
    rule = Rule(Kind.MONTHLY, 31, first_day(Kind.MONTHLY, 31, date(2026, 12, 8)))
    assert days(rule, 6) == [
        date(2026, 12, 31),
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),  # back to the 31st after a short month, not the 28th
        date(2027, 4, 30),
        date(2027, 5, 31),
    ]
    leap = Rule(Kind.MONTHLY, 30, date(2028, 1, 30))
    assert days(leap, 3) == [date(2028, 1, 30), date(2028, 2, 29), date(2028, 3, 30)]


def test_period_zero_is_the_first_fitting_day_after_today() -> None:
    today = date(2026, 12, 8)  # a Tuesday
    assert first_day(Kind.MONTHLY, 8, today) == date(2027, 1, 8)  # today was billed already
    assert first_day(Kind.MONTHLY, 9, today) == date(2026, 12, 9)
    assert first_day(Kind.MONTHLY, 31, date(2027, 2, 28)) == date(2027, 3, 31)
    assert first_day(Kind.WEEKLY, 1, today) == date(2026, 12, 15)  # Tuesday: next week's
    assert first_day(Kind.WEEKLY, 4, today) == date(2026, 12, 11)  # Friday
    assert first_day(Kind.DAYS, 10, today) == date(2026, 12, 18)


def test_weekly_and_every_n_days() -> None:
    weekly = Rule(Kind.WEEKLY, 0, date(2026, 12, 14))
    assert days(weekly, 3) == [date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 28)]
    every = Rule(Kind.DAYS, 10, date(2026, 12, 25))
    assert days(every, 3) == [date(2026, 12, 25), date(2027, 1, 4), date(2027, 1, 14)]


def test_a_schedule_ends_after_n_times_or_after_a_day() -> None:
    times = Rule(Kind.DAYS, 1, date(2026, 12, 9), times=3)
    assert [times.ended(index) for index in range(5)] == [False, False, False, True, True]
    until = Rule(Kind.MONTHLY, 15, date(2026, 12, 15), until=date(2027, 2, 15))
    assert [until.ended(index) for index in range(4)] == [False, False, False, True]
    forever = Rule(Kind.WEEKLY, 2, date(2026, 12, 9))
    assert not forever.ended(10_000)


def test_a_period_is_due_at_the_moscow_time_of_its_day() -> None:
    moment = due_at(date(2026, 12, 31), time(9, 0))
    assert moment.isoformat() == "2026-12-31T09:00:00+03:00"


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [(Kind.MONTHLY, [1, 31], [0, 32]), (Kind.WEEKLY, [0, 6], [-1, 7]), (Kind.DAYS, [1], [0])],
)
def test_steps_out_of_range_are_refused(kind: Kind, good: list[int], bad: list[int]) -> None:
    assert all(check_step(kind, step) for step in good)
    assert not any(check_step(kind, step) for step in bad)


@given(
    st.integers(min_value=1, max_value=31),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 1, 1)),
    st.integers(min_value=0, max_value=60),
)
def test_monthly_periods_fall_once_a_month_on_the_day_or_the_months_last(
    step: int, today: date, index: int
) -> None:
    rule = Rule(Kind.MONTHLY, step, first_day(Kind.MONTHLY, step, today))
    day, after = rule.day(index), rule.day(index + 1)
    assert rule.day(0) > today
    assert (after.year * 12 + after.month) - (day.year * 12 + day.month) == 1
    # Short of the day only in a month that has no such day: then on its last day.
    assert day.day == step or (day.day < step and (day + timedelta(days=1)).day == 1)
