"""Many finished invoices at once, with their history and money: a past loaded in bulk.

The benchmarks and tests seed a busy company's years through this (tests/benchmarks/
seed_busy_year.py), so the seeded rows take the same columns and checks as the bot's own,
whatever migrations add. Not a path the bot itself takes: an invoice the bot makes is written
by :class:`storage.invoices.InvoiceRepository` before PayKeeper is called.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from storage.database import Database
from storage.models import Delivery, InvoiceStatus

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S+00:00"  # the ledger's: text order is time order


@dataclass(frozen=True, slots=True)
class PastInvoice:
    """An invoice as it stands today, with what happened to it."""

    order_id: str
    manager_id: int
    manager_name: str
    amount: Decimal
    service_name: str
    delivery: Delivery
    status: InvoiceStatus
    created_at: datetime  # aware
    client_email: str | None = None
    client_phone: str | None = None
    client_name: str | None = None
    last_day: date | None = None
    paykeeper_id: str | None = None
    invoice_url: str | None = None
    payment_id: str | None = None  # PAID: the payment's id
    paid_at: datetime | None = None
    refunded: Decimal | None = None  # PAID: money returned since, by a refund of this amount
    refund_id: str | None = None


_INVOICE_SQL = """INSERT INTO invoices (order_id, manager_id, manager_name, amount,
    client_email, client_phone, client_name, service_name, last_day, delivery, status,
    paykeeper_id, invoice_url, payment_id, paid_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
_EVENT_SQL = """INSERT INTO invoice_events (invoice_id, kind, actor_id, detail, created_at)
    VALUES (?, ?, ?, ?, ?)"""
_MOVEMENT_SQL = """INSERT INTO movements (invoice_id, kind, amount, paykeeper_id, payment_id,
    moved_at, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)


class HistoryRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def add_many(self, invoices: Sequence[PastInvoice]) -> None:
        """All of ``invoices`` in one transaction, their events and ledger rows beside them."""

        def write(db: sqlite3.Connection) -> None:
            for past in invoices:
                _write_one(db, past)

        await self.database.transaction(write)


def _write_one(db: sqlite3.Connection, past: PastInvoice) -> None:
    created = past.created_at.astimezone(UTC).isoformat()
    updated = past.paid_at.astimezone(UTC).isoformat() if past.paid_at else created
    cursor = db.execute(
        _INVOICE_SQL,
        (
            past.order_id,
            past.manager_id,
            past.manager_name,
            f"{past.amount:.2f}",
            past.client_email,
            past.client_phone,
            past.client_name,
            past.service_name,
            past.last_day.isoformat() if past.last_day else None,
            past.delivery.value,
            past.status.value,
            past.paykeeper_id,
            past.invoice_url,
            past.payment_id,
            updated if past.paid_at else None,
            created,
            updated,
        ),
    )
    invoice_id = cursor.lastrowid
    events: list[tuple[object, ...]] = [
        (invoice_id, "requested", past.manager_id, past.delivery.value, created)
    ]
    if past.status is not InvoiceStatus.REQUESTED:
        events.append((invoice_id, past.status.value, None, None, updated))
    db.executemany(_EVENT_SQL, events)
    if past.payment_id is None or past.paid_at is None:
        return
    paid = _stamp(past.paid_at)
    movements = [
        (invoice_id, "payment", f"{past.amount:.2f}", past.payment_id, past.payment_id, paid)
    ]
    if past.refunded is not None and past.refund_id is not None:
        movements.append(
            (invoice_id, "refund", f"{past.refunded:.2f}", past.refund_id, past.payment_id, paid)
        )
    db.executemany(_MOVEMENT_SQL, [(*movement, "notification", paid) for movement in movements])
