"""A busy company's years against a fresh start: the everyday reads, opening, idle memory.
A benchmark, not a test: it prints figures and never fails the suite.

    python -m tests.benchmarks.seed_busy_year /tmp/busy.sqlite3      # once, about a minute
    python -m tests.benchmarks.busy_year /tmp/busy.sqlite3

The fresh database is seeded here with the same number of open invoices as the busy one and
a thousand settled ones: what differs is the years behind. Each operation (tests/unit/
test_query_plans.py runs the same ones for their plans) is run ``--rounds`` times on each
database, alternating, and its median CPU time is printed (the process's, SQLite's thread
included: on a shared machine it moves far less than wall time), beside the goal (1.5x) and
the machine's load. Opening is measured in a fresh process per database (``--opens`` times):
wall and CPU time to open and migrate it and answer a first list, and the process's peak RSS
(goal 1.2x) — the storage side of start-up, not the whole bot's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from storage import Database, InvoiceRepository
from storage.invoice_filter import ensure_fold
from storage.ledger import LedgerRepository
from tests.benchmarks.seed_busy_year import seed
from tests.benchmarks.standins import load, machine, out
from tests.unit.test_query_plans import OPERATIONS, Operation

READ_GOAL, OPEN_GOAL = 1.5, 1.2

_OPEN = """
import asyncio, json, resource, sys, time
started, cpu = time.perf_counter(), time.process_time()
from bot.services.invoice_lists import ListFilter, list_page
from storage import Database, InvoiceRepository
async def main():
    database = await Database.open(sys.argv[1])
    await list_page(InvoiceRepository(database), manager_id=None,
                    list_filter=ListFilter.ALL, search=None, page=0)
    await database.close()
asyncio.run(main())
print(json.dumps({"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


async def _cpu(path: Path, operation: Operation) -> float:
    database = await Database.open(path)
    try:
        await ensure_fold(database)
        invoices, ledger = InvoiceRepository(database), LedgerRepository(database)
        await operation.run(invoices, ledger)  # warm: pages in the cache, as in a running bot
        started = time.process_time()
        await operation.run(invoices, ledger)
        return time.process_time() - started
    finally:
        await database.close()


def _open(path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _OPEN, str(path)], capture_output=True, check=True, text=True
    )
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def _count_open(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT COUNT(*) FROM invoices WHERE status IN ('created', 'sent')"
        ).fetchone()
    return int(row[0])


def _line(name: str, fresh: float, busy: float, goal: float, unit: str = "ms") -> None:
    scale = 1000 if unit == "ms" else 1 / 1e6
    ratio = busy / fresh if fresh else float("inf")
    mark = "ok" if ratio <= goal else "OVER"
    out(
        f"{name:<24} fresh {fresh * scale:9.2f} {unit}  busy {busy * scale:9.2f} {unit}  "
        f"{ratio:5.2f}x (goal {goal}x, {mark})  {load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("busy", type=Path, help="a database seeded by seed_busy_year")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--opens", type=int, default=3)
    args = parser.parse_args()
    out(f"{machine()}; {load()}")
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "fresh.sqlite3"
        opened = _count_open(args.busy)
        asyncio.run(seed(fresh, opened + 1_000, open_count=opened))
        # The busy one is opened once first: its migrations, if any, are not a read's cost.
        _open(args.busy)
        out(f"busy: {args.busy.stat().st_size / 1e6:.0f} MB; fresh: {opened + 1000} invoices")
        for operation in OPERATIONS:
            times: dict[Path, list[float]] = {fresh: [], args.busy: []}
            for _ in range(args.rounds):
                for path in (fresh, args.busy):
                    times[path].append(asyncio.run(_cpu(path, operation)))
            _line(
                operation.name,
                statistics.median(times[fresh]),
                statistics.median(times[args.busy]),
                READ_GOAL,
            )
        opens: dict[Path, list[dict[str, float]]] = {fresh: [], args.busy: []}
        for _ in range(args.opens):
            for path in (fresh, args.busy):
                opens[path].append(_open(path))
        for key, unit in (("wall", "ms"), ("cpu", "ms"), ("rss", "MB")):
            _line(
                f"start-up {key}",
                statistics.median(o[key] for o in opens[fresh]),
                statistics.median(o[key] for o in opens[args.busy]),
                OPEN_GOAL,
                unit,
            )


if __name__ == "__main__":
    main()
