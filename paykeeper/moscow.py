"""Moscow time, the only time zone PayKeeper speaks."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

# Fixed offset: Moscow has had no DST since 2014, and this avoids a tzdata dependency.
MSK = timezone(timedelta(hours=3), "MSK")

_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_DATE_FORMAT = "%Y-%m-%d"


def format_msk(dt: datetime) -> str:
    """Render an aware datetime as PayKeeper's ``YYYY-MM-DD HH:MM:SS`` in Moscow time."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        # A naive value would silently be read as Moscow time and shift the expiry.
        raise ValueError("naive datetime: attach a time zone before sending it to PayKeeper")
    return dt.astimezone(MSK).strftime(_DATETIME_FORMAT)


def parse_msk(text: str) -> datetime:
    """Parse PayKeeper's ``YYYY-MM-DD HH:MM:SS`` (or a bare date = midnight) as Moscow time."""
    value = text.strip()
    for fmt in (_DATETIME_FORMAT, _DATE_FORMAT):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=MSK)
        except ValueError:
            continue
    raise ValueError(f"not a PayKeeper date: {value!r}")
