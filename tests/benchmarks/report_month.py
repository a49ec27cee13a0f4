"""/report for a busy month: what building its workbook adds to the process's memory.
A benchmark, not a test: it prints figures and never fails the suite.

    python -m tests.benchmarks.seed_busy_year /tmp/month.sqlite3 --size 100000 --days 30
    python -m tests.benchmarks.report_month /tmp/month.sqlite3

In a fresh process per run (``--runs``, 3): the database opened, then the report of the last
31 days built as /report builds it (the ledger's and the invoices' rows read, summed, and
written by bot/views/report.py in openpyxl's write-only mode, in a worker thread). Printed:
the peak RSS the build added over the process once opened (goal < 100 MB), the build's wall
and CPU time, the file's size, and the machine's load beside them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from tests.benchmarks.standins import load, machine, out

GOAL_MB = 100.0

_BUILD = """
import asyncio, json, resource, sys, time
from datetime import UTC, datetime, timedelta
from bot.services.reports import Period, summarise
from bot.texts import Texts
from bot.views.report import report_file
from storage import Database
from storage.report_queries import ReportQueries

def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

async def main():
    database = await Database.open(sys.argv[1])
    today = datetime.now(UTC).date()
    period = Period(today - timedelta(days=31), today)
    before, started, cpu = rss(), time.perf_counter(), time.process_time()
    rows = await ReportQueries(database).rows(*period.bounds())
    data, _ = await asyncio.to_thread(lambda: report_file(summarise(period, rows), Texts("ru")))
    figures = {"added": rss() - before, "wall": time.perf_counter() - started,
               "cpu": time.process_time() - cpu, "size": len(data),
               "invoices": len(rows.created), "movements": len(rows.movements)}
    await database.close()
    print(json.dumps(figures))

asyncio.run(main())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    out(f"{machine()}; {load()}")
    runs = []
    for _ in range(args.runs):
        done = subprocess.run(
            [sys.executable, "-c", _BUILD, str(args.database)],
            capture_output=True,
            check=True,
            text=True,
        )
        runs.append(json.loads(done.stdout))
        figures = runs[-1]
        out(
            f"{figures['invoices']} invoices, {figures['movements']} movements: "
            f"+{figures['added'] / 1e6:.0f} MB peak RSS (goal < {GOAL_MB:.0f} MB), "
            f"{figures['wall']:.1f} s wall, {figures['cpu']:.1f} s CPU, "
            f"{figures['size'] / 1e6:.1f} MB file; {load()}"
        )
    added = statistics.median(run["added"] for run in runs) / 1e6
    verdict = "ok" if added < GOAL_MB else "OVER"
    out(f"median: +{added:.0f} MB ({verdict}); {load()}")


if __name__ == "__main__":
    main()
