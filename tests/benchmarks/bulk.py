"""How fast bulk files are issued, measured with the bot's own code against the PayKeeper
stand-in. A benchmark, not a test: it prints figures and never fails the suite.

    python -m tests.benchmarks.bulk                 # the defaults below, about a minute
    python -m tests.benchmarks.bulk --full          # 1 000 rows a run, as issue 14 measures
    python -m tests.benchmarks.bulk --help

What it does, in one run:

1. Starts the PayKeeper stand-in (tests/fakes/paykeeper.py) on 127.0.0.1 in a process of its
   own, answering every request after ``--latency`` seconds (default 0.05): like the real
   PayKeeper, its work is not this process's.
2. For each ``--concurrency`` (default 8, 16, 32, 64), ``--repeat`` times: a fresh SQLite file
   and BulkService, a CSV of ``--rows`` orders (300; 1000 with ``--full``) read, checked and
   stored by BulkService.prepare, then issued by BulkRunner.run, the code the bot runs. One
   PayKeeper client serves every run, as the bot has one for its life, with its token fetched
   before the first run (a running bot has it since its first invoice; the first file after a
   restart waits one more PayKeeper round trip for it). The wall time of the issuing is
   compared with the ideal N x latency / concurrency; the CPU time this process spent per
   invoice says how far a core can go (1 / CPU per invoice, at most).
3. The 1C sample's way for comparison: one InvoiceIssuer.issue after another (``--loop-rows``,
   100; every row with ``--full``), scaled to ``--rows``.
4. Peak memory of ``--memory-rows`` (default 10 000) rows end to end (read, check, store,
   issue, write the result file) in a fresh process: ``resource.getrusage`` max RSS (and, with
   ``--full``, tracemalloc's peak in a second run).
5. One form's overhead: the real Dispatcher fed the "get the link" press of ``--forms`` (50)
   one-line /invoice forms through the Bot API stand-in, as the dialogue tests do; the time
   from the press to the link message, minus the stand-in's latency.

Every figure is printed beside its goal (issue 14) and the machine's load: others may share
the CPUs, so compare figures within one run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from aiogram.types import Update

from bot import event_loop
from bot.app import create_bot, freeze_startup_objects
from bot.bulk_wiring import bulk_service
from bot.composition import Services
from bot.dispatching import create_dispatcher
from bot.drafts import InvoiceDraft
from bot.services.background import BackgroundTasks
from bot.services.bulk.results import write_table
from bot.services.issue_outcomes import Manager
from bot.services.issuing import InvoiceIssuer
from bot.settings import Settings
from bot.texts import Texts
from bot.views.bulk.files import result_table
from paykeeper import PayKeeperClient
from paykeeper.client import PREVIEW_PATH
from storage import Database, Delivery, InvoiceRepository
from storage.bulk import BulkRepository
from tests.benchmarks.standins import PK_PASSWORD as PASSWORD
from tests.benchmarks.standins import PK_USER as USER
from tests.benchmarks.standins import PayKeeperProcess, load, machine, out
from tests.fakes.telegram import FakeTelegram, User
from tests.support.bulk_samples import HEADER_RU, order_rows, to_csv

MANAGER = Manager(2002, "Benchmark")
TEXTS = Texts("ru")

# Goals (issue 14): the ratio to the ideal N x latency / concurrency, by concurrency; 64 no
# slower than 32.
IDEAL_RATIO = {16: 1.25, 32: 1.4}
LOOP_SPEEDUP = 6.0
TOKENS_PER_LIFE = 1

RUN_MB = 40.0  # what a 10 000-row run may add to the process
FORM_OVERHEAD_MS = 10.0


# --- One bulk run --------------------------------------------------------------------------


@dataclass(frozen=True)
class RunFigures:
    rows: int
    prepare: float  # seconds: read, check, store
    wall: float  # seconds: issuing
    issued: int
    cpu: float  # seconds of this process's CPU time while issuing
    answer: float  # seconds: PayKeeper's mean answer to an invoice request, as the bot timed it


class Answers(list[float]):
    """The client's observer (the bot's metrics use the same): invoice requests' times."""

    def __call__(self, endpoint: str, seconds: float, _error: str | None) -> None:
        if endpoint == PREVIEW_PATH:
            self.append(seconds)


def paykeeper_client(url: str, answers: Answers) -> PayKeeperClient:
    """One for the whole benchmark, as the bot has one for its life: its token and keep-alive
    connections carry over from run to run."""
    return PayKeeperClient(url, USER, PASSWORD, observer=answers)


