"""Where each invoice's payment message was posted through inline mode (see bot.telegram
.inline_follow): kept so the bot can edit those messages when the invoice's state changes."""

from __future__ import annotations

from storage.database import Database
from storage.invoices import utcnow


class InlineMessageRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def add(self, invoice_id: int, inline_message_id: str) -> bool:
        """Remember a posted message; False if it was known (Telegram reports it twice)."""
        cursor = await self.database.execute_write(
            """INSERT OR IGNORE INTO inline_messages (invoice_id, inline_message_id, created_at)
               VALUES (?, ?, ?)""",
            (invoice_id, inline_message_id, utcnow().isoformat()),
        )
        return cursor.rowcount == 1

    async def of(self, invoice_id: int) -> list[str]:
        async with self.database.connection.execute(
            """SELECT inline_message_id FROM inline_messages WHERE invoice_id = ?
               ORDER BY created_at, inline_message_id""",
            (invoice_id,),
        ) as cursor:
            return [row[0] for row in await cursor.fetchall()]
