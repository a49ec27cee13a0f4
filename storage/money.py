"""Refund and cash requests, written before PayKeeper is called."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from storage.database import Database
from storage.invoices import utcnow
from storage.models import EventKind

_EVENT_SQL = """INSERT INTO invoice_events (invoice_id, kind, actor_id, detail, created_at)
                VALUES (?, ?, ?, ?, ?)"""


class MoneyKind(StrEnum):
    REFUND = "refund"
    CASH = "cash"


class RequestState(StrEnum):
    SENT = "sent"  # written, PayKeeper called: if it stays so, the answer was lost
    DONE = "done"
    REFUSED = "refused"  # PayKeeper said no, cleanly: nothing happened
    UNCERTAIN = "uncertain"  # the request reached PayKeeper, its answer was not clean


# The invoice's history line of each request asked and settled.
_REQUESTED: Final = {
    MoneyKind.REFUND: EventKind.REFUND_REQUESTED,
    MoneyKind.CASH: EventKind.CASH_REQUESTED,
}
_EVENTS: Final = {
    (MoneyKind.REFUND, RequestState.DONE): EventKind.REFUNDED,
    (MoneyKind.REFUND, RequestState.REFUSED): EventKind.REFUND_REFUSED,
    (MoneyKind.REFUND, RequestState.UNCERTAIN): EventKind.REFUND_UNCERTAIN,
    (MoneyKind.CASH, RequestState.DONE): EventKind.CASH_PAID,
    (MoneyKind.CASH, RequestState.REFUSED): EventKind.CASH_REFUSED,
    (MoneyKind.CASH, RequestState.UNCERTAIN): EventKind.CASH_UNCERTAIN,
}


class RefundStatus(StrEnum):
    PARTIAL = "partially_refunded"
    FULL = "refunded"
    IN_PROGRESS = "refunding"  # PayKeeper is still returning some of it


@dataclass(frozen=True, slots=True)
class MoneyRequest:
    id: int
    invoice_id: int
    kind: MoneyKind
    request_key: str
    payment_id: str | None
    amount: Decimal
    partial: bool
    state: RequestState
    message: str | None
    actor_id: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Refunded:
    """What came back of one payment, by the ledger."""

    amount: Decimal
    status: RefundStatus


def finish_in(
    db: sqlite3.Connection,
    request: MoneyRequest,
    state: RequestState,
    *,
    message: str | None,
    now: str,
    actor_id: int | None = None,
) -> None:
    """Record a request's outcome and its event inside a caller's transaction."""
    event = _EVENTS.get((request.kind, state))
    db.execute(
        "UPDATE money_requests SET state = ?, message = ?, updated_at = ? WHERE id = ?",
        (state.value, message, now, request.id),
    )
    detail = message if state is not RequestState.DONE else f"{request.amount:.2f}"
    if event is not None:
        actor = request.actor_id if actor_id is None else actor_id
        db.execute(_EVENT_SQL, (request.invoice_id, event, actor, detail, now))


def request_of(row: sqlite3.Row) -> MoneyRequest:
    return MoneyRequest(
        id=row["id"],
        invoice_id=row["invoice_id"],
        kind=MoneyKind(row["kind"]),
        request_key=row["request_key"],
        payment_id=row["payment_id"],
        amount=Decimal(row["amount"]),
        partial=bool(row["partial"]),
        state=RequestState(row["state"]),
        message=row["message"],
        actor_id=row["actor_id"],
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


class MoneyRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def start(
        self,
        *,
        invoice_id: int,
        kind: MoneyKind,
        request_key: str,
        payment_id: str | None,
        amount: Decimal,
        partial: bool,
        actor_id: int,
    ) -> tuple[MoneyRequest, bool]:
        """Record a request before PayKeeper hears of it: (the request, True) — or (the one
        already made with this key, False): a second press, never a second request."""
        now = utcnow().isoformat()

        def write(db: sqlite3.Connection) -> tuple[sqlite3.Row, bool]:
            rows = db.execute(
                """INSERT INTO money_requests (invoice_id, kind, request_key, payment_id, amount,
                       partial, state, actor_id, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, 'sent', ?, ?, ?)
                   ON CONFLICT (request_key) DO NOTHING RETURNING *""",
                (
                    invoice_id,
                    kind.value,
                    request_key,
                    payment_id,
                    f"{amount:.2f}",
                    int(partial),
                    actor_id,
                    now,
                    now,
                ),
            ).fetchall()
            if rows:
                db.execute(
                    _EVENT_SQL,
                    (invoice_id, _REQUESTED[kind], actor_id, f"{amount:.2f}", now),
                )
                return rows[0], True
            found = db.execute(
                "SELECT * FROM money_requests WHERE request_key = ?", (request_key,)
            ).fetchone()
            return found, False

        row, fresh = await self.database.transaction(write)
        return request_of(row), fresh

    async def finish(
        self, request: MoneyRequest, state: RequestState, *, message: str | None = None
    ) -> None:
        """The request's outcome, with its event. What a refund moved is booked in the ledger
        from PayKeeper's records (storage/refund_book.py), not here."""
        now = utcnow().isoformat()

        def write(db: sqlite3.Connection) -> None:
            finish_in(db, request, state, message=message, now=now)

        await self.database.transaction(write)

    async def by_key(self, request_key: str) -> MoneyRequest | None:
        async with self.database.connection.execute(
            "SELECT * FROM money_requests WHERE request_key = ?", (request_key,)
        ) as cursor:
            row = await cursor.fetchone()
        return request_of(row) if row else None

    async def pending(self, invoice_id: int) -> list[MoneyRequest]:
        """Requests whose outcome is not known (sent, or answered uncleanly)."""
        async with self.database.connection.execute(
            "SELECT * FROM money_requests WHERE invoice_id = ? AND state IN ('sent', 'uncertain')"
            " ORDER BY id",
            (invoice_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [request_of(row) for row in rows]
