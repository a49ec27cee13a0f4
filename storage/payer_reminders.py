"""Reminders to payers: which invoices are due one, and what became of each.

A row is written ('sending') before PayKeeper is asked to send, and no invoice with a row is
ever due again: a reminder goes out at most once, whatever restarts, crashes or unclear answers
happen. Only a send that certainly never reached PayKeeper gives its row back."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Final

from storage.database import Database
from storage.invoices import _record, utcnow
from storage.models import InvoiceRecord

_DUE: Final = """
SELECT i.* FROM invoices i
 WHERE i.remind_days IS NOT NULL AND i.status IN ('created', 'sent')
   AND i.client_email IS NOT NULL AND i.paykeeper_id IS NOT NULL AND i.last_day IS NOT NULL
   AND date(i.last_day, '-' || i.remind_days || ' days') <= :today AND i.last_day >= :today
   AND i.created_at < :issued_before
   AND NOT EXISTS (SELECT 1 FROM payer_reminders r WHERE r.invoice_id = i.id)
 ORDER BY i.id"""
_EVENT: Final = """INSERT INTO invoice_events (invoice_id, kind, actor_id, detail, created_at)
                   VALUES (?, ?, NULL, ?, ?)"""


class PayerReminderRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def due(self, today: date, issued_before: datetime) -> list[InvoiceRecord]:
        """Unpaid invoices (as far as the log knows) whose reminder day has come and whose last
        payable day has not passed, issued before ``issued_before``, never reminded."""
        params = {"today": today.isoformat(), "issued_before": issued_before.isoformat()}
        async with self.database.connection.execute(_DUE, params) as cursor:
            rows = await cursor.fetchall()
        return [_record(row) for row in rows]

    async def claim(self, invoice_id: int) -> bool:
        """Mark the reminder as being sent; False if it already has a row (sent, or under way)."""
        now = utcnow().isoformat()

        def insert(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                """INSERT OR IGNORE INTO payer_reminders
                       (invoice_id, state, created_at, updated_at) VALUES (?, 'sending', ?, ?)""",
                (invoice_id, now, now),
            )
            return cursor.rowcount == 1

        return await self.database.transaction(insert)

    async def release(self, invoice_id: int) -> None:
        """Give back a claim whose send never reached PayKeeper: a later tick tries again."""
        await self.database.transaction(
            lambda db: db.execute(
                "DELETE FROM payer_reminders WHERE invoice_id = ? AND state = 'sending'",
                (invoice_id,),
            )
        )

    async def finish(
        self, invoice_id: int, state: str, detail: str | None, *, event: str | None = None
    ) -> None:
        """Record what became of the reminder (and, with ``event``, put it in the card's
        history), in one transaction; also for one that was never claimed (skipped)."""
        now = utcnow().isoformat()

        def write(db: sqlite3.Connection) -> None:
            db.execute(
                """INSERT INTO payer_reminders (invoice_id, state, detail, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (invoice_id) DO UPDATE
                   SET state = excluded.state, detail = excluded.detail,
                       updated_at = excluded.updated_at""",
                (invoice_id, state, detail, now, now),
            )
            if event is not None:
                db.execute(_EVENT, (invoice_id, event, detail, now))

        await self.database.transaction(write)

    async def state(self, invoice_id: int) -> str | None:
        async with self.database.connection.execute(
            "SELECT state FROM payer_reminders WHERE invoice_id = ?", (invoice_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else str(row[0])
