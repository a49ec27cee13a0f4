"""Money after the payment (issue 13): refund and cash requests, written before PayKeeper is
called, and what was refunded of each invoice's payment."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from storage.database import Database
from storage.invoices import utcnow

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


class RefundStatus(StrEnum):
    PARTIAL = "partially_refunded"
    FULL = "refunded"


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
    amount: Decimal
    status: RefundStatus


def _request(row: sqlite3.Row) -> MoneyRequest:
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
                    (invoice_id, f"{kind.value}_requested", actor_id, f"{amount:.2f}", now),
                )
                return rows[0], True
            found = db.execute(
                "SELECT * FROM money_requests WHERE request_key = ?", (request_key,)
            ).fetchone()
            return found, False

        row, fresh = await self.database.transaction(write)
        return _request(row), fresh

    async def finish(
        self,
        request: MoneyRequest,
        state: RequestState,
        *,
        message: str | None = None,
        invoice_amount: Decimal | None = None,
    ) -> Refunded | None:
        """The request's outcome, with its event. A refund of the invoice's payment passes
        ``invoice_amount``: done, it adds to what was refunded (the amount tells a full refund
        from a partial one), and the refunded total after it is returned."""
        now = utcnow().isoformat()
        event = {
            RequestState.DONE: "refunded" if request.kind is MoneyKind.REFUND else "cash_paid",
            RequestState.REFUSED: f"{request.kind.value}_refused",
            RequestState.UNCERTAIN: f"{request.kind.value}_uncertain",
        }.get(state)

        def write(db: sqlite3.Connection) -> Refunded | None:
            db.execute(
                "UPDATE money_requests SET state = ?, message = ?, updated_at = ? WHERE id = ?",
                (state.value, message, now, request.id),
            )
            detail = message if state is not RequestState.DONE else f"{request.amount:.2f}"
            if event is not None:
                db.execute(_EVENT_SQL, (request.invoice_id, event, request.actor_id, detail, now))
            if state is not RequestState.DONE or invoice_amount is None:
                return None  # nothing refunded, or a second payment's refund
            row = db.execute(
                "SELECT refunded FROM invoice_refunds WHERE invoice_id = ?", (request.invoice_id,)
            ).fetchone()
            total = (Decimal(row[0]) if row else Decimal(0)) + request.amount
            full = invoice_amount is not None and total >= invoice_amount
            status = RefundStatus.FULL if full else RefundStatus.PARTIAL
            db.execute(
                """INSERT INTO invoice_refunds (invoice_id, refunded, status, updated_at)
                   VALUES (?, ?, ?, ?) ON CONFLICT (invoice_id) DO UPDATE SET
                   refunded = excluded.refunded, status = excluded.status,
                   updated_at = excluded.updated_at""",
                (request.invoice_id, f"{total:.2f}", status.value, now),
            )
            return Refunded(total, status)

        return await self.database.transaction(write)

    async def by_key(self, request_key: str) -> MoneyRequest | None:
        async with self.database.connection.execute(
            "SELECT * FROM money_requests WHERE request_key = ?", (request_key,)
        ) as cursor:
            row = await cursor.fetchone()
        return _request(row) if row else None

    async def refunded(self, invoice_id: int) -> Refunded | None:
        async with self.database.connection.execute(
            "SELECT refunded, status FROM invoice_refunds WHERE invoice_id = ?", (invoice_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return Refunded(Decimal(row[0]), RefundStatus(row[1])) if row else None

    async def pending(self, invoice_id: int) -> list[MoneyRequest]:
        """Requests whose outcome is not known (sent, or answered uncleanly)."""
        async with self.database.connection.execute(
            "SELECT * FROM money_requests WHERE invoice_id = ? AND state IN ('sent', 'uncertain')"
            " ORDER BY id",
            (invoice_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_request(row) for row in rows]
