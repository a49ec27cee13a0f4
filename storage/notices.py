"""The bot's own messages (alerts, reminders, digests): queued in SQLite, then sent.

Queuing by a unique key makes each occasion produce one message even if it is noticed twice
(a retried notification, a reconciliation pass racing it, a scheduler tick after a restart);
keeping pending messages in the database means a restart sends them instead of losing them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from storage.database import Database
from storage.invoices import _record, utcnow
from storage.ledger import stamp
from storage.models import InvoiceRecord, InvoiceStatus


@dataclass(frozen=True, slots=True)
class Notice:
    id: int
    key: str
    chat_id: int
    invoice_id: int | None
    text: str
    keyboard: str | None  # JSON
    inline_message_id: str | None = None  # set: edit that inline message, send nothing


@dataclass(slots=True)
class Totals:
    count: int = 0
    amount: Decimal = Decimal(0)


@dataclass(slots=True)
class DayActivity:
    """One manager's invoices issued and expired during one day, and the money that moved:
    paid (each payment by card, second payments and cash) and refunded, from the ledger."""

    issued: Totals
    paid: Totals
    expired: Totals
    refunded: Totals = field(default_factory=Totals)


def _utc_text(moment: datetime) -> str:
    # Same shape as the stored timestamps (isoformat of an aware UTC datetime), so plain
    # string comparison orders them correctly and can use the index.
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat()


class NoticeRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def add(
        self,
        key: str,
        chat_id: int,
        text: str,
        keyboard: str | None = None,
        *,
        invoice_id: int | None = None,
        inline_message_id: str | None = None,
    ) -> bool:
        """Queue a message; False (and nothing queued) if ``key`` was queued before."""
        cursor = await self.database.execute_write(
            """INSERT OR IGNORE INTO notices (key, chat_id, invoice_id, text, keyboard,
                   created_at, inline_message_id)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (key, chat_id, invoice_id, text, keyboard, _utc_text(utcnow()), inline_message_id),
        )
        return cursor.rowcount == 1

    async def pending(self, limit: int = 100) -> list[Notice]:
        async with self.database.connection.execute(
            """SELECT * FROM notices WHERE sent_at IS NULL AND error IS NULL
               ORDER BY id LIMIT ?""",
            (limit,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            Notice(
                id=row["id"],
                key=row["key"],
                chat_id=row["chat_id"],
                invoice_id=row["invoice_id"],
                text=row["text"],
                keyboard=row["keyboard"],
                inline_message_id=row["inline_message_id"],
            )
            for row in rows
        ]

    async def mark_sent(self, notice_id: int) -> None:
        await self.database.execute_write(
            "UPDATE notices SET sent_at = ? WHERE id = ?", (_utc_text(utcnow()), notice_id)
        )

    async def mark_undeliverable(self, notice_id: int, error: str) -> None:
        await self.database.execute_write(
            "UPDATE notices SET error = ? WHERE id = ?", (error, notice_id)
        )

    # --- What the scheduler looks for --------------------------------------------------------

    async def due_reminders(self, last_day: date, created_before: datetime) -> list[InvoiceRecord]:
        """Unpaid invoices whose last payable day is ``last_day``, issued before
        ``created_before``, that have not had their reminder."""
        async with self.database.connection.execute(
            """SELECT * FROM invoices
               WHERE status IN (?, ?) AND last_day = ? AND created_at < ?
                 AND NOT EXISTS (SELECT 1 FROM notices WHERE key = 'reminder:' || invoices.id)
               ORDER BY id""",
            (
                InvoiceStatus.CREATED.value,
                InvoiceStatus.SENT.value,
                last_day.isoformat(),
                _utc_text(created_before),
            ),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_record(row) for row in rows]

    async def activity(self, start: datetime, end: datetime) -> dict[int, DayActivity]:
        """Per manager: invoices that became created or expired in [start, end), and the
        ledger's movements of their money in it (by when the money moved, as /report)."""
        async with self.database.connection.execute(
            """SELECT DISTINCT i.manager_id, e.kind, i.id, i.amount
               FROM invoice_events AS e JOIN invoices AS i ON i.id = e.invoice_id
               WHERE e.created_at >= ? AND e.created_at < ?
                 AND e.kind IN ('created', 'expired')""",
            (_utc_text(start), _utc_text(end)),
        ) as cursor:
            events = await cursor.fetchall()
        async with self.database.connection.execute(
            """SELECT i.manager_id, m.kind, m.amount
               FROM movements AS m JOIN invoices AS i ON i.id = m.invoice_id
               WHERE m.moved_at >= ? AND m.moved_at < ?""",
            (stamp(start), stamp(end)),
        ) as cursor:
            movements = await cursor.fetchall()
        found: dict[int, DayActivity] = {}
        moved = [(row["manager_id"], row["kind"], row["amount"]) for row in [*events, *movements]]
        for manager_id, kind, amount in moved:
            day = found.setdefault(manager_id, DayActivity(Totals(), Totals(), Totals()))
            totals = {
                "created": day.issued,
                "expired": day.expired,
                "payment": day.paid,
                "cash": day.paid,
                "refund": day.refunded,
            }[kind]
            totals.count += 1
            totals.amount += Decimal(amount)
        return found
