"""Drafts behind inline quick-creation messages, and the searches behind list buttons.

Callback data holds at most 64 bytes, so a posted "create" button or a list's page button
carries a short key and the rest waits here."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage.database import Database
from storage.invoices import utcnow

# A quick-creation message left unpressed this long stops working (the manager types it anew).
DRAFT_LIFETIME = timedelta(days=7)
# A list older than this pages through "all invoices" instead of its search.
SEARCH_LIFETIME = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class InlineDraft:
    token: str
    manager_id: int
    order_id: str
    data: dict[str, Any]  # InvoiceDraft.to_data()
    created_at: datetime


class DraftRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def add(self, draft: InlineDraft) -> None:
        """Store a draft, dropping the expired ones (most drafts are offered, never posted:
        an inline query arrives with every keystroke)."""
        async with self.database.write() as db:
            await db.execute(
                "DELETE FROM inline_drafts WHERE created_at < ?",
                ((utcnow() - DRAFT_LIFETIME).isoformat(),),
            )
            await db.execute(
                """INSERT INTO inline_drafts (token, manager_id, order_id, draft, created_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (
                    draft.token,
                    draft.manager_id,
                    draft.order_id,
                    json.dumps(draft.data, ensure_ascii=False),
                    draft.created_at.isoformat(),
                ),
            )

    async def get(self, token: str) -> InlineDraft | None:
        async with self.database.connection.execute(
            "SELECT * FROM inline_drafts WHERE token = ? AND created_at >= ?",
            (token, (utcnow() - DRAFT_LIFETIME).isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        return _draft(row) if row is not None else None

    async def renew_order(self, token: str, order_id: str) -> None:
        """A new order id after a failed attempt, so that pressing again can try once more."""
        async with self.database.write() as db:
            await db.execute(
                "UPDATE inline_drafts SET order_id = ? WHERE token = ?", (order_id, token)
            )

    async def save_search(self, user_id: int, text: str) -> int:
        async with self.database.write() as db:
            await db.execute(
                "DELETE FROM invoice_searches WHERE created_at < ?",
                ((utcnow() - SEARCH_LIFETIME).isoformat(),),
            )
            cursor = await db.execute(
                "INSERT INTO invoice_searches (user_id, text, created_at) VALUES (?, ?, ?)",
                (user_id, text, utcnow().isoformat()),
            )
            return int(cursor.lastrowid or 0)

    async def search(self, search_id: int, user_id: int) -> str | None:
        """A saved search's text, only for the user who made it."""
        async with self.database.connection.execute(
            "SELECT text FROM invoice_searches WHERE id = ? AND user_id = ?",
            (search_id, user_id),
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row is not None else None


def _draft(row: sqlite3.Row) -> InlineDraft:
    return InlineDraft(
        token=row["token"],
        manager_id=row["manager_id"],
        order_id=row["order_id"],
        data=json.loads(row["draft"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )
