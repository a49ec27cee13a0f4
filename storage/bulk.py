"""Bulk runs and their rows: what was uploaded, what to issue, and how each row ended."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import aiosqlite

from storage.database import Database
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
_RUN_COLUMNS = """id, manager_id, manager_name, chat_id, lang, file_name, file_hash, format,
    encoding, delimiter, header, delivery, status, stop_reason, progress_message_id, choices"""


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _run(row: sqlite3.Row) -> RunRecord:
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


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class BulkRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def create_run(self, new: NewRun, rows: Iterable[NewRow]) -> int:
        """The run (a draft) and all its rows, in one transaction."""
        now = _now()
        async with self.database.write() as db:
            cursor = await db.execute(
                """INSERT INTO bulk_runs (manager_id, manager_name, chat_id, lang, file_name,
                       file_hash, format, encoding, delimiter, header, choices, upload, status,
                       created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    new.manager_id,
                    new.manager_name,
                    new.chat_id,
                    new.lang,
                    new.file_name,
                    new.file_hash,
                    new.format,
                    new.encoding,
                    new.delimiter,
                    _dumps(new.header),
                    _dumps(new.choices),
                    new.upload,
                    RunStatus.DRAFT.value,
                    now,
                    now,
                ),
            )
            run_id = cursor.lastrowid
            if run_id is None:
                raise RuntimeError("no id for the new bulk run")
            await self._insert_rows(db, run_id, rows)
        return run_id

    async def replace_draft(self, run_id: int, new: NewRun, rows: Iterable[NewRow]) -> bool:
        """The draft read again (its columns re-assigned): its header, choices and rows
        replaced in one transaction; False if it is no longer this manager's draft."""
        async with self.database.write() as db:
            cursor = await db.execute(
                """UPDATE bulk_runs SET file_hash = ?, header = ?, choices = ?, upload = ?,
                       updated_at = ?
                   WHERE id = ? AND status = ? AND manager_id = ?""",
                (
                    new.file_hash,
                    _dumps(new.header),
                    _dumps(new.choices),
                    new.upload,
                    _now(),
                    run_id,
                    RunStatus.DRAFT.value,
                    new.manager_id,
                ),
            )
            if cursor.rowcount == 0:
                return False
            await db.execute("DELETE FROM bulk_rows WHERE run_id = ?", (run_id,))
            await self._insert_rows(db, run_id, rows)
        return True

    async def upload_of(self, run_id: int) -> bytes | None:
        """The file of a draft whose columns may still be re-assigned."""
        async with self.database.connection.execute(
            "SELECT upload FROM bulk_runs WHERE id = ?", (run_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return bytes(row["upload"]) if row is not None and row["upload"] is not None else None

    @staticmethod
    async def _insert_rows(db: aiosqlite.Connection, run_id: int, rows: Iterable[NewRow]) -> None:
        await db.executemany(
            """INSERT INTO bulk_rows (run_id, row_number, cells, order_id, draft, problem,
                       invoice_id, outcome)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                (
                    run_id,
                    row.row_number,
                    _dumps(row.cells),
                    row.order_id,
                    _dumps(row.draft) if row.draft is not None else None,
                    row.problem,
                    row.invoice_id,
                    row.outcome.value if row.outcome else None,
                )
                for row in rows
            ),
        )

    async def get(self, run_id: int) -> RunRecord | None:
        async with self.database.connection.execute(
            f"SELECT {_RUN_COLUMNS} FROM bulk_runs WHERE id = ?",  # noqa: S608
            (run_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return _run(row) if row is not None else None

    async def with_status(self, status: RunStatus) -> list[RunRecord]:
        async with self.database.connection.execute(
            f"SELECT {_RUN_COLUMNS} FROM bulk_runs WHERE status = ? ORDER BY id",  # noqa: S608
            (status.value,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_run(row) for row in rows]

    async def start(self, run_id: int, manager_id: int, delivery: Delivery) -> bool:
        """Draft -> running with the chosen delivery; False if it was not a draft of theirs
        (a second press, or an old button): the run starts once."""
        return await self._set_status(
            run_id, RunStatus.RUNNING, RunStatus.DRAFT, manager_id, delivery=delivery.value
        )

    async def cancel(self, run_id: int, manager_id: int) -> bool:
        return await self._set_status(run_id, RunStatus.CANCELLED, RunStatus.DRAFT, manager_id)

    async def finish(self, run_id: int, *, stop_reason: str | None = None) -> bool:
        """Running (or a draft with nothing to issue) -> finished; False if already finished."""
        async with self.database.write() as db:
            cursor = await db.execute(
                """UPDATE bulk_runs SET status = ?, stop_reason = ?, upload = NULL, updated_at = ?
                   WHERE id = ? AND status IN (?, ?)""",
                (
                    RunStatus.FINISHED.value,
                    stop_reason,
                    _now(),
                    run_id,
                    RunStatus.RUNNING.value,
                    RunStatus.DRAFT.value,
                ),
            )
            return cursor.rowcount > 0

    async def forget_unstarted(self, older_than: datetime) -> int:
        """Drop drafts never started and cancelled runs (their rows go with them)."""
        async with self.database.write() as db:
            cursor = await db.execute(
                "DELETE FROM bulk_runs WHERE status IN (?, ?) AND created_at < ?",
                (RunStatus.DRAFT.value, RunStatus.CANCELLED.value, older_than.isoformat()),
            )
            return cursor.rowcount

    async def set_progress_message(self, run_id: int, message_id: int) -> None:
        async with self.database.write() as db:
            await db.execute(
                "UPDATE bulk_runs SET progress_message_id = ?, updated_at = ? WHERE id = ?",
                (message_id, _now(), run_id),
            )

    async def pending(self, run_id: int) -> list[PendingRow]:
        async with self.database.connection.execute(
            """SELECT row_number, order_id, draft FROM bulk_rows
               WHERE run_id = ? AND order_id IS NOT NULL AND outcome IS NULL
               ORDER BY row_number""",
            (run_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            PendingRow(row["row_number"], row["order_id"], json.loads(row["draft"]))
            for row in rows
        ]

    async def record(self, run_id: int, outcomes: Sequence[RowDone]) -> None:
        """How these rows ended, in one transaction (the runner batches them)."""
        if not outcomes:
            return
        async with self.database.write() as db:
            await db.executemany(
                """UPDATE bulk_rows SET outcome = ?, invoice_id = ?
                   WHERE run_id = ? AND row_number = ?""",
                [
                    (done.outcome.value, done.invoice_id, run_id, done.row_number)
                    for done in outcomes
                ],
            )

    async def counts(self, run_id: int) -> RunCounts:
        async with self.database.connection.execute(
            """SELECT order_id IS NOT NULL AS valid, outcome, COUNT(*) AS n FROM bulk_rows
               WHERE run_id = ? GROUP BY 1, 2""",
            (run_id,),
        ) as cursor:
            groups = await cursor.fetchall()
        rows = valid = done = 0
        outcomes: dict[RowOutcome, int] = {}
        for group in groups:
            rows += group["n"]
            if group["valid"]:
                valid += group["n"]
            if group["outcome"] is not None:
                done += group["n"]
                outcomes[RowOutcome(group["outcome"])] = group["n"]
        return RunCounts(rows=rows, valid=valid, done=done, outcomes=outcomes)

    async def results(self, run_id: int) -> list[RowResult]:
        """Every row of the run in file order, joined with its invoice's current state."""
        async with self.database.connection.execute(
            """SELECT r.row_number, r.cells, r.problem, r.outcome, r.order_id,
                      i.paykeeper_id, i.invoice_url, i.status, i.error, i.delivery
               FROM bulk_rows AS r LEFT JOIN invoices AS i ON i.id = r.invoice_id
               WHERE r.run_id = ? ORDER BY r.row_number""",
            (run_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            RowResult(
                row_number=row["row_number"],
                cells=json.loads(row["cells"]),
                problem=row["problem"],
                outcome=RowOutcome(row["outcome"]) if row["outcome"] else None,
                order_id=row["order_id"],
                paykeeper_id=row["paykeeper_id"],
                invoice_url=row["invoice_url"],
                status=InvoiceStatus(row["status"]) if row["status"] else None,
                error=row["error"],
                delivery=Delivery(row["delivery"]) if row["delivery"] else None,
            )
            for row in rows
        ]

    async def known_orders(self, order_ids: Sequence[str]) -> dict[str, KnownOrder]:
        """Which of these order ids are in the invoice log already, and in what status."""
        found: dict[str, KnownOrder] = {}
        chunk = 500  # well under SQLite's limit on bound parameters
        for start in range(0, len(order_ids), chunk):
            part = order_ids[start : start + chunk]
            marks = ",".join("?" * len(part))
            sql = f"SELECT id, order_id, status FROM invoices WHERE order_id IN ({marks})"  # noqa: S608
            async with self.database.connection.execute(sql, tuple(part)) as cursor:
                for row in await cursor.fetchall():
                    found[row["order_id"]] = KnownOrder(row["id"], InvoiceStatus(row["status"]))
        return found

    async def _set_status(
        self,
        run_id: int,
        status: RunStatus,
        only_from: RunStatus,
        manager_id: int,
        *,
        delivery: str | None = None,
    ) -> bool:
        async with self.database.write() as db:
            cursor = await db.execute(
                """UPDATE bulk_runs SET status = ?, delivery = COALESCE(?, delivery),
                       upload = NULL, updated_at = ?
                   WHERE id = ? AND status = ? AND manager_id = ?""",
                (status.value, delivery, _now(), run_id, only_from.value, manager_id),
            )
            return cursor.rowcount > 0
