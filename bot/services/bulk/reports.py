"""What a bulk run tells the manager while it goes, as the run sees it: a port that
bot/telegram/bulk_reports.py implements (rendering and Bot API calls stay out of services)."""

from __future__ import annotations

from typing import Protocol

from bot.services.bulk.columns import Columns
from bot.services.bulk.rows import Problem
from bot.services.bulk.tally import Tally
from storage.bulk import RowResult, RunRecord


class ProblemWording(Protocol):
    """A row's problems as one plain line in ``lang``: kept beside the row in SQLite and
    written into the result file long after the upload's language is gone from memory."""

    def __call__(
        self, problems: list[Problem], columns: Columns, header: list[str], lang: str
    ) -> str: ...


class RunProgress(Protocol):
    """The progress of one run as the manager follows it."""

    @property
    def message_id(self) -> int | None:
        """The progress message, when Telegram took it."""

    def changed(self, tally: Tally) -> None:
        """After every row; cheap, never blocks."""

    async def paused(self, tally: Tally) -> None:
        """Stopped by a shutdown; the next start resumes the run."""

    async def finished(self, tally: Tally, stop_reason: str | None) -> None: ...

    async def crashed(self) -> None: ...


class RunReports(Protocol):
    async def resumed(self, run: RunRecord) -> None:
        """A run cut off by a restart carries on."""

    async def progress(self, run: RunRecord, tally: Tally) -> RunProgress:
        """Show where ``run`` stands and follow it from there."""

    async def result(self, run: RunRecord, results: list[RowResult]) -> None:
        """Send the result file."""
