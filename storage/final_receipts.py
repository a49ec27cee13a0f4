"""Final-settlement receipts of prepaid invoices: one row per invoice, written before PayKeeper
is asked to print it, so that a press whose answer was lost is never sent again blindly."""

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
_ROW_SQL = "SELECT * FROM final_receipts WHERE invoice_id = ?"


class ReceiptState(StrEnum):
    SENT = "sent"  # written, PayKeeper asked: if it stays so, the answer was lost
    DONE = "done"
    UNCERTAIN = "uncertain"  # the request reached PayKeeper, its answer was not clean
    REFUSED = "refused"  # nothing was made: it may be asked again, with a new key


# The invoice's history line of each outcome.
_EVENTS: Final = {
    ReceiptState.SENT: EventKind.FINAL_RECEIPT_REQUESTED,
    ReceiptState.DONE: EventKind.FINAL_RECEIPT_DONE,
    ReceiptState.UNCERTAIN: EventKind.FINAL_RECEIPT_UNCERTAIN,
    ReceiptState.REFUSED: EventKind.FINAL_RECEIPT_REFUSED,
}


@dataclass(frozen=True, slots=True)
class FinalReceipt:
    invoice_id: int
    receipt_key: str
    payment_id: str
    amount: Decimal
    state: ReceiptState
    receipt_id: str | None
    message: str | None
    actor_id: int
    updated_at: datetime


def _receipt(row: sqlite3.Row) -> FinalReceipt:
    return FinalReceipt(
        invoice_id=row["invoice_id"],
        receipt_key=row["receipt_key"],
        payment_id=row["payment_id"],
        amount=Decimal(row["amount"]),
        state=ReceiptState(row["state"]),
        receipt_id=row["receipt_id"],
        message=row["message"],
        actor_id=row["actor_id"],
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


class FinalReceiptRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def of_invoice(self, invoice_id: int) -> FinalReceipt | None:
        async with self.database.connection.execute(_ROW_SQL, (invoice_id,)) as cursor:
            row = await cursor.fetchone()
        return _receipt(row) if row is not None else None

    async def paid_in_cash(self, invoice_id: int) -> bool:
        """Whether the bot marked the invoice paid in cash (its receipt was PayKeeper's)."""
        sql = "SELECT 1 FROM invoice_events WHERE invoice_id = ? AND kind = 'cash_paid' LIMIT 1"
        async with self.database.connection.execute(sql, (invoice_id,)) as cursor:
            return await cursor.fetchone() is not None

    async def start(
        self, *, invoice_id: int, payment_id: str, amount: Decimal, key: str, actor_id: int
    ) -> tuple[FinalReceipt, bool]:
        """Record the request before PayKeeper hears of it: (it, True) when the invoice had
        none or only a refused one; otherwise (the one it has, False), and nothing is written."""
        now = utcnow().isoformat()
        values = (key, payment_id, f"{amount:.2f}", actor_id, now)

        def write(db: sqlite3.Connection) -> tuple[sqlite3.Row, bool]:
            row = db.execute(_ROW_SQL, (invoice_id,)).fetchone()
            if row is None:
                db.execute(
                    """INSERT INTO final_receipts (invoice_id, receipt_key, payment_id, amount,
                           state, actor_id, created_at, updated_at)
                       VALUES (?, ?, ?, ?, 'sent', ?, ?, ?)""",
                    (invoice_id, *values, now),
                )
            elif row["state"] == ReceiptState.REFUSED:
                db.execute(
                    """UPDATE final_receipts SET receipt_key = ?, payment_id = ?, amount = ?,
                           state = 'sent', actor_id = ?, updated_at = ?, receipt_id = NULL,
                           message = NULL
                       WHERE invoice_id = ?""",
                    (*values, invoice_id),
                )
            else:
                return row, False
            event = (invoice_id, EventKind.FINAL_RECEIPT_REQUESTED, actor_id, f"{amount:.2f}", now)
            db.execute(_EVENT_SQL, event)
            return db.execute(_ROW_SQL, (invoice_id,)).fetchone(), True

        row, fresh = await self.database.transaction(write)
        return _receipt(row), fresh

    async def finish(
        self,
        receipt: FinalReceipt,
        state: ReceiptState,
        *,
        receipt_id: str | None = None,
        message: str | None = None,
    ) -> FinalReceipt:
        """The request's outcome, with its event on the invoice's history."""
        now = utcnow().isoformat()
        detail = receipt_id if state is ReceiptState.DONE else message

        def write(db: sqlite3.Connection) -> sqlite3.Row:
            db.execute(
                """UPDATE final_receipts SET state = ?, receipt_id = ?, message = ?,
                       updated_at = ?
                   WHERE invoice_id = ? AND receipt_key = ?""",
                (state.value, receipt_id, message, now, receipt.invoice_id, receipt.receipt_key),
            )
            kind = _EVENTS[state]
            db.execute(_EVENT_SQL, (receipt.invoice_id, kind, receipt.actor_id, detail, now))
            row: sqlite3.Row = db.execute(_ROW_SQL, (receipt.invoice_id,)).fetchone()
            return row

        return _receipt(await self.database.transaction(write))
