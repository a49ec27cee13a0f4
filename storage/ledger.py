"""The ledger: every movement of an invoice's money, kept in step with PayKeeper's records.

Payments by card, cash payments, second payments and refunds are rows of one table, each with
the time the money moved and where the bot learned of it. Recording the same movement twice
(the same kind and PayKeeper id) changes nothing, so a notification, a reconciliation pass and
a refresh may all record what they saw.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from storage.database import Database
from storage.invoices import utcnow

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S+00:00"  # one format, so that text order is time order


class MovementKind(StrEnum):
    PAYMENT = "payment"  # money taken by card/online; a second payment is another PAYMENT row
    CASH = "cash"  # marked paid in cash
    REFUND = "refund"  # money returned (done or in progress at PayKeeper)


class Source(StrEnum):
    NOTIFICATION = "notification"
    RECONCILIATION = "reconciliation"
    BOT = "bot"
    CABINET = "cabinet"  # learned from PayKeeper, not made by the bot


@dataclass(frozen=True, slots=True)
class Movement:
    id: int
    invoice_id: int
    kind: MovementKind
    amount: Decimal  # always positive; a refund is money out
    paykeeper_id: str  # the payment id (PAYMENT/CASH), the refund's id (REFUND)
    payment_id: str | None  # REFUND: the payment it returns; PAYMENT/CASH: paykeeper_id
    moved_at: datetime  # aware UTC
    source: str  # a Source value
    in_progress: bool = False  # REFUND: PayKeeper is still returning it


@dataclass(frozen=True, slots=True)
class NewMovement:
    invoice_id: int
    kind: MovementKind
    amount: Decimal
    paykeeper_id: str
    moved_at: datetime
    source: Source
    payment_id: str | None = None  # None for PAYMENT/CASH: their own id
    in_progress: bool = False
    request_id: int | None = None  # the bot's money request behind a refund


def stamp(moment: datetime) -> str:
    """A time as the ledger stores it (and compares it)."""
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)


def movement_of(row: sqlite3.Row) -> Movement:
    return Movement(
        id=row["id"],
        invoice_id=row["invoice_id"],
        kind=MovementKind(row["kind"]),
        amount=Decimal(row["amount"]),
        paykeeper_id=row["paykeeper_id"],
        payment_id=row["payment_id"],
        moved_at=datetime.fromisoformat(row["moved_at"]),
        source=row["source"],
        in_progress=bool(row["in_progress"]),
    )


def insert(db: sqlite3.Connection, new: NewMovement) -> bool:
    """Record a movement inside a caller's transaction; False when it was already there."""
    if new.amount <= 0:
        raise ValueError(f"a movement's amount is positive, not {new.amount}")
    payment_id = new.payment_id if new.kind is MovementKind.REFUND else new.paykeeper_id
    if (
        new.kind is MovementKind.PAYMENT
        and db.execute(
            "SELECT 1 FROM movements WHERE kind = 'cash' AND paykeeper_id = ?", (new.paykeeper_id,)
        ).fetchone()
    ):
        return False  # PayKeeper's record of a cash payment is not a card payment
    cursor = db.execute(
        """INSERT INTO movements (invoice_id, kind, amount, paykeeper_id, payment_id, moved_at,
               source, in_progress, request_id, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, paykeeper_id) DO NOTHING""",
        (
            new.invoice_id,
            new.kind.value,
            f"{new.amount:.2f}",
            new.paykeeper_id,
            payment_id,
            stamp(new.moved_at),
            new.source.value,
            int(new.in_progress),
            new.request_id,
            stamp(utcnow()),
        ),
    )
    return cursor.rowcount > 0


def rows_for_invoice(db: sqlite3.Connection, invoice_id: int) -> list[Movement]:
    """The invoice's movements, inside a caller's transaction."""
    rows = db.execute(
        "SELECT * FROM movements WHERE invoice_id = ? ORDER BY moved_at, id", (invoice_id,)
    ).fetchall()
    return [movement_of(row) for row in rows]


class LedgerRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def record(self, new: NewMovement) -> bool:
        """Record a movement; False when the same movement was already recorded."""
        return await self.database.transaction(lambda db: insert(db, new))

    async def between(self, start: datetime, end: datetime) -> list[Movement]:
        """Movements with ``start <= moved_at < end``, in the order the money moved."""
        async with self.database.connection.execute(
            "SELECT * FROM movements WHERE moved_at >= ? AND moved_at < ? ORDER BY moved_at, id",
            (stamp(start), stamp(end)),
        ) as cursor:
            rows = await cursor.fetchall()
        return [movement_of(row) for row in rows]

    async def payment_row(self, invoice_id: int, movement_id: int) -> Movement | None:
        """The invoice's card payment recorded under ``movement_id``; None if it is not one."""
        async with self.database.connection.execute(
            "SELECT * FROM movements WHERE id = ? AND invoice_id = ? AND kind = 'payment'",
            (movement_id, invoice_id),
        ) as cursor:
            row = await cursor.fetchone()
        return movement_of(row) if row is not None else None

    async def for_invoice(self, invoice_id: int) -> list[Movement]:
        async with self.database.connection.execute(
            "SELECT * FROM movements WHERE invoice_id = ? ORDER BY moved_at, id", (invoice_id,)
        ) as cursor:
            rows = await cursor.fetchall()
        return [movement_of(row) for row in rows]
