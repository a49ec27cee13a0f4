"""One sqlite3 connection on a thread of its own, awaited from the event loop.

Every call is one function run on that thread, so a statement with its rows, or a whole
transaction (``run``), costs the event loop one round trip; calls run in the order they were
made. aiosqlite offers no public way to run a function on its thread, and its cursors cost
three round trips per read (execute, fetch, close) where this costs one.

The thread takes calls from a ``queue.SimpleQueue`` and settles their futures with
``call_soon_threadsafe``, as aiosqlite does. A ``ThreadPoolExecutor`` of one worker did the same
with two Python-level locks per call (its shutdown lock and idle semaphore) that the loop and
the thread contend for: a fifth of the loop's time in a cProfile of a bulk run at concurrency
32, though the bulk benchmark's throughput moved within its noise.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import sqlite3
import threading
from collections.abc import Callable, Generator, Sequence
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

_T = TypeVar("_T")
_P = ParamSpec("_P")
Params = Sequence[Any] | dict[str, Any]


class Cursor:
    """A finished statement: its rows (all fetched on SQLite's thread), rowcount, lastrowid."""

    __slots__ = ("_next", "_rows", "lastrowid", "rowcount")

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._rows: list[Any] = cursor.fetchall()
        self._next = 0
        self.rowcount: int = cursor.rowcount
        self.lastrowid: int | None = cursor.lastrowid
        cursor.close()

    async def fetchone(self) -> Any | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchall(self) -> list[Any]:
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows

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


_Call = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", Callable[[], Any]]


def _settle(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():  # cancelled while SQLite worked: nobody waits for the result
        future.set_result(result)


def _fail(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)


def _serve(calls: queue.SimpleQueue[_Call | None]) -> None:
    """SQLite's thread: each call in turn, until the closing ``None``."""
    while (call := calls.get()) is not None:
        loop, future, work = call
        try:
            result = work()
        except BaseException as error:  # handed to the caller, whatever it is
            settle: Callable[[asyncio.Future[Any], Any], None] = _fail
            result = error
        else:
            settle = _settle
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is left to tell
            loop.call_soon_threadsafe(settle, future, result)
        del call, future, work, result  # nothing of a finished call outlives it here


def _submit(calls: queue.SimpleQueue[_Call | None], work: Callable[[], _T]) -> asyncio.Future[_T]:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_T] = loop.create_future()
    calls.put((loop, future, work))
    return future


class Connection:
    """The bot's SQLite connection, owned by a thread of its own."""

    def __init__(
        self, calls: queue.SimpleQueue[_Call | None], connection: sqlite3.Connection
    ) -> None:
        self._calls = calls
        self._connection = connection
        self._closed = False

    @classmethod
    async def open(cls, path: Path | str) -> Connection:
        calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        # A daemon: a process that exits without closing is not held up by it; a transaction
        # cut short that way is rolled back by SQLite at the next open.
        threading.Thread(target=_serve, args=(calls,), name="sqlite", daemon=True).start()
        try:
            # Autocommit (isolation_level=None): transactions are begun explicitly. Made on its
            # thread; check_same_thread off only so in_transaction can be read from the loop.
            connection = await _submit(
                calls,
                partial(sqlite3.connect, path, isolation_level=None, check_same_thread=False),
            )
        except BaseException:
            calls.put(None)
            raise
        connection.row_factory = sqlite3.Row
        return cls(calls, connection)

    def run(
        self, work: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs
    ) -> asyncio.Future[_T]:
        """``work(*args)`` on SQLite's thread, after every call made before it."""
        return _submit(self._calls, partial(work, *args, **kwargs))

    def execute(self, sql: str, params: Params = ()) -> _Statement:
        return _Statement(self.run(_execute, self._connection, sql, params))

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

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            await self.run(self._connection.close)
        finally:
            self._calls.put(None)
