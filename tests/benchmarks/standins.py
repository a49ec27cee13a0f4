"""What the benchmarks share: the PayKeeper stand-in in a process of its own, a Bot API
stand-in that notes when each call arrived, and readings of a process from /proc."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import platform
import sys
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, SupportsIndex

from aiohttp import web

from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import Call, FakeTelegram

PK_USER, PK_PASSWORD = "merchant", "bench-password"
TOKEN_PATH = "/info/settings/token/"
PREVIEW_PATH = "/change/invoice/preview/"


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def load() -> str:
    """The machine's load averages, printed beside every figure: others share the CPUs."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def machine() -> str:
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )


# --- The PayKeeper stand-in, in a process of its own ---------------------------------------


class _TimedPayKeeper(FakePayKeeper):
    """Notes, per invoice request, how long the stand-in itself held it: from its handler
    taking the request up to the answer handed back (the set latency and its own work).
    What came before (the request in flight, waiting for this loop) and after (the answer on
    its way, the bot reading it) is the bot's side of the overhead, not PayKeeper's."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.held_for: dict[str, float] = {}  # order id: seconds

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        taken = time.perf_counter()
        response = await super()._handle(request)
        if request.path == PREVIEW_PATH:
            order_id = (await request.post()).get("orderid")
            if isinstance(order_id, str):
                self.held_for[order_id] = time.perf_counter() - taken
        return response


def _serve_paykeeper(conn: Connection, latency: float) -> None:
    async def serve() -> None:
        fake = _TimedPayKeeper(user=PK_USER, password=PK_PASSWORD, latency=latency)
        await fake.start()
        conn.send(fake.url)
        loop = asyncio.get_running_loop()
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            if command == "stats":
                paths = Counter(r.path for r in fake.requests)
                conn.send(
                    {
                        "tokens": fake.token_requests,
                        "invoices": len(fake.invoices),
                        "previews": paths[PREVIEW_PATH],
                        "requests": len(fake.requests),
                        "paths": dict(paths),
                    }
                )
            elif command == "held_for":  # and forget: each burst reads its own
                conn.send(fake.held_for)
                fake.held_for = {}
            elif command == "reset":
                fake.requests.clear()
                fake.invoices.clear()
                fake.token_requests = 0
                conn.send("ok")
            else:
                break
        await fake.stop()

    asyncio.run(serve())


class PayKeeperProcess:
    """Like the real PayKeeper, its work is not the measured process's: it runs apart."""

    def __init__(self, latency: float) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve_paykeeper, args=(child, latency), daemon=True)
        self.process.start()
        self.url: str = self.conn.recv()

    def stats(self) -> dict[str, Any]:
        self.conn.send("stats")
        stats: dict[str, Any] = self.conn.recv()
        return stats

    def held_for(self) -> dict[str, float]:
        """Seconds the stand-in held each invoice request (by order id) since the last call."""
        self.conn.send("held_for")
        held: dict[str, float] = self.conn.recv()
        return held

    def reset(self) -> None:
        self.conn.send("reset")
        self.conn.recv()

    def stop(self) -> None:
        self.conn.send("stop")
        self.process.join(10)


# --- The Bot API stand-in, with arrival times ------------------------------------------------


class _StampedCalls(list[Call]):
    """``calls`` that also note when each call arrived (``time.perf_counter``)."""

    def __init__(self) -> None:
        super().__init__()
        self.stamps: list[float] = []

    def append(self, call: Call) -> None:
        self.stamps.append(time.perf_counter())
        super().append(call)

    def clear(self) -> None:
        self.stamps.clear()
        super().clear()

    def __delitem__(self, index: SupportsIndex | slice) -> None:
        raise TypeError("stamped calls are append-only")


class TimedTelegram(FakeTelegram):
    """FakeTelegram whose ``calls`` carry arrival times in ``calls.stamps``."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.calls: _StampedCalls = _StampedCalls()


# --- A process, read from outside ------------------------------------------------------------


def status_mb(pid: int, field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (its peak) of a process, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)
