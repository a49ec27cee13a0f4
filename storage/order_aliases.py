"""Each manager's order alias: a random token that stands for the manager in bulk order ids.

Payers see order ids, so they must not name the manager; yet a row's id must be the same on
every upload (that is how a file sent again finds the invoices it made). The alias is drawn once
from ``secrets``, stored, and never changes: nothing computes it from the manager's id, and no
secret that could be rotated is behind it. It always holds a letter, so it never reads as the
Telegram id that ids made before it carry in the same place.
"""

from __future__ import annotations

import secrets
import sqlite3
import string
from typing import Final

from storage.database import Database
from storage.invoices import utcnow

ALIAS_LENGTH: Final = 8
_FIRST: Final = string.ascii_lowercase
_REST: Final = string.ascii_lowercase + string.digits
_DRAWS: Final = 16  # a clash is one in billions; more than a few in a row means a broken RNG
_SELECT: Final = "SELECT alias FROM order_aliases WHERE manager_id = ?"
_INSERT: Final = "INSERT INTO order_aliases (manager_id, alias, created_at) VALUES (?, ?, ?)"


def new_alias() -> str:
    rest = "".join(secrets.choice(_REST) for _ in range(ALIAS_LENGTH - 1))
    return secrets.choice(_FIRST) + rest


class OrderAliases:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def of(self, manager_id: int) -> str:
        """The manager's alias, drawn and stored on first need (insert or get, one transaction)."""
        async with self.database.connection.execute(_SELECT, (manager_id,)) as cursor:
            row = await cursor.fetchone()
        if row is not None:
            return str(row["alias"])
        now = utcnow().isoformat()

        def insert_or_get(db: sqlite3.Connection) -> str:
            for _ in range(_DRAWS):
                found = db.execute(_SELECT, (manager_id,)).fetchone()
                if found is not None:
                    return str(found["alias"])
                try:
                    alias = new_alias()
                    db.execute(_INSERT, (manager_id, alias, now))
                except sqlite3.IntegrityError:
                    continue  # another manager drew the same alias: draw again
                return alias
            raise RuntimeError("could not draw a free order alias")

        return await self.database.transaction(insert_or_get)
