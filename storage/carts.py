"""The lines of an invoice's cart, as they were sent to PayKeeper."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from storage.database import Database


@dataclass(frozen=True, slots=True)
class StoredLine:
    """One cart line; codes (tax, item and payment type) as PayKeeper names them."""

    name: str
    price: Decimal
    quantity: Decimal
    total: Decimal
    tax: str
    item_type: str
    payment_type: str


class CartRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def save(self, invoice_id: int, lines: Sequence[StoredLine]) -> None:
        """Replace the invoice's lines (one transaction)."""
        await self.database.transaction(lambda db: lines_writer(lines)(db, invoice_id))

    async def lines(self, invoice_id: int) -> list[StoredLine]:
        async with self.database.connection.execute(
            "SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY position", (invoice_id,)
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            StoredLine(
                name=row["name"],
                price=Decimal(row["price"]),
                quantity=Decimal(row["quantity"]),
                total=Decimal(row["total"]),
                tax=row["tax"],
                item_type=row["item_type"],
                payment_type=row["payment_type"],
            )
            for row in rows
        ]


def lines_writer(lines: Sequence[StoredLine]) -> Callable[[sqlite3.Connection, int], None]:
    """Writes ``lines`` as an invoice's, in whatever transaction is given (they replace any)."""

    def write(db: sqlite3.Connection, invoice_id: int) -> None:
        rows = [
            (
                invoice_id,
                position,
                line.name,
                f"{line.price:.2f}",
                format(line.quantity.normalize(), "f"),
                f"{line.total:.2f}",
                line.tax,
                line.item_type,
                line.payment_type,
            )
            for position, line in enumerate(lines)
        ]
        db.execute("DELETE FROM invoice_lines WHERE invoice_id = ?", (invoice_id,))
        db.executemany(
            """INSERT INTO invoice_lines (invoice_id, position, name, price, quantity,
                   total, tax, item_type, payment_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            rows,
        )

    return write
