"""Conversation state by key: a state name and a JSON object of answers.

Read through a cache of what was last read or written: the running bot is the only writer of
its database (the running lock, storage/backup.py), so the cache holds what the table holds,
and the state aiogram reads before every update costs no round trip to SQLite. Every write
goes to the table in one statement: both columns are known from the cache.

Only a state set to None that leaves answers behind waits a moment: it is the first half of
aiogram's ``clear()``, whose ``set_data({})`` follows in the same step and then writes the
end of the conversation, state and answers, as one transaction. Alone, it is written on the
event loop's next turn.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import OrderedDict

from storage.database import Database
from storage.invoices import utcnow

log = logging.getLogger(__name__)

Row = tuple[str | None, str]  # (state, data as JSON text)
NOTHING: Row = (None, "{}")
CACHED_KEYS = 4096  # conversations remembered; the least recently used are read again


class FormStateRepository:
    def __init__(self, database: Database, *, cached_keys: int = CACHED_KEYS) -> None:
        self.database = database
        self._known: OrderedDict[str, Row] = OrderedDict()
        self._cached_keys = cached_keys
        # State-only writes waiting for the loop's next turn (see the module), with their row.
        self._deferred: dict[str, tuple[asyncio.Handle, Row]] = {}
        self._writing: set[asyncio.Task[None]] = set()

    async def get(self, key: str) -> Row:
        """(state, data as JSON text); ``(None, "{}")`` when nothing is stored."""
        known = self._known.get(key)
        if known is not None:
            self._known.move_to_end(key)
            return known
        deferred = self._deferred.get(key)
        if deferred is not None:  # forgotten by the cache before its write went out
            return deferred[1]
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
        elif state is None and known[1] != NOTHING[1]:
            self._defer(key, (state, known[1]))
        else:
            await self._write(key, (state, known[1]))

    async def set_data(self, key: str, data: str) -> None:
        known = self._known.get(key)
        if known is None:
            await self._write_column(_SET_DATA, key, data)
        else:
            await self._write(key, (known[0], data))

    async def flush(self) -> None:
        """Write what waits for the loop's next turn, and wait for it (at shutdown)."""
        for key, (handle, row) in list(self._deferred.items()):
            handle.cancel()
            self._write_later(key, row)
        if self._writing:
            await asyncio.gather(*self._writing, return_exceptions=True)

    def _defer(self, key: str, row: Row) -> None:
        self._remember(key, row)
        self._cancel_deferred(key)
        handle = asyncio.get_running_loop().call_soon(self._write_later, key, row)
        self._deferred[key] = (handle, row)

    def _cancel_deferred(self, key: str) -> None:
        deferred = self._deferred.pop(key, None)
        if deferred is not None:
            deferred[0].cancel()

    def _write_later(self, key: str, row: Row) -> None:
        self._deferred.pop(key, None)
        task = asyncio.get_running_loop().create_task(self._write_logged(key, row))
        self._writing.add(task)
        task.add_done_callback(self._writing.discard)

    async def _write_logged(self, key: str, row: Row) -> None:
        try:
            await self._write(key, row)
        except Exception:  # nobody awaits this write: the error is logged
            log.exception("could not store a conversation's state")

    def _remember(self, key: str, row: Row) -> None:
        self._known[key] = row
        self._known.move_to_end(key)
        while len(self._known) > self._cached_keys:
            self._known.popitem(last=False)

    async def _write(self, key: str, row: Row) -> None:
        # Remembered before the write is queued: a read meanwhile sees it, and writes reach
        # SQLite in the order they were made. It carries a deferred state-only write along.
        self._cancel_deferred(key)
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

        self._cancel_deferred(key)
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
