"""The service catalogue: what managers pick in the form, with its VAT and default
price. Archived services stay in the table, so invoices that named them remain readable."""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from storage.database import Database
from storage.invoices import utcnow


@dataclass(frozen=True, slots=True)
class ServiceEntry:
    name: str
    price: Decimal | None
    tax: str  # codes as PayKeeper names them
    item_type: str
    payment_type: str = "prepay"


@dataclass(frozen=True, slots=True)
class StoredService:
    id: int
    entry: ServiceEntry
    archived: bool
    uses: int


class DuplicateServiceError(Exception):
    """An active service already has this name."""


def _service(row: sqlite3.Row) -> StoredService:
    return StoredService(
        id=row["id"],
        entry=ServiceEntry(
            name=row["name"],
            price=Decimal(row["price"]) if row["price"] is not None else None,
            tax=row["tax"],
            item_type=row["item_type"],
            payment_type=row["payment_type"],
        ),
        archived=bool(row["archived"]),
        uses=row["uses"],
    )


def _values(entry: ServiceEntry) -> tuple[str, str | None, str, str, str]:
    price = f"{entry.price:.2f}" if entry.price is not None else None
    return entry.name, price, entry.tax, entry.item_type, entry.payment_type


NAMES_CACHED = 1024  # names looked up (listed or not) remembered; the least recent read again


class ServiceRepository:
    """Services by name come from a cache: issuing looks its service up on every invoice (in a
    bulk run on every row) before PayKeeper is called, and the running bot is its database's
    only writer (the running lock, storage/backup.py), so every write here keeps the cache
    right: ``used`` counts in it, the others clear it."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._by_name: OrderedDict[str, StoredService | None] = OrderedDict()
        self._writes = 0  # a read that a write overtook is not remembered

    def _changed(self) -> None:
        self._writes += 1
        self._by_name.clear()

    async def add(self, entry: ServiceEntry) -> StoredService:
        now = utcnow().isoformat()
        try:
            rows = await self.database.transaction(
                lambda db: db.execute(
                    """INSERT INTO services (name, price, tax, item_type, payment_type,
                           created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *""",
                    (*_values(entry), now, now),
                ).fetchall()
            )
        except sqlite3.IntegrityError as error:
            raise DuplicateServiceError(entry.name) from error
        finally:
            self._changed()
        return _service(rows[0])

    async def update(self, service_id: int, entry: ServiceEntry) -> StoredService | None:
        now = utcnow().isoformat()
        try:
            rows = await self.database.transaction(
                lambda db: db.execute(
                    """UPDATE services SET name = ?, price = ?, tax = ?, item_type = ?,
                           payment_type = ?, updated_at = ? WHERE id = ? RETURNING *""",
                    (*_values(entry), now, service_id),
                ).fetchall()
            )
        except sqlite3.IntegrityError as error:
            raise DuplicateServiceError(entry.name) from error
        finally:
            self._changed()
        return _service(rows[0]) if rows else None

    async def archive(self, service_id: int) -> bool:
        try:
            cursor = await self.database.execute_write(
                "UPDATE services SET archived = 1, updated_at = ? WHERE id = ? AND archived = 0",
                (utcnow().isoformat(), service_id),
            )
        finally:
            self._changed()
        return cursor.rowcount > 0

    async def get(self, service_id: int) -> StoredService | None:
        async with self.database.connection.execute(
            "SELECT * FROM services WHERE id = ?", (service_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _service(row) if row else None

    async def by_name(self, name: str) -> StoredService | None:
        """The active service of this name, if any."""
        if name in self._by_name:
            self._by_name.move_to_end(name)
            return self._by_name[name]
        writes = self._writes
        async with self.database.connection.execute(
            "SELECT * FROM services WHERE name = ? AND archived = 0", (name,)
        ) as cursor:
            row = await cursor.fetchone()
        found = _service(row) if row else None
        if writes == self._writes:
            self._by_name[name] = found
            while len(self._by_name) > NAMES_CACHED:
                self._by_name.popitem(last=False)
        return found

    async def active(self, limit: int = 1000) -> list[StoredService]:
        """Active services, the most used first."""
        async with self.database.connection.execute(
            "SELECT * FROM services WHERE archived = 0 ORDER BY uses DESC, name LIMIT ?",
            (limit,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_service(row) for row in rows]

    async def used(self, service_id: int) -> None:
        try:
            await self.database.transaction(lambda db: self.use_counter(service_id)(db, 0))
        except BaseException:
            self.note_use(service_id, landed=None)
            raise
        self.note_use(service_id, landed=True)

    def use_counter(self, service_id: int) -> Callable[[sqlite3.Connection, int], None]:
        """Counts a use of the service inside a transaction of the caller's (the one logging
        an invoice of it); the caller then says how it ended (:meth:`note_use`)."""

        def count(db: sqlite3.Connection, _invoice_id: int) -> None:
            db.execute("UPDATE services SET uses = uses + 1 WHERE id = ?", (service_id,))

        return count

    def note_use(self, service_id: int, *, landed: bool | None) -> None:
        """Keeps the cache right after a use was counted: it landed, it did not, or (None)
        nobody knows (the call was cut short), and the table is read again."""
        if landed is None:
            self._changed()
            return
        if not landed:
            return
        for name, service in self._by_name.items():
            if service is not None and service.id == service_id:
                self._by_name[name] = replace(service, uses=service.uses + 1)
