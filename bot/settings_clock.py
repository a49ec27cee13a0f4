"""Settings of recurring invoices' clock: when a period's invoice goes out, and, for tests
only, a fixed moment for that clock (so an end-to-end test can stop the bot, move the time and
start it again)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time

from pydantic import AwareDatetime, Field
from pydantic_settings import BaseSettings


class ClockSettings(BaseSettings):
    schedule_time: time = Field(time(9, 0), description="HH:MM (24-hour, Moscow time), e.g. 09:00")
    # Tests only: recurring invoices run as if it were this moment. Never set in production.
    test_clock: AwareDatetime | None = Field(
        None, description="an ISO 8601 moment with its zone, e.g. 2026-12-31T09:00:00+03:00"
    )

    def schedule_clock(self) -> Callable[[], datetime]:
        """What recurring invoices take for now."""
        fixed = self.test_clock
        if fixed is not None:
            return lambda: fixed
        return lambda: datetime.now(UTC)
