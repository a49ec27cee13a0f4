"""The bulk tables in SQLite: a run and its rows stored, started, recorded and read back.

Writes are one function each on SQLite's thread (``Database.transaction``): a bulk run records
outcomes while dozens of invoices are in flight, and no lock is held across the round trip.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime

from storage.bulk.records import (
    RUN_COLUMNS,
    KnownOrder,
    NewRow,
    NewRun,
    PendingRow,
    RowDone,
    RowOutcome,
    RowResult,
    RunCounts,
    RunRecord,
    RunStatus,
    dumps,
    now_text,
    run_record,
)
from storage.database import Database
from storage.models import Delivery, InvoiceStatus


class BulkRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def create_run(self, new: NewRun, rows: Iterable[NewRow]) -> int:
        """The run (a draft) and all its rows, in one transaction."""
        now = now_text()
        values = (
            new.manager_id,
            new.manager_name,
            new.chat_id,
            new.lang,
            new.file_name,
            new.file_hash,
            new.format,
            new.encoding,
            new.delimiter,
            dumps(new.header),
            dumps(new.choices),
            new.upload,
            RunStatus.DRAFT.value,
            now,
            now,
        )

        def create(db: sqlite3.Connection) -> int:
            cursor = db.execute(
                """INSERT INTO bulk_runs (manager_id, manager_name, chat_id, lang, file_name,
                       file_hash, format, encoding, delimiter, header, choices, upload, status,
                       created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                values,
            )
            run_id = cursor.lastrowid
            if run_id is None:
                raise RuntimeError("no id for the new bulk run")
            _insert_rows(db, run_id, rows)
            return run_id

        return await self.database.transaction(create)

    async def replace_draft(self, run_id: int, new: NewRun, rows: Iterable[NewRow]) -> bool:
        """The draft read again (its columns re-assigned): its header, choices and rows
        replaced in one transaction; False if it is no longer this manager's draft, or it
        waits for (or has) an admin's approval, which is for the rows as they were."""
        values = (
            new.file_hash,
            dumps(new.header),
            dumps(new.choices),
            new.upload,
            now_text(),
            run_id,
            RunStatus.DRAFT.value,
            new.manager_id,
        )

        def replace(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                """UPDATE bulk_runs SET file_hash = ?, header = ?, choices = ?, upload = ?,
                       updated_at = ?
                   WHERE id = ? AND status = ? AND manager_id = ?
                     AND NOT EXISTS (SELECT 1 FROM approvals WHERE order_id = 'bulk:' || ?
                                       AND status IN ('pending', 'approved'))""",
                (*values, run_id),
            )
            if cursor.rowcount == 0:
                return False
            db.execute("DELETE FROM bulk_rows WHERE run_id = ?", (run_id,))
            _insert_rows(db, run_id, rows)
            return True

        return await self.database.transaction(replace)

    async def upload_of(self, run_id: int) -> bytes | None:
        """The file of a draft whose columns may still be re-assigned."""
        async with self.database.connection.execute(
            "SELECT upload FROM bulk_runs WHERE id = ?", (run_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return bytes(row["upload"]) if row is not None and row["upload"] is not None else None

    async def get(self, run_id: int) -> RunRecord | None:
        async with self.database.connection.execute(
            f"SELECT {RUN_COLUMNS} FROM bulk_runs WHERE id = ?",  # noqa: S608
            (run_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return run_record(row) if row is not None else None

    async def with_status(self, status: RunStatus) -> list[RunRecord]:
        async with self.database.connection.execute(
            f"SELECT {RUN_COLUMNS} FROM bulk_runs WHERE status = ? ORDER BY id",  # noqa: S608
            (status.value,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [run_record(row) for row in rows]

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
        cursor = await self.database.execute_write(
            """UPDATE bulk_runs SET status = ?, stop_reason = ?, upload = NULL, updated_at = ?
               WHERE id = ? AND status IN (?, ?)""",
            (
                RunStatus.FINISHED.value,
                stop_reason,
                now_text(),
                run_id,
                RunStatus.RUNNING.value,
                RunStatus.DRAFT.value,
            ),
        )
        return cursor.rowcount > 0

    async def forget_unstarted(self, older_than: datetime) -> int:
        """Drop drafts never started and cancelled runs (their rows go with them)."""
        cursor = await self.database.execute_write(
            "DELETE FROM bulk_runs WHERE status IN (?, ?) AND created_at < ?",
            (RunStatus.DRAFT.value, RunStatus.CANCELLED.value, older_than.isoformat()),
        )
        return cursor.rowcount

    async def set_progress_message(self, run_id: int, message_id: int) -> None:
        await self.database.execute_write(
            "UPDATE bulk_runs SET progress_message_id = ?, updated_at = ? WHERE id = ?",
            (message_id, now_text(), run_id),
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
        values = [
            (done.outcome.value, done.invoice_id, done.problem, run_id, done.row_number)
            for done in outcomes
        ]

        def record(db: sqlite3.Connection) -> None:
            db.executemany(
                """UPDATE bulk_rows SET outcome = ?, invoice_id = ?, problem = ?
                   WHERE run_id = ? AND row_number = ?""",
                values,
            )

        await self.database.transaction(record)

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
        cursor = await self.database.execute_write(
            """UPDATE bulk_runs SET status = ?, delivery = COALESCE(?, delivery),
                   upload = NULL, updated_at = ?
               WHERE id = ? AND status = ? AND manager_id = ?""",
            (status.value, delivery, now_text(), run_id, only_from.value, manager_id),
        )
        return cursor.rowcount > 0


def _insert_rows(db: sqlite3.Connection, run_id: int, rows: Iterable[NewRow]) -> None:
    db.executemany(
        """INSERT INTO bulk_rows (run_id, row_number, cells, order_id, draft, problem,
               invoice_id, outcome)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            (
                run_id,
                row.row_number,
                dumps(row.cells),
                row.order_id,
                dumps(row.draft) if row.draft is not None else None,
                row.problem,
                row.invoice_id,
                row.outcome.value if row.outcome else None,
            )
            for row in rows
        ),
    )
