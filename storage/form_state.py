"""Conversation state by key: a state name and a JSON object of answers."""

from __future__ import annotations

from storage.database import Database
from storage.invoices import utcnow


class FormStateRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def get(self, key: str) -> tuple[str | None, str]:
        """(state, data as JSON text); ``(None, "{}")`` when nothing is stored."""
        async with self.database.connection.execute(
            "SELECT state, data FROM form_state WHERE key = ?", (key,)
        ) as cursor:
            row = await cursor.fetchone()
        return (row[0], row[1]) if row is not None else (None, "{}")

    async def set_state(self, key: str, state: str | None) -> None:
        await self._write(_SET_STATE, key, state)

    async def set_data(self, key: str, data: str) -> None:
        await self._write(_SET_DATA, key, data)

    async def _write(self, sql: str, key: str, value: str | None) -> None:
        async with self.database.write() as db:
            await db.execute(sql, (key, value, utcnow().isoformat()))
            # A finished conversation leaves no row behind.
            await db.execute(
                "DELETE FROM form_state WHERE key = ? AND state IS NULL AND data = '{}'", (key,)
            )


_SET_STATE = """INSERT INTO form_state (key, state, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET
                    state = excluded.state, updated_at = excluded.updated_at"""
_SET_DATA = """INSERT INTO form_state (key, data, updated_at) VALUES (?, ?, ?)
               ON CONFLICT (key) DO UPDATE SET
                   data = excluded.data, updated_at = excluded.updated_at"""
