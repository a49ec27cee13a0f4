"""What an upload holds before anything is issued: how the file was read (the header row,
which column became which field, what else could have, what was ignored), the rows that are
not invoices, the rows with problems, and what can be issued. bot/views/bulk/summary.py
renders it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bot.services.bulk.columns import Columns
from bot.services.bulk.partly_paid import PARTLY_PAID
from bot.services.bulk.questions import Question
from bot.services.bulk.reading import Reading
from bot.services.bulk.rows import Problem
from bot.services.bulk.skipping import Skip, Skipped


@dataclass(frozen=True, slots=True)
class ReadingFacts:
    """What the reader decided where the file could be read otherwise."""

    sheet: str | None = None  # XLSX: the sheet read
    sheets: list[str] = field(default_factory=list)  # every sheet, in the workbook's order
    questions: list[Question] = field(default_factory=list)
    paid: int = 0  # rows not billed: paid already
    cancelled: int = 0  # ... cancelled (lost deals, no-shows)
    include_settled: bool = False
    partly_paid: int = 0  # rows billed for what is left to pay
    joined: list[list[int]] = field(default_factory=list)  # row numbers of each joined order


def reading_facts(reading: Reading) -> ReadingFacts:
    joined: dict[int, list[int]] = {}
    for row in reading.checked:
        for problem in row.problems:
            if problem.error.key == "bulk.row.joined":
                first = int(str(problem.error.params["row"]))
                joined.setdefault(first, [first]).append(row.row_number)
    kinds = [row.kind for row in reading.skipped]
    return ReadingFacts(
        sheet=reading.table.sheet if len(reading.sheets) > 1 else None,
        sheets=reading.sheets,
        questions=reading.questions,
        paid=kinds.count(Skip.PAID),
        cancelled=kinds.count(Skip.CANCELLED),
        include_settled=reading.include_settled,
        partly_paid=sum(PARTLY_PAID in row.notes for row in reading.checked),
        joined=list(joined.values()),
    )


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
    reading: ReadingFacts = field(default_factory=ReadingFacts)

    @property
    def can_choose(self) -> bool:
        """Whether the manager may have the file read otherwise: another column for a field,
        another sheet, rows paid or cancelled to include, a question to answer."""
        facts = self.reading
        return bool(
            self.columns.alternatives
            or facts.questions
            or len(facts.sheets) > 1
            or facts.paid
            or facts.cancelled
            or facts.include_settled
        )