class Bench:
    """A fresh SQLite file and BulkService, as the bot builds them, on the shared client."""

    def __init__(
        self,
        url: str,
        concurrency: int,
        max_rows: int,
        client: PayKeeperClient,
        answers: Answers,
    ) -> None:
        self.directory = tempfile.TemporaryDirectory(prefix="bulk-bench-")
        self.client = client
        self.answers = answers
        self.settings = Settings(
            _env_file=None,
            bot_token="1:benchmark",
            paykeeper_url=url,
            paykeeper_user=USER,
            paykeeper_password=PASSWORD,
            bulk_concurrency=concurrency,
            bulk_max_rows=max_rows,
            bulk_max_bytes=64 * 1024 * 1024,
            database_path=Path(self.directory.name) / "invoices.db",
        )

    async def __aenter__(self) -> Bench:
        settings = self.settings
        self.database = await Database.open(settings.database_path)
        self.invoices = InvoiceRepository(self.database)
        self.issuer = InvoiceIssuer(
            self.invoices,
            self.client,
            settings.default_service_name,
            max_amount=settings.max_amount,
        )
        self.runs = BulkRepository(self.database)
        self.bulk = bulk_service(
            self.runs,
            self.invoices,
            self.issuer,
            BackgroundTasks(),
            create_bot(settings),
            settings,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.database.close()
        self.directory.cleanup()

    async def run(self, rows: int, paykeeper: PayKeeperProcess) -> RunFigures:
        content = to_csv(HEADER_RU, order_rows(rows), encoding="cp1251")
        paykeeper.reset()
        started = time.perf_counter()
        prepared = await self.bulk.prepare(
            content, "orders.csv", manager=MANAGER, chat_id=MANAGER.id, lang="ru"
        )
        prepare = time.perf_counter() - started
        run = await self.bulk.start(prepared.run.id, MANAGER.id, Delivery.LINK)
        assert run is not None
        self.answers.clear()
        started, cpu = time.perf_counter(), time.process_time()
        end = await self.bulk.runner.run(run)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        answer = statistics.fmean(self.answers)
        return RunFigures(rows, prepare, wall, end.tally.done, cpu, answer)

    async def loop(self, rows: int, paykeeper: PayKeeperProcess) -> float:
        """The 1C sample's way: the same rows, one InvoiceIssuer.issue after another."""
        content = to_csv(HEADER_RU, order_rows(rows), encoding="cp1251")
        prepared = await self.bulk.prepare(
            content, "orders.csv", manager=MANAGER, chat_id=MANAGER.id, lang="ru"
        )
        pending = await self.runs.pending(prepared.run.id)
        paykeeper.reset()
        started = time.perf_counter()
        for row in pending:
            await self.issuer.issue(
                InvoiceDraft.from_data(row.draft),
                order_id=row.order_id,
                manager=MANAGER,
                delivery=Delivery.LINK,
            )
        return time.perf_counter() - started


# --- Peak memory, in a fresh process ---------------------------------------------------------


def _max_rss_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024


def _rss_mb() -> float:
    """Resident memory now (Linux); the peak where /proc is missing."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return _max_rss_mb()
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _memory_child(
    conn: Connection, url: str, content: bytes, rows: int, concurrency: int, traced: bool
) -> None:
    """The file comes made, as the bot gets it from Telegram: making it is not the bot's
    memory (building 10 000 test rows left ~12 MB of freed arenas in the process)."""

    async def measure() -> dict[str, float]:
        baseline = _rss_mb()
        if traced:
            tracemalloc.start()
        answers = Answers()
        client = paykeeper_client(url, answers)
        async with client, Bench(url, concurrency, rows, client, answers) as bench:
            started = time.perf_counter()
            prepared = await bench.bulk.prepare(
                content, "orders.csv", manager=MANAGER, chat_id=MANAGER.id, lang="ru"
            )
            run = await bench.bulk.start(prepared.run.id, MANAGER.id, Delivery.LINK)
            assert run is not None
            end = await bench.bulk.runner.run(run)
            results = await bench.runs.results(run.id)
            header, table = result_table(run.header, results, TEXTS)
            data = write_table(
                header, table, format=run.format, encoding=run.encoding, delimiter=run.delimiter
            )
            wall = time.perf_counter() - started
        peak_traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        return {
            "baseline": baseline,
            "traced": peak_traced,
            "peak": _max_rss_mb(),
            "issued": end.tally.done,
            "wall": wall,
            "file_bytes": len(content),
            "result_bytes": len(data),
        }

    conn.send(event_loop.run(measure()))


def measure_memory(url: str, rows: int, concurrency: int, *, traced: bool) -> dict[str, float]:
    """One run in a fresh process, so nothing measured before inflates the peak. With
    ``traced``, tracemalloc follows the run's Python allocations (and slows it down)."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    content = to_csv(HEADER_RU, order_rows(rows), encoding="cp1251")
    process = context.Process(
        target=_memory_child, args=(child, url, content, rows, concurrency, traced)
    )
    process.start()
    figures: dict[str, float] = parent.recv()
    process.join()
    return figures


# --- One form's overhead ----------------------------------------------------------------------


async def form_overhead(url: str, forms: int, latency: float) -> list[float]:
    """Milliseconds from the "get the link" press to the link message, minus ``latency``."""
    telegram = FakeTelegram()
    await telegram.start()
    user = User(id=MANAGER.id, first_name="Иван", language_code="ru")
    with tempfile.TemporaryDirectory(prefix="form-bench-") as directory:
        settings = Settings(
            _env_file=None,
            bot_token=telegram.token,
            telegram_api_url=telegram.url,
            paykeeper_url=url,
            paykeeper_user=USER,
            paykeeper_password=PASSWORD,
            manager_ids=frozenset({user.id}),
            database_path=Path(directory) / "invoices.db",
        )
        bot = create_bot(settings)
        services = await Services.open(settings, bot)
        dispatcher = create_dispatcher(services)

        async def feed(update: dict[str, Any]) -> None:
            await dispatcher.feed_update(bot, Update.model_validate(update, context={"bot": bot}))

        overheads = []
        warm_up = 3  # the first forms also pay for imports and the PayKeeper token
        try:
            for number in range(warm_up + forms):
                await feed(telegram.send_message(user, f"/invoice {1000 + number} Консультация"))
                summary = telegram.last_message(user.id)
                button = next(b for b in summary.buttons if "ссылку" in b["text"])
                press = telegram.press(user, summary, button["callback_data"])
                started = time.perf_counter()
                await feed(press)
                elapsed = time.perf_counter() - started
                if "Счёт создан" not in (telegram.message(user.id, summary.message_id).text or ""):
                    raise RuntimeError("the form did not end with the link")
                if number >= warm_up:
                    overheads.append((elapsed - latency) * 1000)
        finally:
            await bot.session.close()
            await services.close()
            await telegram.stop()
    return overheads


# --- The report ---------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


async def benchmark(args: argparse.Namespace) -> None:
    latency: float = args.latency
    rows: int = args.rows
    out(f"Bulk issuing benchmark — {machine()}; {load()} at start")
    out(
        f"PayKeeper stand-in on 127.0.0.1 in its own process, {latency * 1000:.0f} ms per "
        f"request; {rows} invoices a run; median of {args.repeat} runs"
    )
    paykeeper = PayKeeperProcess(latency)
    freeze_startup_objects()  # the collector as the bot sets it once started
    timed = Answers()
    client = paykeeper_client(paykeeper.url, timed)
    try:
        # A running bot has its token from its first invoice on: the runs start with it.
        await client.check()
        out()
        out(
            "concurrency   wall (min–max)          invoices/s   ideal    ratio   goal      "
            "CPU/invoice"
        )
        medians: dict[int, float] = {}
        answers: dict[int, tuple[float, float]] = {}  # concurrency: (answer, ratio at it)
        for concurrency in args.concurrency:
            figures = []
            for _ in range(args.repeat):
                async with Bench(paykeeper.url, concurrency, rows, client, timed) as bench:
                    figures.append(await bench.run(rows, paykeeper))
            walls = [f.wall for f in figures]
            wall = statistics.median(walls)
            ideal = rows * latency / concurrency
            medians[concurrency] = wall
            if any(f.issued != rows for f in figures):
                raise RuntimeError("a run did not issue every row")
            out(
                f"{concurrency:>11}   {wall:6.2f} s ({min(walls):.2f}–{max(walls):.2f})"
                f"   {rows / wall:8.1f}   {ideal:5.2f} s   {wall / ideal:4.2f}×   "
                f"{ratio_goal(concurrency, wall / ideal, medians):<8}  "
                f"{statistics.median(f.cpu for f in figures) * 1000 / rows:.2f} ms   ({load()})"
            )
            answer = statistics.median(f.answer for f in figures)
            answers[concurrency] = (answer, wall / (rows * answer / concurrency))
        prepare = statistics.median(f.prepare for f in figures)
        out(f"(reading, checking and storing the file before a run: {prepare:.2f} s)")
        out(
            f"PayKeeper's answer as the bot timed it (set: {latency * 1000:.0f} ms; the rest is "
            "the stand-in's own work, one Python process, and the bot's loop being busy), and "
            "the ratio to the ideal at that answer time: "
            + ", ".join(
                f"{answer * 1000:.0f} ms / {ratio:.2f}× at {c}"
                for c, (answer, ratio) in answers.items()
            )
        )

        loop_rows: int = args.loop_rows or rows
        async with Bench(paykeeper.url, 1, loop_rows, client, timed) as bench:
            loop = await bench.loop(loop_rows, paykeeper)
        loop_for_n = loop * rows / loop_rows
        out()
        out(
            f"one-at-a-time loop (the 1C sample's way): {loop_rows} invoices in {loop:.2f} s "
            f"({loop_rows / loop:.1f}/s)"
            + (f", {loop_for_n:.1f} s for {rows}" if loop_rows != rows else "")
        )
        speedups = {c: loop_for_n / wall for c, wall in medians.items()}
        out(
            "faster than the loop: "
            + ", ".join(f"{speedup:.1f}× at {c}" for c, speedup in speedups.items())
            + (
                f" (goal ≥ {LOOP_SPEEDUP:.0f}× at 8: {verdict(speedups[8] >= LOOP_SPEEDUP)})"
                if 8 in speedups
                else ""
            )
        )
        tokens = client.token_requests
        out(
            f"PayKeeper token requests over the client's life (every run above): {tokens}, "
            f"goal {TOKENS_PER_LIFE}: {verdict(tokens == TOKENS_PER_LIFE)}"
        )

        if args.memory_rows:
            concurrency = max(args.concurrency)
            memory = measure_memory(paykeeper.url, args.memory_rows, concurrency, traced=False)
            growth = memory["peak"] - memory["baseline"]
            out()
            out(
                f"memory, {args.memory_rows} rows end to end (read a "
                f"{memory['file_bytes'] / 1e6:.1f} MB CSV, check, store, issue at "
                f"{concurrency} in {memory['wall']:.1f} s, write the result file), in a fresh "
                f"process ({load()}):"
            )
            out(
                f"  the run adds {growth:.1f} MB to the process (goal < {RUN_MB:.0f} MB for "
                f"10 000 rows: {verdict(growth < RUN_MB)}): max RSS (resource.getrusage) "
                f"{memory['peak']:.0f} MB, {memory['baseline']:.0f} MB resident before the run"
            )
            if args.traced:
                traced = measure_memory(paykeeper.url, args.memory_rows, concurrency, traced=True)
                out(
                    "  peak Python allocations by the run (tracemalloc): "
                    f"{traced['traced']:.1f} MB"
                )

        if args.forms:
            overheads = await form_overhead(paykeeper.url, args.forms, latency)
            median = statistics.median(overheads)
            out()
            out(
                f"one form in-process (the Dispatcher fed directly), confirm press → link "
                f"message, minus {latency * 1000:.0f} ms PayKeeper latency ({len(overheads)} "
                f"forms): median {median:.1f} ms (goal < {FORM_OVERHEAD_MS:.0f} ms: "
                f"{verdict(median < FORM_OVERHEAD_MS)}), p90 "
                f"{statistics.quantiles(overheads, n=10)[-1]:.1f} ms ({load()})"
            )
    finally:
        await client.close()
        paykeeper.stop()
    out(f"{load()} at the end")


def ratio_goal(concurrency: int, ratio: float, medians: dict[int, float]) -> str:
    """The goal this concurrency's figure is held to, and whether it is met."""
    if concurrency in IDEAL_RATIO:
        goal = IDEAL_RATIO[concurrency]
        return f"≤{goal:.2f} {verdict(ratio <= goal)}"
    if concurrency > 32 and 32 in medians:
        return f"≤c32 {verdict(medians[concurrency] <= medians[32])}"
    return "—"


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.bulk",
        description="Bulk issuing speed against the PayKeeper stand-in (see the module docs).",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="the full run: 1000 rows a run, a loop of every row, tracemalloc (~4 minutes)",
    )
    parser.add_argument("--rows", type=int, default=0, help="invoices a run (300; full: 1000)")
    parser.add_argument(
        "--latency", type=float, default=0.05, help="stand-in seconds per request (0.05)"
    )
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[8, 16, 32, 64], help="(8 16 32 64)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per concurrency (3)")
    parser.add_argument(
        "--loop-rows",
        type=int,
        default=0,
        help="invoices for the one-at-a-time loop (100; full: --rows)",
    )
    parser.add_argument(
        "--memory-rows", type=int, default=10_000, help="rows for peak memory, 0 to skip"
    )
    parser.add_argument(
        "--traced", action="store_true", help="also trace allocations (full: always)"
    )
    parser.add_argument("--forms", type=int, default=50, help="forms to time, 0 to skip (50)")
    args = parser.parse_args(argv)
    args.rows = args.rows or (1000 if args.full else 300)
    args.loop_rows = args.loop_rows or (args.rows if args.full else min(100, args.rows))
    args.traced = args.traced or args.full
    return args


def main(argv: Sequence[str] | None = None) -> int:
    event_loop.run(benchmark(parse(argv)))  # the loop the bot runs on
    return 0


if __name__ == "__main__":
    sys.exit(main())
