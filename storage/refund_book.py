"""Refunds against the ledger: the pending confirmation, the one-transaction gate that lets a
refund go, and booking what PayKeeper's own refund records say.

A refund may go only for a payment recorded for that invoice, for ``0 < amount <= what is left
of it``, and while no other refund of that payment waits for its answer or is in doubt. The
check and the insert of the request are one transaction: two admins pressing at once cannot
both pass it."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from storage.database import Database
from storage.invoices import utcnow
from storage.ledger import (
    Movement,
    MovementKind,
    NewMovement,
    Source,
    insert,
    movement_of,
    stamp,
)
from storage.models import EventKind
from storage.money import MoneyRequest, RequestState, finish_in, request_of

_SYNTHETIC = "bot-"  # a refund booked before PayKeeper's own id for it was read


@dataclass(frozen=True, slots=True)
class Confirmation:
    key: str
    invoice_id: int
    payment_id: str
    amount: Decimal
    actor_id: int


class Gate(StrEnum):
    FRESH = "fresh"  # the request is written: call PayKeeper
    ALREADY = "already"  # this confirmation was pressed before
    PENDING = "pending"  # another refund of the payment waits for its answer or is in doubt
    NOT_RECORDED = "not_recorded"  # no such payment of this invoice
    TOO_MUCH = "too_much"


@dataclass(frozen=True, slots=True)
class Opened:
    gate: Gate
    request: MoneyRequest | None = None
    left: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class RefundRecord:
    """One refund as PayKeeper's records show it."""

    id: str
    amount: Decimal
    made: bool  # done or in progress; False: it failed, no money moved
    in_progress: bool
    moved_at: datetime


@dataclass(frozen=True, slots=True)
class Booked:
    learned: list[Movement]  # refunds the bot did not make (the cabinet's)
    settled: list[MoneyRequest]  # the bot's requests now known to be made


def payment_left(db: sqlite3.Connection, invoice_id: int, payment_id: str) -> Decimal | None:
    """What is left of a payment recorded for the invoice; None: no such payment."""
    paid = db.execute(
        "SELECT amount FROM movements WHERE invoice_id = ? AND paykeeper_id = ?"
        " AND kind = 'payment'",
        (invoice_id, payment_id),
    ).fetchone()
    if paid is None:
        return None
    refunded = db.execute(
        "SELECT amount FROM movements WHERE kind = 'refund' AND payment_id = ?", (payment_id,)
    ).fetchall()
    return Decimal(paid[0]) - sum((Decimal(row[0]) for row in refunded), Decimal(0))


class RefundBook:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def propose(
        self, invoice_id: int, payment_id: str, amount: Decimal, actor_id: int
    ) -> str:
        """Keep what a confirmation button will confirm; the button carries the key."""
        key = secrets.token_urlsafe(9)
        await self.database.execute_write(
            """INSERT INTO refund_confirmations (key, invoice_id, payment_id, amount, actor_id,
                   created_at) VALUES (?, ?, ?, ?, ?, ?)""",
            (key, invoice_id, payment_id, f"{amount:.2f}", actor_id, utcnow().isoformat()),
        )
        return key

    async def confirmation(self, key: str) -> Confirmation | None:
        async with self.database.connection.execute(
            "SELECT * FROM refund_confirmations WHERE key = ?", (key,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return Confirmation(
            row["key"],
            row["invoice_id"],
            row["payment_id"],
            Decimal(row["amount"]),
            row["actor_id"],
        )

    async def open(self, confirmation: Confirmation, actor_id: int) -> Opened:
        """The gate and the request, one transaction."""
        now = utcnow().isoformat()
        c = confirmation

        def work(db: sqlite3.Connection) -> Opened:
            earlier = db.execute(
                "SELECT * FROM money_requests WHERE request_key = ?", (c.key,)
            ).fetchone()
            if earlier is not None:
                return Opened(Gate.ALREADY, request_of(earlier))
            left = payment_left(db, c.invoice_id, c.payment_id)
            if left is None:
                return Opened(Gate.NOT_RECORDED)
            waiting = db.execute(
                "SELECT 1 FROM money_requests WHERE kind = 'refund' AND payment_id = ?"
                " AND state IN ('sent', 'uncertain')",
                (c.payment_id,),
            ).fetchone()
            if waiting is not None:
                return Opened(Gate.PENDING, left=left)
            if not Decimal(0) < c.amount <= left:
                return Opened(Gate.TOO_MUCH, left=left)
            row = db.execute(
                """INSERT INTO money_requests (invoice_id, kind, request_key, payment_id, amount,
                       partial, state, actor_id, created_at, updated_at)
                   VALUES (?, 'refund', ?, ?, ?, ?, 'sent', ?, ?, ?) RETURNING *""",
                (
                    c.invoice_id,
                    c.key,
                    c.payment_id,
                    f"{c.amount:.2f}",
                    int(c.amount != left),
                    actor_id,
                    now,
                    now,
                ),
            ).fetchone()
            db.execute(
                """INSERT INTO invoice_events (invoice_id, kind, actor_id, detail, created_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (c.invoice_id, EventKind.REFUND_REQUESTED, actor_id, f"{c.amount:.2f}", now),
            )
            return Opened(Gate.FRESH, request_of(row), left)

        return await self.database.transaction(work)

    async def book(self, invoice_id: int, payment_id: str, records: list[RefundRecord]) -> Booked:
        """Bring the payment's refund rows in step with PayKeeper's records: a record already
        booked is updated; one matching a refund the bot booked before its id was known, or a
        request of the bot's still waiting, becomes that; any other is the cabinet's."""
        now = utcnow()

        def work(db: sqlite3.Connection) -> Booked:
            rows = db.execute(
                "SELECT * FROM movements WHERE kind = 'refund' AND payment_id = ?", (payment_id,)
            ).fetchall()
            known = {row["paykeeper_id"]: row for row in rows}
            synthetic = [row for row in rows if row["paykeeper_id"].startswith(_SYNTHETIC)]
            waiting = [
                request_of(row)
                for row in db.execute(
                    "SELECT * FROM money_requests WHERE kind = 'refund' AND payment_id = ?"
                    " AND state IN ('sent', 'uncertain') ORDER BY id",
                    (payment_id,),
                ).fetchall()
            ]
            learned: list[Movement] = []
            settled: list[MoneyRequest] = []
            for record in records:
                if not record.made:
                    db.execute(
                        "DELETE FROM movements WHERE kind = 'refund' AND paykeeper_id = ?",
                        (record.id,),
                    )
                    continue
                if record.id in known:
                    db.execute(
                        "UPDATE movements SET amount = ?, in_progress = ? WHERE id = ?",
                        (f"{record.amount:.2f}", int(record.in_progress), known[record.id]["id"]),
                    )
                    continue
                twin = next((r for r in synthetic if Decimal(r["amount"]) == record.amount), None)
                if twin is not None:
                    synthetic.remove(twin)
                    db.execute(
                        "UPDATE movements SET paykeeper_id = ?, in_progress = ?, moved_at = ?"
                        " WHERE id = ?",
                        (record.id, int(record.in_progress), stamp(record.moved_at), twin["id"]),
                    )
                    continue
                mine = next(
                    (r for r in waiting if r.amount == record.amount or not r.partial), None
                )
                source = Source.BOT if mine is not None else Source.CABINET
                new = NewMovement(
                    invoice_id,
                    MovementKind.REFUND,
                    record.amount,
                    record.id,
                    record.moved_at,
                    source,
                    payment_id=payment_id,
                    in_progress=record.in_progress,
                    request_id=mine.id if mine else None,
                )
                insert(db, new)
                if mine is not None:
                    waiting.remove(mine)
                    finish_in(db, mine, RequestState.DONE, message=None, now=now.isoformat())
                    settled.append(mine)
                else:
                    row = db.execute(
                        "SELECT * FROM movements WHERE kind = 'refund' AND paykeeper_id = ?",
                        (record.id,),
                    ).fetchone()
                    learned.append(movement_of(row))
            return Booked(learned, settled)

        return await self.database.transaction(work)

    async def book_assumed(self, request: MoneyRequest, moved_at: datetime) -> None:
        """A refund PayKeeper accepted whose records could not be read: booked as asked, under
        a synthetic id that the next reading of the records replaces."""
        now = utcnow().isoformat()

        def work(db: sqlite3.Connection) -> None:
            insert(db, _as_asked(request, moved_at, in_progress=True))
            finish_in(db, request, RequestState.DONE, message=None, now=now)

        await self.database.transaction(work)

    async def resolve(
        self, request: MoneyRequest, *, made: bool, actor_id: int, moved_at: datetime
    ) -> bool:
        """An admin's word, from the cabinet, on a refund in doubt; False if it was no longer
        in doubt. Made, it is booked as asked (the records replace it once they show it)."""
        now = utcnow().isoformat()

        def work(db: sqlite3.Connection) -> bool:
            row = db.execute(
                "SELECT state FROM money_requests WHERE id = ?", (request.id,)
            ).fetchone()
            if row is None or row[0] not in ("sent", "uncertain"):
                return False
            if made:
                insert(db, _as_asked(request, moved_at, in_progress=False))
            state = RequestState.DONE if made else RequestState.REFUSED
            message = "confirmed by an admin from the cabinet"
            finish_in(db, request, state, message=message, now=now, actor_id=actor_id)
            return True

        return await self.database.transaction(work)


def _as_asked(request: MoneyRequest, moved_at: datetime, *, in_progress: bool) -> NewMovement:
    """A bot's refund booked as it was asked for, under a synthetic id that the next reading
    of PayKeeper's records replaces."""
    return NewMovement(
        request.invoice_id,
        MovementKind.REFUND,
        request.amount,
        _SYNTHETIC + request.request_key,
        moved_at,
        Source.BOT,
        payment_id=request.payment_id,
        in_progress=in_progress,
        request_id=request.id,
    )
