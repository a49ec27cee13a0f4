"""One sqlite3 connection on a thread of its own, awaited from the event loop.

Every call is one function run on that thread, so a statement with its rows, or a whole
transaction (``run``), costs the event loop one round trip; calls run in the order they were
made. Only public APIs of sqlite3 and concurrent.futures: aiosqlite offers no public way to run
a function on its thread, and its cursors cost three round trips per read (execute, fetch,
close) where this costs one.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

_T = TypeVar("_T")
_P = ParamSpec("_P")
Params = Sequence[Any] | dict[str, Any]


class Cursor:
    """A finished statement: its rows (all fetched on SQLite's thread), rowcount, lastrowid."""

    __slots__ = ("_next", "_rows", "description", "lastrowid", "rowcount")

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._rows: list[Any] = cursor.fetchall()
        self._next = 0
        self.rowcount: int = cursor.rowcount
        self.lastrowid: int | None = cursor.lastrowid
        self.description = cursor.description
        cursor.close()

    async def fetchone(self) -> Any | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchall(self) -> list[Any]:
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows

    async def fetchmany(self, size: int = 1) -> list[Any]:
        rows = self._rows[self._next : self._next + size]
        self._next += len(rows)
        return rows

    async def close(self) -> None:
        """Nothing to release: the statement finished on SQLite's thread."""

    def __aiter__(self) -> Cursor:
        return self

    async def __anext__(self) -> Any:
        row = await self.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class _Statement:
    """``await connection.execute(...)`` or ``async with connection.execute(...) as cursor``."""

    __slots__ = ("_future",)

    def __init__(self, future: asyncio.Future[Cursor]) -> None:
        self._future = future

    def __await__(self) -> Generator[Any, None, Cursor]:
        return self._future.__await__()

    async def __aenter__(self) -> Cursor:
        return await self._future

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


def _execute(connection: sqlite3.Connection, sql: str, params: Params) -> Cursor:
    return Cursor(connection.execute(sql, params))


def _executemany(connection: sqlite3.Connection, sql: str, rows: Iterable[Params]) -> Cursor:
    return Cursor(connection.executemany(sql, rows))


class Connection:
    """The bot's SQLite connection, owned by a one-thread executor."""

    def __init__(self, executor: ThreadPoolExecutor, connection: sqlite3.Connection) -> None:
        self._executor = executor
        self._connection = connection
        self._closed = False

    @classmethod
    async def open(cls, path: Path | str) -> Connection:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        loop = asyncio.get_running_loop()
        try:
            # Autocommit (isolation_level=None): transactions are begun explicitly. Made on its
            # thread; check_same_thread off only so in_transaction can be read from the loop.
            connection = await loop.run_in_executor(
                executor,
                partial(sqlite3.connect, path, isolation_level=None, check_same_thread=False),
            )
        except BaseException:
            executor.shutdown(wait=False)
            raise
        connection.row_factory = sqlite3.Row
        return cls(executor, connection)

    def run(
        self, work: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs
    ) -> asyncio.Future[_T]:
        """``work(*args)`` on SQLite's thread, after every call made before it."""
        loop = asyncio.get_running_loop()
        return loop.run_in_executor(self._executor, partial(work, *args, **kwargs))

    def execute(self, sql: str, params: Params = ()) -> _Statement:
        return _Statement(self.run(_execute, self._connection, sql, params))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> Cursor:
        return await self.run(_executemany, self._connection, sql, rows)

    async def executescript(self, script: str) -> None:
        await self.run(self._connection.executescript, script)

    async def create_function(
        self, name: str, arguments: int, function: Callable[..., Any], *, deterministic: bool
    ) -> None:
        await self.run(
            self._connection.create_function,
            name,
            arguments,
            function,
            deterministic=deterministic,
        )

    @property
    def sqlite(self) -> sqlite3.Connection:
        """The sqlite3 connection, for functions handed to :meth:`run` (its thread only)."""
        return self._connection

    @property
    def in_transaction(self) -> bool:
        return self._connection.in_transaction

    @property
    def row_factory(self) -> Any:
        return self._connection.row_factory

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        self._connection.row_factory = factory

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            await self.run(self._connection.close)
        finally:
            self._executor.shutdown(wait=False)
