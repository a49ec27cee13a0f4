"""What the month-end report reads: the ledger's movements of a period, the invoices they belong
to and the invoices created in it. Read-only; the ledger itself is written elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.database import Database
from storage.invoices import InvoiceRepository, _record
from storage.ledger import LedgerRepository, Movement, stamp
from storage.models import InvoiceRecord


@dataclass(frozen=True, slots=True)
class ReportRows:
    movements: list[Movement]  # in the order the money moved
    moved: dict[int, InvoiceRecord]  # the invoices of those movements, by id
    created: list[InvoiceRecord]  # the invoices created in the period, oldest first


class ReportQueries:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.ledger = LedgerRepository(database)
        self.invoices = InvoiceRepository(database)

    async def rows(self, start: datetime, end: datetime) -> ReportRows:
        """Everything the report holds for ``start <= moment < end`` (aware)."""
        movements = await self.ledger.between(start, end)
        # Read after the movements, so that every one found has its invoice here.
        created = await self.invoices.created_between(start, end)
        return ReportRows(movements, await self._moved(start, end), created)

    async def _moved(self, start: datetime, end: datetime) -> dict[int, InvoiceRecord]:
        # One query for all of them: a month can hold thousands of movements.
        async with self.database.connection.execute(
            """SELECT * FROM invoices WHERE id IN (
                   SELECT invoice_id FROM movements WHERE moved_at >= ? AND moved_at < ?)""",
            (stamp(start), stamp(end)),
        ) as cursor:
            found = await cursor.fetchall()
        return {row["id"]: _record(row) for row in found}
