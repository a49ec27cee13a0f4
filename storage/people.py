"""Names of the Telegram users who act on invoices, for the history shown on the card."""

from __future__ import annotations

from storage.database import Database
from storage.invoices import utcnow


class PeopleRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def remember(self, user_id: int, name: str, language: str | None = None) -> None:
        """Store a name (and the Telegram language code, when known); a None language keeps
        the one stored before."""
        await self.database.execute_write(
            """INSERT INTO people (user_id, name, language, updated_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (user_id) DO UPDATE SET
                   name = excluded.name,
                   language = coalesce(excluded.language, language),
                   updated_at = excluded.updated_at
               WHERE name != excluded.name
                  OR coalesce(excluded.language, language) IS NOT language""",
            (user_id, name, language, utcnow().isoformat()),
        )

    async def language(self, user_id: int) -> str | None:
        """The Telegram language code last seen for ``user_id``, if any."""
        async with self.database.connection.execute(
            "SELECT language FROM people WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row is not None and row[0] is not None else None

    async def names(self, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        sql = f"SELECT user_id, name FROM people WHERE user_id IN ({marks})"  # noqa: S608
        async with self.database.connection.execute(sql, tuple(ids)) as cursor:
            rows = await cursor.fetchall()
        return {int(row[0]): str(row[1]) for row in rows}
