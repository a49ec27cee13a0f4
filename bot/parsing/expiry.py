"""The last day an invoice can be paid: a date or ``+N`` days, within a few years."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from bot.parsing.errors import InputError, excerpt
from bot.parsing.text import strip_invisible

MAX_EXPIRY_YEARS: Final = 3

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
        raise InputError("input.expiry.no_such_date", text=excerpt(text)) from error


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
    raise InputError("input.expiry.format", text=excerpt(stripped))
