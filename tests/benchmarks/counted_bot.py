"""``python -m bot`` with counters, for the interactive benchmark; run by path:

    PYTHONPATH=<a checkout> python tests/benchmarks/counted_bot.py

It imports nothing from this checkout, so the bot it runs is whichever ``PYTHONPATH`` names
(the benchmark compares two checkouts that way). It counts, without touching the bot's code:
SQLite round trips (calls handed to SQLite's thread: aiosqlite's, or storage.connection's where
a checkout has it), statements and transactions (SQLite's trace callback), the process's CPU
time, garbage collections and their time (``gc.callbacks``), its threads' context switches, and
the PayKeeper requests' time as the bot's own metrics timed them. On SIGUSR1 it writes them as
JSON to the file named by ``BENCH_COUNTS``; the benchmark reads RSS and its peak from /proc
itself. With ``BENCH_PROFILE`` (a file), cProfile runs from the first reading to the exit and
writes its statistics there. With ``BENCH_TRACE`` (a folder), the timeline of updates, SQLite
calls, Bot API and PayKeeper requests is written there at exit (tests/benchmarks/timeline.py
reads it).
"""

from __future__ import annotations

import atexit
import cProfile
import gc
import json
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

COUNTS = {"round_trips": 0, "statements": 0, "transactions": 0, "gc_seconds": 0.0, "gcs": 0}
_GC_STARTED = [0.0]


def _time_gc(phase: str, _info: dict[str, int]) -> None:
    """The garbage collector's own time (it stops every thread that runs Python code)."""
    if phase == "start":
        _GC_STARTED[0] = time.perf_counter()
    else:
        COUNTS["gc_seconds"] += time.perf_counter() - _GC_STARTED[0]
        COUNTS["gcs"] += 1


def _trace(statement: str) -> None:
    COUNTS["statements"] += 1
    if statement.lstrip()[:5].upper() == "BEGIN":
        COUNTS["transactions"] += 1


def _count_sqlite() -> None:
    connect = sqlite3.connect

    def traced_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = connect(*args, **kwargs)
        connection.set_trace_callback(_trace)
        return connection

    sqlite3.connect = traced_connect  # type: ignore[assignment]
    try:  # checkouts that run SQLite on a thread of their own (storage/connection.py)
        from storage.connection import Connection
    except ImportError:
        _count_aiosqlite()
        return
    run = Connection.run

    def counted_run(self: Connection, work: Any, /, *args: Any, **kwargs: Any) -> Any:
        COUNTS["round_trips"] += 1
        return run(self, work, *args, **kwargs)

    Connection.run = counted_run  # type: ignore[method-assign]


def _count_aiosqlite() -> None:
    """Checkouts from before storage/connection.py: every call handed to aiosqlite's thread."""
    import aiosqlite

    execute = aiosqlite.Connection._execute

    async def counted_execute(self: aiosqlite.Connection, fn: Any, *args: Any, **kw: Any) -> Any:
        COUNTS["round_trips"] += 1
        return await execute(self, fn, *args, **kw)  # type: ignore[no-untyped-call]

    aiosqlite.Connection._execute = counted_execute  # type: ignore[method-assign]


def _paykeeper_timed() -> dict[str, float]:
    """PayKeeper requests as the bot timed them (its own histogram): their seconds and number.
    What a request took beyond the stand-in's set latency is PayKeeper's side (the stand-in's
    own work, loopback), or the bot's loop being busy when the answer came."""
    from prometheus_client import REGISTRY

    timed = {"pk_seconds": 0.0, "pk_timed": 0.0}
    for family in REGISTRY.collect():
        if family.name == "invoicebot_paykeeper_request_duration_seconds":
            for sample in family.samples:
                if sample.name.endswith("_sum"):
                    timed["pk_seconds"] += sample.value
                elif sample.name.endswith("_count"):
                    timed["pk_timed"] += sample.value
    return timed


_EVENTS: list[tuple[float, str, str]] = []


