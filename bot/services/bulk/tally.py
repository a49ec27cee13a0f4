"""How far a bulk run is (what its progress message and result show), and when it stops before
its end: PayKeeper refusing the bot's credentials or not answering, or the manager's access
revoked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from bot.services.issue_outcomes import FailureKind
from storage.bulk import RowOutcome, RunCounts

# Consecutive rows PayKeeper did not answer for before the run gives up on it.
UNANSWERED_LIMIT: Final = 10


class StopReason:
    AUTH = "auth"
    UNREACHABLE = "unreachable"
    ACCESS = "access"  # the manager's access was revoked


@dataclass(slots=True)
class Tally:
    """How far a run is; what the progress message shows."""

    total: int  # valid rows
    done: int = 0
    outcomes: dict[RowOutcome, int] = field(default_factory=dict)

    @classmethod
    def of(cls, counts: RunCounts) -> Tally:
        return cls(total=counts.valid, done=counts.done, outcomes=dict(counts.outcomes))

    def add(self, outcome: RowOutcome) -> None:
        self.done += 1
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def count(self, outcome: RowOutcome) -> int:
        return self.outcomes.get(outcome, 0)

    @property
    def problems(self) -> int:
        """Rows the manager has to look at: not created, uncertain, or not e-mailed."""
        return sum(
            self.count(outcome)
            for outcome in (RowOutcome.FAILED, RowOutcome.UNCERTAIN, RowOutcome.EMAIL_FAILED)
        )


@dataclass(frozen=True, slots=True)
class RunEnd:
    tally: Tally
    interrupted: bool = False  # stopped by shutdown: resume at the next start
    stop_reason: str | None = None  # gave up on PayKeeper: the rest was not tried


class Breaker:
    """Stops a run when PayKeeper is clearly not going to take the rest of it."""

    def __init__(self) -> None:
        self.reason: str | None = None
        self._unanswered = 0

    def record(self, failure: FailureKind | None) -> None:
        if failure is FailureKind.AUTH:
            self.reason = StopReason.AUTH
        elif failure in (FailureKind.UNREACHABLE, FailureKind.UNCERTAIN):
            self._unanswered += 1
            if self._unanswered >= UNANSWERED_LIMIT:
                self.reason = StopReason.UNREACHABLE
        else:
            self._unanswered = 0


def revoked(breaker: Breaker, may_issue: Callable[[int], bool], manager_id: int) -> bool:
    """Asked before each row: the manager's access revoked stops the run for good."""
    if may_issue(manager_id):
        return False
    breaker.reason = StopReason.ACCESS
    return True
