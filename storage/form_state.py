"""Conversation state by key: a state name and a JSON object of answers.

Read through a cache of what was last read or written: the running bot is the only writer of
its database (the running lock, storage/backup.py), so the cache holds what the table holds,
and the state aiogram reads before every update costs no round trip to SQLite. Every write
goes to the table at once, in one statement: both columns are known from the cache.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict

from storage.database import Database
from storage.invoices import utcnow

Row = tuple[str | None, str]  # (state, data as JSON text)
NOTHING: Row = (None, "{}")
CACHED_KEYS = 4096  # conversations remembered; the least recently used are read again


class FormStateRepository:
    def __init__(self, database: Database, *, cached_keys: int = CACHED_KEYS) -> None:
        self.database = database
        self._known: OrderedDict[str, Row] = OrderedDict()
        self._cached_keys = cached_keys

    async def get(self, key: str) -> Row:
        """(state, data as JSON text); ``(None, "{}")`` when nothing is stored."""
        known = self._known.get(key)
        if known is not None:
            self._known.move_to_end(key)
            return known
        async with self.database.connection.execute(
            "SELECT state, data FROM form_state WHERE key = ?", (key,)
        ) as cursor:
            row = await cursor.fetchone()
        found: Row = (row[0], row[1]) if row is not None else NOTHING
        # A write made while the read was on its way is newer than what the read found.
        known = self._known.get(key)
        if known is not None:
            return known
        self._remember(key, found)
        return found

    async def set_state(self, key: str, state: str | None) -> None:
        known = self._known.get(key)
        if known is None:
            await self._write_column(_SET_STATE, key, state)
        else:
            await self._write(key, (state, known[1]))

    async def set_data(self, key: str, data: str) -> None:
        known = self._known.get(key)
        if known is None:
            await self._write_column(_SET_DATA, key, data)
        else:
            await self._write(key, (known[0], data))

    def _remember(self, key: str, row: Row) -> None:
        self._known[key] = row
        self._known.move_to_end(key)
        while len(self._known) > self._cached_keys:
            self._known.popitem(last=False)

    async def _write(self, key: str, row: Row) -> None:
        # Remembered before the write is queued: a read meanwhile sees it, and writes reach
        # SQLite in the order they were made.
        self._remember(key, row)
        now = utcnow().isoformat()

        def store(db: sqlite3.Connection) -> None:
            if row == NOTHING:  # a finished conversation leaves no row behind
                db.execute("DELETE FROM form_state WHERE key = ?", (key,))
            else:
                db.execute(_SET_BOTH, (key, row[0], row[1], now))

        try:
            await self.database.transaction(store)
        except BaseException:
            self._known.pop(key, None)  # unsure what the table holds: read it next time
            raise

    async def _write_column(self, sql: str, key: str, value: str | None) -> None:
        """A key not read before (aiogram reads the state first, so hardly ever): the row
        the write leaves is remembered."""
        now = utcnow().isoformat()

        def store(db: sqlite3.Connection) -> Row:
            stored = db.execute(sql + " RETURNING state, data", (key, value, now)).fetchone()
            row: Row = (stored[0], stored[1])
            if row == NOTHING:
                db.execute("DELETE FROM form_state WHERE key = ?", (key,))
            return row

        self._known.pop(key, None)
        row = await self.database.transaction(store)
        if key not in self._known:  # else a newer write is on its way
            self._remember(key, row)


_SET_BOTH = """INSERT INTO form_state (key, state, data, updated_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (key) DO UPDATE SET
                   state = excluded.state, data = excluded.data,
                   updated_at = excluded.updated_at"""
_SET_STATE = """INSERT INTO form_state (key, state, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET
                    state = excluded.state, updated_at = excluded.updated_at"""
_SET_DATA = """INSERT INTO form_state (key, data, updated_at) VALUES (?, ?, ?)
               ON CONFLICT (key) DO UPDATE SET
                   data = excluded.data, updated_at = excluded.updated_at"""