def _traced(kind: str, key: str) -> None:
    _EVENTS.append((time.monotonic(), kind, key))


def _trace_timeline(folder: str) -> None:
    """``BENCH_TRACE`` (a folder): when each update's dispatch starts and ends, each SQLite
    call is handed over and answered, each Bot API and PayKeeper request leaves and is
    answered, on the monotonic clock every process shares; written at exit."""
    from aiogram import Bot, Dispatcher

    from paykeeper.client import PayKeeperClient

    call, feed, post = Bot.__call__, Dispatcher.feed_update, PayKeeperClient._post

    async def traced_call(self: Bot, method: Any, *args: Any, **kwargs: Any) -> Any:
        name = type(method).__name__
        _traced("bot>", name)
        try:
            return await call(self, method, *args, **kwargs)
        finally:
            _traced("bot<", name)

    async def traced_feed(self: Dispatcher, bot: Bot, update: Any, **kwargs: Any) -> Any:
        key = f"{update.update_id}:{update.event_type}"
        _traced("update>", key)
        try:
            return await feed(self, bot, update, **kwargs)
        finally:
            _traced("update<", key)

    async def traced_post(self: PayKeeperClient, path: str, fields: Any) -> Any:
        _traced("pk>", path)
        try:
            return await post(self, path, fields)
        finally:
            _traced("pk<", path)

    Bot.__call__ = traced_call  # type: ignore[method-assign]
    Dispatcher.feed_update = traced_feed  # type: ignore[method-assign]
    PayKeeperClient._post = traced_post  # type: ignore[method-assign]
    _trace_sqlite()
    target = Path(folder) / f"trace-{os.getpid()}.json"
    atexit.register(lambda: target.write_text(json.dumps(_EVENTS)))


def _trace_sqlite() -> None:
    try:
        from storage.connection import Connection
    except ImportError:  # a checkout from before storage/connection.py: SQLite calls untraced
        return
    run = Connection.run

    def traced_run(self: Connection, work: Any, /, *args: Any, **kwargs: Any) -> Any:
        name = getattr(work, "__name__", "?")
        _traced("sql>", name)
        future = run(self, work, *args, **kwargs)
        future.add_done_callback(lambda _: _traced("sql<", name))
        return future

    Connection.run = traced_run  # type: ignore[method-assign]


def _context_switches() -> float:
    """How often the process's threads went to sleep or were put aside for another (all its
    threads, from /proc): what spreads work out or batches it shows here."""
    total = 0
    for status in Path("/proc/self/task").glob("*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:  # a thread that ended meanwhile
            continue
        total += sum(int(line.split()[1]) for line in lines if "ctxt_switches" in line)
    return float(total)


_PROFILE: cProfile.Profile | None = None


def _dump(_signal: int, _frame: FrameType | None) -> None:
    global _PROFILE
    if _PROFILE is None and os.environ.get("BENCH_PROFILE"):
        # From the first reading on: start-up is not what is being profiled.
        _PROFILE = cProfile.Profile()
        _PROFILE.enable()
        atexit.register(_PROFILE.dump_stats, os.environ["BENCH_PROFILE"])
    target = Path(os.environ["BENCH_COUNTS"])
    partial = target.with_suffix(".part")
    partial.write_text(
        json.dumps(
            {
                **COUNTS,
                **_paykeeper_timed(),
                "switches": _context_switches(),
                "cpu": time.process_time(),
            }
        )
    )
    partial.replace(target)


def main() -> int:
    _count_sqlite()
    gc.callbacks.append(_time_gc)
    if os.environ.get("BENCH_TRACE"):
        _trace_timeline(os.environ["BENCH_TRACE"])
    signal.signal(signal.SIGUSR1, _dump)
    from bot.__main__ import main as bot_main

    return bot_main()


if __name__ == "__main__":
    sys.path.pop(0)  # this script's folder: the bot comes from PYTHONPATH only
    sys.exit(main())
