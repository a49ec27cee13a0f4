"""What an upload holds before anything is issued: how the file was read (the header row,
which column became which field, what else could have, what was ignored), the rows that are
not invoices, the rows with problems, and what can be issued. bot/views/bulk/summary.py
renders it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.services.bulk.columns import Columns
from bot.services.bulk.rows import Problem
from bot.services.bulk.skipping import Skipped


@dataclass(frozen=True, slots=True)
class Summary:
    file_name: str
    rows: int  # candidate invoice rows
    ready: int
    total: Decimal
    emails: int
    retries: int
    existing: int
    uncertain: int
    problems: list[tuple[int, list[Problem]]]  # (row number, what is wrong)
    columns: Columns
    header: list[str]  # the column names
    header_rows: tuple[int, ...] = (1,)
    skipped: list[Skipped] | None = None
    replaced_rates: int = 0  # lines with a pre-2026 20% rate, sent at 22%

    @property
    def can_choose(self) -> bool:
        """Whether some field has another column the manager may pick instead."""
        return bool(self.columns.alternatives)
