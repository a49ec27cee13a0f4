"""The invoice log and each invoice's history."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from storage.database import Database
from storage.invoice_filter import (
    InvoiceFilter,
    counts_clause,
    ensure_fold,
    order_clause,
    where_clause,
)
from storage.models import (
    Delivery,
    EventKind,
    InvoiceEvent,
    InvoiceRecord,
    InvoiceStatus,
    NewInvoice,
)
from storage.payers import remember


class DuplicateOrderError(Exception):
    """An invoice with this order id is already in the log."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _record(row: sqlite3.Row) -> InvoiceRecord:
    return InvoiceRecord(
        id=row["id"],
        order_id=row["order_id"],
        manager_id=row["manager_id"],
        manager_name=row["manager_name"],
        amount=Decimal(row["amount"]),
        service_name=row["service_name"],
        delivery=Delivery(row["delivery"]),
        status=InvoiceStatus(row["status"]),
        client_email=row["client_email"],
        client_phone=row["client_phone"],
        client_name=row["client_name"],
        last_day=date.fromisoformat(row["last_day"]) if row["last_day"] else None,
        paykeeper_id=row["paykeeper_id"],
        invoice_url=row["invoice_url"],
        error=row["error"],
        payment_id=row["payment_id"],
        paid_at=datetime.fromisoformat(row["paid_at"]) if row["paid_at"] else None,
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


# A write that belongs with a new invoice, given its id, run in the transaction that logs it.
InvoiceWork = Callable[[sqlite3.Connection, int], None]


class InvoiceRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def create(
        self, new: NewInvoice, *, alongside: Sequence[InvoiceWork] = ()
    ) -> InvoiceRecord:
        """Log a request (status ``requested``) before anything is sent to PayKeeper.

        ``alongside``: writes that belong with it (its cart, its service's use), given the new
        invoice's id, in the same transaction: all of them land, or none."""
        now = utcnow().isoformat()
        values = (
            new.order_id,
            new.manager_id,
            new.manager_name,
            f"{new.amount:.2f}",
            new.client_email,
            new.client_phone,
            new.client_name,
            new.service_name,
            _iso(new.last_day),
            new.delivery.value,
            InvoiceStatus.REQUESTED.value,
            now,
            now,
        )

        def insert(db: sqlite3.Connection) -> sqlite3.Row:
            # The payer book learns of every invoice here, in the log row's own transaction.
            payer_id = remember(db, new.client_email, new.client_phone, new.client_name, now)
            # RETURNING and one transaction() round trip: bulk runs make hundreds a second.
            rows: list[sqlite3.Row] = db.execute(
                """INSERT INTO invoices (order_id, manager_id, manager_name, amount,
                       client_email, client_phone, client_name, service_name, last_day,
                       delivery, status, created_at, updated_at, payer_id, remind_days)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   RETURNING *""",
                (*values, payer_id, new.remind_days),
            ).fetchall()
            row = rows[0]
            db.execute(
                _EVENT_SQL,
                (row["id"], EventKind.REQUESTED, new.manager_id, new.delivery.value, now),
            )
            if not alongside:
                return row
            for work in alongside:
                work(db, row["id"])
            changed: sqlite3.Row = db.execute(
                "SELECT * FROM invoices WHERE id = ?", (row["id"],)
            ).fetchone()
            return changed

        try:
            row = await self.database.transaction(insert)
        except sqlite3.IntegrityError as error:
            if "order_id" in str(error):
                raise DuplicateOrderError(new.order_id) from error
            raise
        return _record(row)

    async def get(self, invoice_id: int) -> InvoiceRecord | None:
        return await self._one("SELECT * FROM invoices WHERE id = ?", (invoice_id,))

    async def get_by_order(self, order_id: str) -> InvoiceRecord | None:
        return await self._one("SELECT * FROM invoices WHERE order_id = ?", (order_id,))

    async def list_by_status(self, *statuses: InvoiceStatus) -> list[InvoiceRecord]:
        marks = ",".join("?" * len(statuses))
        return await self._many(
            f"SELECT * FROM invoices WHERE status IN ({marks}) ORDER BY id",  # noqa: S608
            tuple(status.value for status in statuses),
        )

    async def open_by_urgency(self) -> list[InvoiceRecord]:
        """Payable invoices, the last day to pay soonest first (none: last), newest first."""
        return await self._many(
            """SELECT * FROM invoices WHERE status IN ('created', 'sent')
               ORDER BY last_day IS NULL, last_day, id DESC""",
            (),
        )

    async def update(
        self,
        invoice_id: int,
        *,
        status: InvoiceStatus | None = None,
        event: EventKind | None = None,
        actor_id: int | None = None,
        detail: str | None = None,
        only_from: tuple[InvoiceStatus, ...] | None = None,
        **fields: str | None,
    ) -> InvoiceRecord | None:
        """Change columns (and the status) of one invoice, recording ``event`` in its history.

        Keyword ``fields`` are column names (paykeeper_id, invoice_url, error, payment_id,
        paid_at); they are checked against a fixed list, never taken from users. With
        ``only_from`` the change applies only while the invoice is in one of those statuses,
        atomically, and ``None`` is returned when it did not apply: a transition made twice
        (a retried notification, a double tap) changes nothing the second time.
        """
        unknown = fields.keys() - _UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        columns = dict(fields)
        if status is not None:
            columns["status"] = status.value
        columns["updated_at"] = _iso(utcnow())
        assignments = ", ".join(f"{name} = ?" for name in columns)
        sql = f"UPDATE invoices SET {assignments} WHERE id = ?"  # noqa: S608
        params: tuple[Any, ...] = (*columns.values(), invoice_id)
        if only_from is not None:
            sql += f" AND status IN ({','.join('?' * len(only_from))})"
            params += tuple(status.value for status in only_from)
        now = columns["updated_at"]

        def apply(db: sqlite3.Connection) -> sqlite3.Row | None:
            rows: list[sqlite3.Row] = db.execute(sql + " RETURNING *", params).fetchall()
            if rows and event is not None:
                db.execute(_EVENT_SQL, (invoice_id, event, actor_id, detail, now))
            return rows[0] if rows else None

        row = await self.database.transaction(apply)
        return _record(row) if row is not None else None

    async def add_event(
        self,
        invoice_id: int,
        kind: EventKind,
        actor_id: int | None = None,
        detail: str | None = None,
    ) -> None:
        await self.database.execute_write(
            _EVENT_SQL, (invoice_id, kind, actor_id, detail, _iso(utcnow()))
        )

    async def events(self, invoice_id: int) -> list[InvoiceEvent]:
        async with self.database.connection.execute(
            "SELECT * FROM invoice_events WHERE invoice_id = ? ORDER BY id", (invoice_id,)
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            InvoiceEvent(
                id=row["id"],
                invoice_id=row["invoice_id"],
                kind=row["kind"],
                actor_id=row["actor_id"],
                detail=row["detail"],
                created_at=datetime.fromisoformat(row["created_at"]),
            )
            for row in rows
        ]

    async def _one(self, sql: str, params: tuple[Any, ...]) -> InvoiceRecord | None:
        async with self.database.connection.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return _record(row) if row is not None else None

    async def _many(self, sql: str, params: tuple[Any, ...]) -> list[InvoiceRecord]:
        async with self.database.connection.execute(sql, params) as cursor:
            rows = await cursor.fetchall()
        return [_record(row) for row in rows]

    async def created_between(self, start: datetime, end: datetime) -> list[InvoiceRecord]:
        """Invoices created in [start, end) (aware), oldest first: the month-end report."""
        return await self._many(
            "SELECT * FROM invoices WHERE created_at >= ? AND created_at < ? ORDER BY id",
            (start.astimezone(UTC).isoformat(), end.astimezone(UTC).isoformat()),
        )

    # --- Lists and search (/invoices, inline mode) -----------------------------------------

    async def find(
        self, query: InvoiceFilter, *, limit: int, offset: int = 0
    ) -> list[InvoiceRecord]:
        """Invoices matching ``query``, newest first."""
        await ensure_fold(self.database)
        where, params = where_clause(query)
        return await self._many(
            f"SELECT * FROM invoices {where} {order_clause(query)} LIMIT ? OFFSET ?",  # noqa: S608
            (*params, limit, offset),
        )

    async def count(self, query: InvoiceFilter) -> int:
        await ensure_fold(self.database)
        counted = counts_clause(query)
        if counted is not None:  # kept by triggers: no counting of years of rows
            where, params = counted
            sql = f"SELECT coalesce(SUM(n), 0) FROM invoice_counts {where}"  # noqa: S608
        else:
            where, params = where_clause(query)
            sql = f"SELECT COUNT(*) FROM invoices {where}"  # noqa: S608
        async with self.database.connection.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def manager_names(self, ids: set[int]) -> dict[int, str]:
        """The name each of these users last issued an invoice under (for the history)."""
        if not ids:
            return {}
        # Each one's latest invoice by the (manager_id, id) index, not all they ever issued.
        sql = """SELECT manager_id, manager_name FROM invoices WHERE id IN (
                     SELECT (SELECT MAX(id) FROM invoices WHERE manager_id = asked.value)
                     FROM json_each(?) AS asked)"""
        async with self.database.connection.execute(sql, (json.dumps(sorted(ids)),)) as cursor:
            rows = await cursor.fetchall()
        return {int(row[0]): str(row[1]) for row in rows}


_UPDATABLE = frozenset({"paykeeper_id", "invoice_url", "error", "payment_id", "paid_at"})


_EVENT_SQL = """INSERT INTO invoice_events (invoice_id, kind, actor_id, detail, created_at)
                VALUES (?, ?, ?, ?, ?)"""


def failed_at_once(detail: str) -> InvoiceWork:
    """A new invoice marked failed with the bot's own reason, in the transaction that logs it:
    the order id is spent, and PayKeeper never hears of it."""

    def fail(db: sqlite3.Connection, invoice_id: int) -> None:
        now = _iso(utcnow())
        db.execute(
            "UPDATE invoices SET status = ?, error = ?, updated_at = ? WHERE id = ?",
            (InvoiceStatus.FAILED.value, detail, now, invoice_id),
        )
        db.execute(_EVENT_SQL, (invoice_id, EventKind.FAILED, None, detail, now))

    return fail
