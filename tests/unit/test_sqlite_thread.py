"""SQLite's own thread (storage/connection.py): calls run there in the order they were made,
their results and errors reach the caller, a caller that gave up harms nothing, and closing
ends the thread."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from storage.connection import Connection

CEILING = 60.0  # seconds: the longest wait for anything, on a busy machine


async def test_calls_run_in_order_on_one_thread_apart_from_the_loop(tmp_path: Path) -> None:
    connection = await Connection.open(tmp_path / "order.db")
    seen: list[tuple[int, str]] = []

    def note(n: int) -> None:
        seen.append((n, threading.current_thread().name))

    try:
        calls = [connection.run(note, n) for n in range(200)]
        await asyncio.wait_for(asyncio.gather(*calls), CEILING)
    finally:
        await connection.close()
    assert [n for n, _ in seen] == list(range(200))
    assert {name for _, name in seen} == {"sqlite"}
    assert threading.current_thread().name != "sqlite"


async def test_a_statement_returns_its_rows_and_an_error_reaches_the_caller(
    tmp_path: Path,
) -> None:
    connection = await Connection.open(tmp_path / "errors.db")
    try:
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            await connection.execute("SELECT * FROM missing")
        cursor = await connection.execute("SELECT ? + 1 AS answer", (41,))
        assert [tuple(row) for row in await cursor.fetchall()] == [(42,)]
    finally:
        await connection.close()


async def test_a_caller_that_gave_up_leaves_the_connection_working(tmp_path: Path) -> None:
    loop = asyncio.get_running_loop()
    reported: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: reported.append(context))
    connection = await Connection.open(tmp_path / "cancelled.db")
    release = threading.Event()
    try:
        slow = connection.run(release.wait, CEILING)
        slow.cancel()  # the caller gives up while SQLite's thread still works on it
        release.set()
        cursor = await asyncio.wait_for(connection.execute("SELECT 1"), CEILING)
        assert [tuple(row) for row in await cursor.fetchall()] == [(1,)]
    finally:
        await connection.close()
        loop.set_exception_handler(None)
    assert reported == []


async def test_closing_ends_the_thread(tmp_path: Path) -> None:
    before = {thread.ident for thread in threading.enumerate() if thread.name == "sqlite"}
    connection = await Connection.open(tmp_path / "closed.db")
    (ours,) = [
        thread
        for thread in threading.enumerate()
        if thread.name == "sqlite" and thread.ident not in before
    ]
    await connection.close()
    await asyncio.to_thread(ours.join, CEILING)
    assert not ours.is_alive()
