"""Recurring invoices (migration 0013): what to issue, when, and how far it has got.

Every change that decides what is issued is one conditional UPDATE, so two jobs (or a job and
a manager's press) never both act on the same state."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from storage.database import Database
from storage.invoices import utcnow
from storage.models import Delivery


class ScheduleStatus(StrEnum):
    PENDING = "pending"  # waits for an admin's approval
    ACTIVE = "active"
    PAUSED = "paused"  # by its manager or an admin
    STOPPED = "stopped"
    FINISHED = "finished"  # its last period is issued
    REJECTED = "rejected"  # an admin rejected it at creation

    @property
    def is_open(self) -> bool:
        return self in (ScheduleStatus.PENDING, ScheduleStatus.ACTIVE, ScheduleStatus.PAUSED)


@dataclass(frozen=True, slots=True)
class NewSchedule:
    manager_id: int
    manager_name: str
    source_id: int
    draft: dict[str, Any]  # InvoiceDraft.to_data() without last_day, with "lines"
    delivery: Delivery
    term_days: int | None
    kind: str
    step: int
    start_day: date
    until_day: date | None
    times: int | None
    status: ScheduleStatus


@dataclass(frozen=True, slots=True)
class ScheduleRecord:
    id: int
    manager_id: int
    manager_name: str
    source_id: int
    draft: dict[str, Any]
    delivery: Delivery
    term_days: int | None
    kind: str
    step: int
    start_day: date
    until_day: date | None
    times: int | None
    status: ScheduleStatus
    next_index: int
    retry_at: datetime | None
    pending_rev: int | None
    revision: int
    created_at: datetime


def order_prefix(schedule_id: int) -> str:
    return f"sch{schedule_id}-"


def period_order_id(schedule_id: int, index: int) -> str:
    """The order id of period ``index`` (from 0): the same whoever computes it, whenever."""
    return f"{order_prefix(schedule_id)}{index + 1}"


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _record(row: sqlite3.Row) -> ScheduleRecord:
    return ScheduleRecord(
        id=int(row["id"]),
        manager_id=int(row["manager_id"]),
        manager_name=str(row["manager_name"]),
        source_id=int(row["source_id"]),
        draft=json.loads(row["draft"]),
        delivery=Delivery(row["delivery"]),
        term_days=row["term_days"],
        kind=str(row["kind"]),
        step=int(row["step"]),
        start_day=date.fromisoformat(row["start_day"]),
        until_day=_day(row["until_day"]),
        times=row["times"],
        status=ScheduleStatus(row["status"]),
        next_index=int(row["next_index"]),
        retry_at=datetime.fromisoformat(row["retry_at"]) if row["retry_at"] else None,
        pending_rev=row["pending_rev"],
        revision=int(row["revision"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )


class ScheduleRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def create(self, new: NewSchedule) -> ScheduleRecord:
        now = utcnow().isoformat()
        values = (
            new.manager_id,
            new.manager_name,
            new.source_id,
            json.dumps(new.draft, ensure_ascii=False),
            new.delivery.value,
            new.term_days,
            new.kind,
            new.step,
            new.start_day.isoformat(),
            new.until_day.isoformat() if new.until_day else None,
            new.times,
            new.status.value,
            0 if new.status is ScheduleStatus.PENDING else None,
            now,
            now,
        )

        def insert(db: sqlite3.Connection) -> sqlite3.Row:
            rows: list[sqlite3.Row] = db.execute(
                """INSERT INTO schedules (manager_id, manager_name, source_id, draft, delivery,
                       term_days, kind, step, start_day, until_day, times, status, pending_rev,
                       created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *""",
                values,
            ).fetchall()
            return rows[0]

        return _record(await self.database.transaction(insert))

    async def get(self, schedule_id: int) -> ScheduleRecord | None:
        rows = await self._many("SELECT * FROM schedules WHERE id = ?", (schedule_id,))
        return rows[0] if rows else None

    async def of_manager(self, manager_id: int | None) -> list[ScheduleRecord]:
        """A manager's schedules (None: everyone's), the open ones first, newest first."""
        where, params = ("WHERE manager_id = ?", (manager_id,)) if manager_id else ("", ())
        order = "status NOT IN ('pending', 'active', 'paused'), id DESC"
        return await self._many(f"SELECT * FROM schedules {where} ORDER BY {order}", params)  # noqa: S608

    async def with_status(self, *statuses: ScheduleStatus) -> list[ScheduleRecord]:
        marks = ",".join("?" * len(statuses))
        sql = f"SELECT * FROM schedules WHERE status IN ({marks}) ORDER BY id"  # noqa: S608
        return await self._many(sql, tuple(status.value for status in statuses))

    async def awaiting_approval(self) -> list[ScheduleRecord]:
        return await self._many(
            "SELECT * FROM schedules WHERE pending_rev IS NOT NULL ORDER BY id", ()
        )

    async def move(self, schedule_id: int, to: ScheduleStatus, *only_from: ScheduleStatus) -> bool:
        """Change the status only from one of ``only_from``: True for the call that did."""
        marks = ",".join("?" * len(only_from))
        return await self._changed(
            f"UPDATE schedules SET status = ?, updated_at = ?"  # noqa: S608
            f" WHERE id = ? AND status IN ({marks})",
            (to.value, utcnow().isoformat(), schedule_id, *(s.value for s in only_from)),
        )

    async def advance(self, schedule_id: int, index: int, *, finished: bool) -> bool:
        """Period ``index`` is settled: go on to the next one (or finish), once."""
        # Finished only from active: a pause or a stop meanwhile stays what it is.
        status = (
            "CASE WHEN status = 'active' THEN 'finished' ELSE status END" if finished else "status"
        )
        return await self._changed(
            f"UPDATE schedules SET next_index = ?, retry_at = NULL, status = {status},"  # noqa: S608
            " updated_at = ? WHERE id = ? AND next_index = ?",
            (index + 1, utcnow().isoformat(), schedule_id, index),
        )

    async def resume(
        self,
        schedule_id: int,
        index: int,
        *,
        finished: bool,
        was: ScheduleStatus = ScheduleStatus.PAUSED,
    ) -> bool:
        """``was`` (paused, or pending approval) -> active (or finished), going on from period
        ``index`` at the earliest."""
        return await self._changed(
            """UPDATE schedules SET status = ?, next_index = MAX(next_index, ?),
                   retry_at = CASE WHEN next_index < ? THEN NULL ELSE retry_at END,
                   updated_at = ?
               WHERE id = ? AND status = ?""",
            (
                "finished" if finished else "active",
                index,
                index,
                utcnow().isoformat(),
                schedule_id,
                was.value,
            ),
        )

    async def retry_later(self, schedule_id: int, index: int, at: datetime) -> bool:
        """Period ``index`` reached nothing in PayKeeper: True if it had not been so before."""

        def mark(db: sqlite3.Connection) -> bool:
            row = db.execute(
                "SELECT retry_at FROM schedules WHERE id = ? AND next_index = ?",
                (schedule_id, index),
            ).fetchone()
            db.execute(
                "UPDATE schedules SET retry_at = ? WHERE id = ? AND next_index = ?",
                (at.isoformat(), schedule_id, index),
            )
            return row is not None and row[0] is None

        return await self.database.transaction(mark)

    async def ask_change(self, schedule_id: int) -> int | None:
        """A new amount is asked for: its revision (the approval's order id names it); None
        when the schedule is not open."""

        def bump(db: sqlite3.Connection) -> int | None:
            rows = db.execute(
                """UPDATE schedules SET revision = revision + 1, updated_at = ?
                   WHERE id = ? AND status IN ('active', 'paused') RETURNING revision""",
                (utcnow().isoformat(), schedule_id),
            ).fetchall()
            return int(rows[0][0]) if rows else None

        return await self.database.transaction(bump)

    async def wait_for_approval(self, schedule_id: int, revision: int) -> None:
        await self.database.execute_write(
            "UPDATE schedules SET pending_rev = ? WHERE id = ? AND revision = ?",
            (revision, schedule_id, revision),
        )

    async def set_amount(self, schedule_id: int, revision: int, draft: dict[str, Any]) -> bool:
        """The amount of ``revision`` applies, unless a later change was asked for since."""
        return await self._changed(
            "UPDATE schedules SET draft = ?, pending_rev = NULL, updated_at = ?"
            " WHERE id = ? AND revision = ?",
            (json.dumps(draft, ensure_ascii=False), utcnow().isoformat(), schedule_id, revision),
        )

    async def decided(self, schedule_id: int, revision: int) -> bool:
        """The approval of ``revision`` is decided: nothing waits any more."""
        return await self._changed(
            "UPDATE schedules SET pending_rev = NULL WHERE id = ? AND pending_rev = ?",
            (schedule_id, revision),
        )

    async def invoice_ids(self, schedule_id: int) -> list[int]:
        """The invoices its periods made, newest first."""
        sql = "SELECT id FROM invoices WHERE order_id LIKE ? ORDER BY id DESC"
        pattern = f"{order_prefix(schedule_id)}%"
        async with self.database.connection.execute(sql, (pattern,)) as cursor:
            return [int(row[0]) for row in await cursor.fetchall()]

    async def _changed(self, sql: str, params: tuple[Any, ...]) -> bool:
        cursor = await self.database.execute_write(sql, params)
        return cursor.rowcount > 0

    async def _many(self, sql: str, params: tuple[Any, ...]) -> list[ScheduleRecord]:
        async with self.database.connection.execute(sql, params) as cursor:
            return [_record(row) for row in await cursor.fetchall()]
