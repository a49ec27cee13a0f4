"""Drafts behind inline quick-creation messages.

Callback data holds at most 64 bytes, so a posted "create" button carries a short token and
the draft waits here."""

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


@dataclass(frozen=True, slots=True)
class InlineDraft:
    token: str
    manager_id: int
    order_id: str
    data: dict[str, Any]  # InvoiceDraft.to_data()
    created_at: datetime


class InlineDraftRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def add(self, draft: InlineDraft) -> None:
        """Store a draft, dropping the expired ones (most drafts are offered, never posted:
        an inline query arrives with every keystroke)."""
        expired = (utcnow() - DRAFT_LIFETIME).isoformat()
        values = (
            draft.token,
            draft.manager_id,
            draft.order_id,
            json.dumps(draft.data, ensure_ascii=False),
            draft.created_at.isoformat(),
        )

        def add(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM inline_drafts WHERE created_at < ?", (expired,))
            db.execute(
                """INSERT INTO inline_drafts (token, manager_id, order_id, draft, created_at)
                   VALUES (?, ?, ?, ?, ?)""",
                values,
            )

        await self.database.transaction(add)

    async def get(self, token: str) -> InlineDraft | None:
        async with self.database.connection.execute(
            "SELECT * FROM inline_drafts WHERE token = ? AND created_at >= ?",
            (token, (utcnow() - DRAFT_LIFETIME).isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        return _draft(row) if row is not None else None

    async def renew_order(self, token: str, order_id: str) -> None:
        """A new order id after a failed attempt, so that pressing again can try once more."""
        await self.database.execute_write(
            "UPDATE inline_drafts SET order_id = ? WHERE token = ?", (order_id, token)
        )


def _draft(row: sqlite3.Row) -> InlineDraft:
    return InlineDraft(
        token=row["token"],
        manager_id=row["manager_id"],
        order_id=row["order_id"],
        data=json.loads(row["draft"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )
