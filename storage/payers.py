"""The payer book: who the team has billed, merged by e-mail or phone.

:func:`remember` runs inside the transaction that logs an invoice (storage/invoices.py), the one
place every way of making an invoice passes, so no path can skip the book. An e-mail names one
payer (any case). A phone joins a payer only where e-mails do not contradict: an invoice with an
e-mail no payer has joins a payer with its phone and no e-mail, never one with another e-mail
(two people may share an office phone); an invoice without an e-mail joins the latest payer with
its phone. The newest invoice's phone and name win: it is the newest word on the payer."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final

from storage.database import Database
from storage.invoice_filter import ensure_fold, fold

_BY_EMAIL: Final = "SELECT * FROM payers WHERE email IS NOT NULL AND lower(email) = lower(?)"
_BY_PHONE_NO_EMAIL: Final = (
    "SELECT * FROM payers WHERE phone = ? AND email IS NULL ORDER BY updated_at DESC, id DESC"
)
_BY_PHONE: Final = "SELECT * FROM payers WHERE phone = ? ORDER BY updated_at DESC, id DESC"
MAX_WORDS: Final = 8  # words of a search that count (a pasted paragraph finds nothing anyway)
# Whom a manager may see: payers they have billed. None (admins, viewers): everyone.
_VISIBLE: Final = "EXISTS (SELECT 1 FROM invoices v WHERE v.payer_id = p.id AND v.manager_id = ?)"
# Most recent first: by the latest invoice (the manager's own, when a manager asks).
_LAST_BILLED: Final = "(SELECT max(l.id) FROM invoices l WHERE l.payer_id = p.id{mine})"


@dataclass(frozen=True, slots=True)
class Payer:
    id: int
    email: str | None
    phone: str | None
    client_name: str | None

    @property
    def label(self) -> str:
        """What names the payer on a button or a line: name, else e-mail, else phone."""
        return self.client_name or self.email or self.phone or ""


@dataclass(frozen=True, slots=True)
class PayerTotals:
    invoices: int
    paid: Decimal  # the sum of paid invoices
    open: Decimal  # the sum of invoices still payable


class PayerEmailTakenError(Exception):
    """A correction gave a payer an e-mail another payer already has."""


def _payer(row: sqlite3.Row) -> Payer:
    return Payer(row["id"], row["email"], row["phone"], row["client_name"])


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def remember(
    db: sqlite3.Connection, email: str | None, phone: str | None, name: str | None, now: str
) -> int | None:
    """The payer of an invoice with these contacts, found or added and brought up to date;
    None when it has neither e-mail nor phone. Runs inside the caller's transaction."""
    email, phone, name = _clean(email), _clean(phone), _clean(name)
    if email is None and phone is None:
        return None
    found: sqlite3.Row | None = None
    if email is not None:
        found = db.execute(_BY_EMAIL, (email,)).fetchone()
        if found is None and phone is not None:
            found = db.execute(_BY_PHONE_NO_EMAIL, (phone,)).fetchone()
    else:
        found = db.execute(_BY_PHONE, (phone,)).fetchone()
    if found is None:
        row = db.execute(
            """INSERT INTO payers (email, phone, client_name, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?) RETURNING id""",
            (email, phone, name, now, now),
        ).fetchone()
        return int(row[0])
    db.execute(
        """UPDATE payers SET email = coalesce(email, ?), phone = coalesce(?, phone),
               client_name = coalesce(?, client_name), updated_at = ? WHERE id = ?""",
        (email, phone, name, now, found["id"]),
    )
    return int(found["id"])


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class PayerRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def get(self, payer_id: int, *, manager_id: int | None) -> Payer | None:
        """The payer, if ``manager_id`` (None: anyone's) may see them."""
        sql = "SELECT * FROM payers p WHERE p.id = ?"
        params: tuple[Any, ...] = (payer_id,)
        if manager_id is not None:
            sql += f" AND {_VISIBLE}"
            params += (manager_id,)
        async with self.database.connection.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return _payer(row) if row is not None else None

    async def find(
        self, words: str, *, manager_id: int | None, limit: int, offset: int = 0
    ) -> list[Payer]:
        """Payers whose name, e-mail or phone holds every word (any case, ё as е), the most
        recently billed first; no words: all of them."""
        await ensure_fold(self.database)
        conditions: list[str] = []
        params: list[Any] = []
        if manager_id is not None:
            conditions.append(_VISIBLE)
            params.append(manager_id)
        for word in words.split()[:MAX_WORDS]:
            needle = fold(word) or ""
            digits = "".join(c for c in word if c.isdigit())
            alternatives = [
                "fold(coalesce(p.client_name, '')) LIKE ? ESCAPE '\\'",
                "fold(coalesce(p.email, '')) LIKE ? ESCAPE '\\'",
            ]
            params += [f"%{_like(needle)}%"] * 2
            if len(digits) >= 3:  # a few digits of a phone, typed any way
                alternatives.append("coalesce(p.phone, '') LIKE ?")
                params.append(f"%{digits}%")
            conditions.append("(" + " OR ".join(alternatives) + ")")
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        mine = " AND l.manager_id = ?" if manager_id is not None else ""
        order = _LAST_BILLED.format(mine=mine)
        sql = (
            f"SELECT p.* FROM payers p {where} "  # noqa: S608 - no user text in the SQL
            f"ORDER BY {order} DESC NULLS LAST, p.id DESC LIMIT ? OFFSET ?"
        )
        params += [manager_id] if manager_id is not None else []
        async with self.database.connection.execute(sql, (*params, limit, offset)) as cursor:
            rows = await cursor.fetchall()
        return [_payer(row) for row in rows]

    async def totals(self, payer_id: int, *, manager_id: int | None) -> PayerTotals:
        """What the payer was billed (by ``manager_id``; None: by anyone), paid, and owes."""
        mine = " AND manager_id = ?" if manager_id is not None else ""
        sql = (
            "SELECT status, amount FROM invoices WHERE payer_id = ?"  # noqa: S608
            + mine
        )
        params = (payer_id, manager_id) if manager_id is not None else (payer_id,)
        async with self.database.connection.execute(sql, params) as cursor:
            rows = await cursor.fetchall()
        paid = sum((Decimal(r["amount"]) for r in rows if r["status"] == "paid"), Decimal(0))
        owed = sum(
            (Decimal(r["amount"]) for r in rows if r["status"] in ("created", "sent")), Decimal(0)
        )
        return PayerTotals(len(rows), paid, owed)

    async def correct(
        self, payer_id: int, *, email: str | None, phone: str | None, client_name: str | None
    ) -> Payer | None:
        """New details for the payer (its invoices keep theirs); None if it is gone."""
        now = datetime.now(UTC).isoformat()

        def update(db: sqlite3.Connection) -> sqlite3.Row | None:
            if email is not None:
                other = db.execute(_BY_EMAIL, (email,)).fetchone()
                if other is not None and other["id"] != payer_id:
                    raise PayerEmailTakenError(email)
            row: sqlite3.Row | None = db.execute(
                """UPDATE payers SET email = ?, phone = ?, client_name = ?, updated_at = ?
                   WHERE id = ? AND (? IS NOT NULL OR ? IS NOT NULL) RETURNING *""",
                (email, phone, _clean(client_name), now, payer_id, email, phone),
            ).fetchone()
            return row

        row = await self.database.transaction(update)
        return _payer(row) if row is not None else None

    async def forget(self, payer_id: int) -> bool:
        """Remove the payer from the book; their invoices keep the contacts they were issued
        with and lose only the link. False if they were already gone."""

        def delete(db: sqlite3.Connection) -> bool:
            db.execute("UPDATE invoices SET payer_id = NULL WHERE payer_id = ?", (payer_id,))
            return db.execute("DELETE FROM payers WHERE id = ?", (payer_id,)).rowcount > 0

        return await self.database.transaction(delete)
