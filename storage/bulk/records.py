"""What the bulk tables hold, as Python values: runs, rows, outcomes and counts."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from storage.models import Delivery, InvoiceStatus

Cell = str | int | float | bool | None


class RunStatus(StrEnum):
    DRAFT = "draft"  # uploaded and checked, waiting for the manager's choice
    RUNNING = "running"  # being issued (or cut off by a restart: resumed at start)
    FINISHED = "finished"
    CANCELLED = "cancelled"


class RowOutcome(StrEnum):
    ISSUED = "issued"
    EMAIL_FAILED = "email_failed"  # created, but PayKeeper did not e-mail it
    FAILED = "failed"  # not created: PayKeeper refused or was not reached
    UNCERTAIN = "uncertain"  # sent, no answer: left `requested` for reconciliation
    EXISTING = "existing"  # issued before (an earlier upload of the same rows)


@dataclass(frozen=True, slots=True)
class NewRun:
    manager_id: int
    manager_name: str
    chat_id: int
    lang: str
    file_name: str
    file_hash: str
    format: str
    encoding: str | None
    delimiter: str | None
    header: list[str]
    choices: dict[str, int] = field(default_factory=dict)  # field -> column, -1: none
    upload: bytes | None = None  # kept while the manager may still re-assign columns


@dataclass(frozen=True, slots=True)
class NewRow:
    row_number: int
    cells: list[Cell]
    order_id: str | None = None
    draft: dict[str, str | None] | None = None
    problem: str | None = None
    invoice_id: int | None = None  # set with outcome EXISTING: already issued
    outcome: RowOutcome | None = None


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    manager_id: int
    manager_name: str
    chat_id: int
    lang: str
    file_name: str
    file_hash: str
    format: str
    encoding: str | None
    delimiter: str | None
    header: list[str]
    delivery: Delivery | None
    status: RunStatus
    stop_reason: str | None
    progress_message_id: int | None
    choices: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PendingRow:
    """A valid row still to be issued."""

    row_number: int
    order_id: str
    draft: dict[str, str | None]


@dataclass(frozen=True, slots=True)
class RowDone:
    row_number: int
    outcome: RowOutcome
    invoice_id: int | None
    problem: str | None = None  # why the bot itself did not issue it (the run's language)


@dataclass(frozen=True, slots=True)
class RowResult:
    """One row as the result file shows it, with its invoice as it stands now."""

    row_number: int
    cells: list[Cell]
    problem: str | None
    outcome: RowOutcome | None
    order_id: str | None
    paykeeper_id: str | None
    invoice_url: str | None
    status: InvoiceStatus | None
    error: str | None
    delivery: Delivery | None


@dataclass(frozen=True, slots=True)
class RunCounts:
    rows: int  # every data row of the file
    valid: int
    done: int  # valid rows with an outcome
    outcomes: dict[RowOutcome, int]

    def of(self, outcome: RowOutcome) -> int:
        return self.outcomes.get(outcome, 0)


@dataclass(frozen=True, slots=True)
class KnownOrder:
    invoice_id: int
    status: InvoiceStatus


# Every column but the upload, which only re-reading a draft needs (see upload_of).
RUN_COLUMNS = """id, manager_id, manager_name, chat_id, lang, file_name, file_hash, format,
    encoding, delimiter, header, delivery, status, stop_reason, progress_message_id, choices"""


def now_text() -> str:
    return datetime.now(UTC).isoformat()


def run_record(row: sqlite3.Row) -> RunRecord:
    return RunRecord(
        id=row["id"],
        manager_id=row["manager_id"],
        manager_name=row["manager_name"],
        chat_id=row["chat_id"],
        lang=row["lang"],
        file_name=row["file_name"],
        file_hash=row["file_hash"],
        format=row["format"],
        encoding=row["encoding"],
        delimiter=row["delimiter"],
        header=json.loads(row["header"]),
        delivery=Delivery(row["delivery"]) if row["delivery"] else None,
        status=RunStatus(row["status"]),
        stop_reason=row["stop_reason"],
        progress_message_id=row["progress_message_id"],
        choices=json.loads(row["choices"]),
    )


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
