"""When a recurring invoice's periods fall: plain date arithmetic on Moscow days, no I/O.

A rule is monthly on a day (the 31st is the last day of a month without one), weekly on a
weekday, or every N days; it ends after a number of periods, after a day, or never. Period 0 is
the first day after the day the schedule was made that fits the rule: the invoice it was made
from already billed that day."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from paykeeper.moscow import MSK

MAX_EVERY_DAYS = 366
MAX_TIMES = 120


class Kind(StrEnum):
    MONTHLY = "monthly"  # step: the day of the month, 1-31
    WEEKLY = "weekly"  # step: the weekday, 0 = Monday
    DAYS = "days"  # step: every so many days


@dataclass(frozen=True, slots=True)
class Rule:
    kind: Kind
    step: int
    start: date  # period 0's day
    until: date | None = None  # no period after this day
    times: int | None = None  # no more periods than this

    def day(self, index: int) -> date:
        """The day of period ``index`` (from 0)."""
        if self.kind is Kind.MONTHLY:
            months = self.start.year * 12 + self.start.month - 1 + index
            return _day_in_month(months // 12, months % 12 + 1, self.step)
        every = 7 if self.kind is Kind.WEEKLY else self.step
        return self.start + timedelta(days=every * index)

    def first_from(self, index: int, day: date) -> int:
        """The first period from ``index`` on that falls on ``day`` or later (or the end)."""
        while not self.ended(index) and self.day(index) < day:
            index += 1
        return index

    def ended(self, index: int) -> bool:
        """Whether period ``index`` is past the rule's end (there is no such period)."""
        if self.times is not None and index >= self.times:
            return True
        return self.until is not None and self.day(index) > self.until


def step_bounds(kind: Kind) -> tuple[int, int]:
    """The steps a kind takes: days of the month, weekdays (0 = Monday), days between."""
    if kind is Kind.MONTHLY:
        return 1, 31
    if kind is Kind.WEEKLY:
        return 0, 6
    return 1, MAX_EVERY_DAYS


def check_step(kind: Kind, step: int) -> bool:
    low, high = step_bounds(kind)
    return low <= step <= high


def first_day(kind: Kind, step: int, today: date) -> date:
    """Period 0: the first day after ``today`` that fits the rule."""
    if kind is Kind.MONTHLY:
        this_month = _day_in_month(today.year, today.month, step)
        if this_month > today:
            return this_month
        months = today.year * 12 + today.month  # the next month, counted from 0
        return _day_in_month(months // 12, months % 12 + 1, step)
    if kind is Kind.WEEKLY:
        return today + timedelta(days=(step - today.weekday() - 1) % 7 + 1)
    return today + timedelta(days=step)


def _day_in_month(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_at(day: date, at: time) -> datetime:
    """When a period falling on ``day`` is issued: at ``at`` Moscow time that day."""
    return datetime.combine(day, at, tzinfo=MSK)


def moscow_day(moment: datetime) -> date:
    return moment.astimezone(MSK).date()
