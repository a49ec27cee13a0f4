"""The searches behind /invoices list buttons: callback data holds at most 64 bytes, so a
page button carries a search's id and its text waits here."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from storage.database import Database
from storage.invoices import utcnow

# A list older than this pages through "all invoices" instead of its search.
SEARCH_LIFETIME = timedelta(days=30)


class SearchRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def save(self, user_id: int, text: str) -> int:
        now = utcnow()

        def save(db: sqlite3.Connection) -> int:
            db.execute(
                "DELETE FROM invoice_searches WHERE created_at < ?",
                ((now - SEARCH_LIFETIME).isoformat(),),
            )
            cursor = db.execute(
                "INSERT INTO invoice_searches (user_id, text, created_at) VALUES (?, ?, ?)",
                (user_id, text, now.isoformat()),
            )
            return int(cursor.lastrowid or 0)

        return await self.database.transaction(save)

    async def text(self, search_id: int, user_id: int) -> str | None:
        """A saved search's text, only for the user who made it."""
        async with self.database.connection.execute(
            "SELECT text FROM invoice_searches WHERE id = ? AND user_id = ?",
            (search_id, user_id),
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row is not None else None
