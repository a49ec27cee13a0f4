"""Tap-to-link speed when a team works at once, measured on the real ``python -m bot`` process.
A benchmark, not a test: it prints figures and never fails the suite.

    python -m tests.benchmarks.interactive                      # N = 1, 20, 50; ~3 minutes
    python -m tests.benchmarks.interactive --help
    python -m tests.benchmarks.interactive --tree base=/tmp/base --tree new=.   # A/B

What it does:

1. For each ``--tree`` (default: this checkout) starts the bot as production does (``python -m
   bot`` with settings in its environment, through tests/benchmarks/counted_bot.py, which only
   adds counters), long-polling the Bot API stand-in in this process and calling the PayKeeper
   stand-in in a process of its own, which answers after ``--latency`` (0.1 s). This process
   runs on uvloop too: the stand-in's own work (it parses and stores every call) is part of
   what the overhead measures, and on asyncio's loop it added about 10 ms to 20 managers'.
2. N managers (``--managers``: 1, 20, 50) fill the /invoice form at once, answer by answer
   (amount, e-mail, phone, expiry, service), then all press "get the link" in the same instant.
   The overhead is the time from the press to the link message reaching Telegram, minus
   PayKeeper's latency. Each N ``--rounds`` times (3), the trees interleaved, so every tree
   meets the same load; at least ``--samples`` (10) presses per N and round.
3. Per update: the bot's CPU time (form answers and confirm presses apart) and its threads'
   context switches, each less what one reading of its counters costs (measured when the bot
   has started); its garbage collections and their time, Bot API calls, SQLite round trips /
   statements / transactions and PayKeeper requests per invoice; token requests over the
   process's lifetime; PayKeeper's answer time as the bot's own metrics timed it (what the
   stand-in took beyond its latency is in the overhead, but not the bot's).
4. Memory: the bot's RSS once it polls (idle) and its peak, beside a bare aiogram polling bot
   (tests/benchmarks/bare_bot.py) measured in the same run.
``BENCH_TRACE=<folder>``: each bot writes its timeline there at exit, which
tests/benchmarks/timeline.py sums up burst by burst (when PayKeeper requests left, ...).
The machine's load is printed beside every figure: on a shared machine, compare trees within
one run, never with figures from another.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot import event_loop
from tests.benchmarks.standins import (
    PK_PASSWORD,
    PK_USER,
    PayKeeperProcess,
    TimedTelegram,
    load,
    machine,
    out,
    status_mb,
)
from tests.fakes.telegram import User

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CEILING = 120.0  # seconds: the longest wait for anything, start-up on a busy machine included
SETTLE = 2.0  # seconds after the first poll: start-up work (menu, jobs) done, memory settled
QUIET = 0.3  # seconds after the last reply: the handlers' tails (logging, clean-up) done
FIRST_MANAGER = 10_000
READINGS = 5  # back-to-back readings of the counters that price one
PRICED = ("cpu", "switches")  # what a reading itself adds to the figures
WARM_UP = 2  # managers whose first forms pay for lazy imports and the PayKeeper token
TOKEN = "424242:BENCH-token"

# The form, answer by answer, and what the bot asks next.
FORM = (
    ("/invoice", "Сумма счёта"),
    ("1500", "E-mail"),
    ("payer@example.com", "Телефон"),
    ("-", "До какого дня"),
    ("-", "Название услуги"),
    ("Консультация", "Проверьте счёт"),
)
LINK = "Счёт создан"

# Goals from issue 14.
GOALS = {1: (10.0, None), 20: (50.0, 100.0), 50: (150.0, None)}
IDLE_RATIO = 1.15


@dataclass
class Burst:
    """One burst of N managers: overheads in ms and per-update figures."""

    overheads: list[float]
    # The same presses, less the time PayKeeper's stand-in itself held each invoice request
    # (its set latency and its own work): the bot's side of the overhead.
    bot_side: list[float]
    answer: dict[str, float]  # per form answer: cpu_ms, round_trips, statements, transactions
    confirm: dict[str, float]  # per confirm press: the same, plus api_calls, pk_requests
    api_methods: Counter[str]
    pk_paths: Counter[str]
    load: float


@dataclass
class Variant:
    label: str
    tree: Path
    workdir: Path
    telegram: TimedTelegram
    paykeeper: PayKeeperProcess
    process: asyncio.subprocess.Process
    idle_mb: float = 0.0
    # What one reading of the counters costs the bot (CPU seconds, context switches): every
    # window the per-update figures span holds one, so it is taken off them.
    reading: dict[str, float] = field(default_factory=dict)
    bursts: dict[int, list[Burst]] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    async def counts(self) -> dict[str, float]:
        """The bot's counters now (it writes them when sent SIGUSR1)."""
        path = self.workdir / "counts.json"
        path.unlink(missing_ok=True)
        os.kill(self.pid, signal.SIGUSR1)
        async with asyncio.timeout(CEILING):
            while not path.exists():  # noqa: ASYNC110 - another process writes it
                await asyncio.sleep(0.005)
        counts: dict[str, float] = json.loads(path.read_text())
        return counts

    def log(self) -> str:
        return (self.workdir / "bot.log").read_text(errors="replace")


def bot_env(
    tree: Path, workdir: Path, telegram_url: str, paykeeper_url: str, ids: str
) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(tree),
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram_url,
        "PAYKEEPER_URL": paykeeper_url,
        "PAYKEEPER_USER": PK_USER,
        "PAYKEEPER_PASSWORD": PK_PASSWORD,
        "MANAGER_IDS": ids,
        "DATABASE_PATH": str(workdir / "invoices.db"),
        "BENCH_COUNTS": str(workdir / "counts.json"),
    }
    if os.environ.get("BENCH_PROFILE"):
        env["BENCH_PROFILE"] = str(workdir / "profile.pstats")
    if os.environ.get("BENCH_TRACE"):  # a folder: tests/benchmarks/timeline.py reads it
        env["BENCH_TRACE"] = os.environ["BENCH_TRACE"]
    return env


async def launch(
    script: Path, env: dict[str, str], workdir: Path, telegram: TimedTelegram
) -> asyncio.subprocess.Process:
    polls = len(telegram.polls)
    with (workdir / "bot.log").open("ab") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(script), cwd=workdir, env=env, stdout=log, stderr=log
        )
    try:
        await telegram.wait_polling(timeout=CEILING, after=polls)
    except TimeoutError:
        process.kill()
        raise RuntimeError((workdir / "bot.log").read_text(errors="replace")) from None
    await asyncio.sleep(SETTLE)
    return process


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), CEILING)
    except TimeoutError:
        process.kill()
        await process.wait()


async def start_variant(label: str, tree: Path, latency: float, most: int) -> Variant:
    workdir = Path(tempfile.mkdtemp(prefix=f"interactive-{label}-"))
    telegram = TimedTelegram(TOKEN)
    await telegram.start()
    paykeeper = PayKeeperProcess(latency)
    ids = ",".join(str(FIRST_MANAGER + n) for n in range(most))
    env = bot_env(tree, workdir, telegram.url, paykeeper.url, ids)
    process = await launch(HERE / "counted_bot.py", env, workdir, telegram)
    variant = Variant(label, tree, workdir, telegram, paykeeper, process)
    variant.idle_mb = status_mb(process.pid, "VmRSS")
    variant.reading = await reading_cost(variant)
    return variant


async def reading_cost(variant: Variant) -> dict[str, float]:
    """The median of back-to-back readings: the signal, the metrics and /proc read, the file."""
    costs: list[dict[str, float]] = []
    before = await variant.counts()
    for _ in range(READINGS):
        after = await variant.counts()
        costs.append({key: after[key] - before[key] for key in PRICED})
        before = after
    return {key: statistics.median(cost[key] for cost in costs) for key in PRICED}


async def bare_aiogram_mb() -> float:
    """Resident memory of the smallest aiogram polling bot, once it polls."""
    workdir = Path(tempfile.mkdtemp(prefix="interactive-bare-"))
    telegram = TimedTelegram(TOKEN)
    await telegram.start()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram.url,
    }
    process = await launch(HERE / "bare_bot.py", env, workdir, telegram)
    try:
        return status_mb(process.pid, "VmRSS")
    finally:
        await stop(process)
        await telegram.stop()


# --- One burst --------------------------------------------------------------------------------


async def wait_replies(
    telegram: TimedTelegram, after: int, chats: set[int], method: str, fragment: str
) -> dict[int, int]:
    """For every chat, the index in ``calls`` of its first ``method`` call with ``fragment``."""
    found: dict[int, int] = {}
    scanned = after
    async with asyncio.timeout(CEILING):
        while len(found) < len(chats):
            calls = telegram.calls
            for index in range(scanned, len(calls)):
                call = calls[index]
                chat = call.params.get("chat_id")
                if (
                    call.method == method
                    and chat in chats
                    and chat not in found
                    and fragment in str(call.params.get("text", ""))
                ):
                    found[chat] = index
            scanned = len(calls)
            if len(found) < len(chats):
                await asyncio.sleep(0.005)
    return found


def per(
    delta: dict[str, float], before: dict[str, float], updates: int, reading: dict[str, float]
) -> dict[str, float]:
    spent = {key: delta[key] - before[key] - reading.get(key, 0.0) for key in before}
    figures = {key: value / updates for key, value in spent.items() if key != "cpu"}
    figures["cpu_ms"] = spent["cpu"] * 1000 / updates
    timed = delta.get("pk_timed", 0.0) - before.get("pk_timed", 0.0)
    seconds = delta.get("pk_seconds", 0.0) - before.get("pk_seconds", 0.0)
    figures["pk_ms"] = seconds * 1000 / timed if timed else math.nan
    return figures


async def burst(variant: Variant, managers: list[User], latency: float) -> Burst:
    telegram = variant.telegram
    chats = {user.id for user in managers}
    started_counts = await variant.counts()
    for text, expect in FORM:
        after = len(telegram.calls)
        for user in managers:
            telegram.send_message(user, text)
        await wait_replies(telegram, after, chats, "sendMessage", expect)
    await asyncio.sleep(QUIET)
    filled = await variant.counts()
    answer = per(filled, started_counts, len(FORM) * len(managers), variant.reading)

    presses = []
    for user in managers:
        summary = next(
            m
            for m in reversed(telegram.chat_messages(user.id))
            if "Проверьте счёт" in (m.text or "")
        )
        button = next(b for b in summary.buttons if "ссылку" in b["text"])
        presses.append((user, summary, button["callback_data"]))
    pk_before = variant.paykeeper.stats()
    variant.paykeeper.held_for()  # forget the form's: only this burst's invoice requests count
    after = len(telegram.calls)
    pressed = time.perf_counter()
    for user, summary, data in presses:
        telegram.press(user, summary, data)
    links = await wait_replies(telegram, after, chats, "editMessageText", LINK)
    overheads = [(telegram.calls.stamps[i] - pressed - latency) * 1000 for i in links.values()]
    # An order id names no one: its nonce (the end of the button's callback data) says whose.
    by_nonce = {data.rsplit(":", 1)[-1]: user.id for user, _, data in presses}
    held = {
        by_nonce[order_id.rsplit("-", 1)[-1]]: seconds
        for order_id, seconds in variant.paykeeper.held_for().items()
    }
    bot_side = [
        (telegram.calls.stamps[i] - pressed - held[chat]) * 1000 for chat, i in links.items()
    ]
    await asyncio.sleep(QUIET)
    confirmed = await variant.counts()
    pk_after = variant.paykeeper.stats()
    confirm = per(confirmed, filled, len(managers), variant.reading)
    methods = Counter(call.method for call in telegram.calls[after:])
    confirm["api_calls"] = sum(methods.values()) / len(managers)
    confirm["pk_requests"] = (pk_after["requests"] - pk_before["requests"]) / len(managers)
    confirm["previews"] = (pk_after["previews"] - pk_before["previews"]) / len(managers)
    paths = Counter(pk_after["paths"]) - Counter(pk_before["paths"])
    return Burst(overheads, bot_side, answer, confirm, methods, paths, os.getloadavg()[0])


# --- The report -------------------------------------------------------------------------------


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def report_n(n: int, variants: list[Variant], latency: float) -> None:
    goal, goal_p90 = GOALS.get(n, (math.nan, None))
    out()
    out(
        f"N = {n} manager{'s' if n > 1 else ''} pressing at once — overhead over PayKeeper's "
        f"latency (goal: median < {goal:.0f} ms"
        + (f", p90 < {goal_p90:.0f} ms" if goal_p90 else "")
        + ")"
    )
    for variant in variants:
        bursts = variant.bursts[n]
        pooled = [o for b in bursts for o in b.overheads]
        medians = [statistics.median(b.overheads) for b in bursts]
        loads = [b.load for b in bursts]

        def mid(part: str, key: str, bursts: list[Burst] = bursts) -> float:
            values: list[float] = [getattr(b, part)[key] for b in bursts]
            return statistics.median(values)

        out(
            f"  {variant.label:<8} median {statistics.median(pooled):6.1f} ms  p90 "
            f"{p90(pooled):6.1f} ms  ({len(pooled)} presses in {len(bursts)} bursts, burst "
            f"medians {min(medians):.0f}–{max(medians):.0f} ms; 1-min load "
            f"{min(loads):.2f}–{max(loads):.2f})"
        )
        bot_side = [o for b in bursts for o in b.bot_side]
        out(
            f"  {'':<8} beyond the time PayKeeper's stand-in held each request (the set latency "
            f"and its own work): median {statistics.median(bot_side):.1f} ms, p90 "
            f"{p90(bot_side):.1f} ms"
        )
        out(
            f"  {'':<8} CPU per form answer {mid('answer', 'cpu_ms'):5.2f} ms, per confirm "
            f"{mid('confirm', 'cpu_ms'):5.2f} ms; per invoice: Bot API calls "
            f"{mid('confirm', 'api_calls'):.1f}, PayKeeper requests "
            f"{mid('confirm', 'pk_requests'):.2f} (previews {mid('confirm', 'previews'):.2f})"
        )
        out(
            f"  {'':<8} garbage collection per form answer {mid('answer', 'gcs'):.2f} runs, "
            f"{mid('answer', 'gc_seconds') * 1000:.2f} ms; per confirm "
            f"{mid('confirm', 'gcs'):.2f} runs, {mid('confirm', 'gc_seconds') * 1000:.2f} ms"
        )
        out(
            f"  {'':<8} context switches (a thread put to sleep or aside) per form answer "
            f"{mid('answer', 'switches'):.1f}, per confirm {mid('confirm', 'switches'):.1f}"
        )
        pk_ms = mid("confirm", "pk_ms")
        out(
            f"  {'':<8} PayKeeper's answer as the bot timed it: {pk_ms:.1f} ms a request, "
            f"{pk_ms - latency * 1000:.1f} ms beyond the set latency (the stand-in's own work "
            "and loopback, and the bot's loop busy when the answer came)"
        )
        out(
            f"  {'':<8} SQLite per confirm: {mid('confirm', 'round_trips'):.1f} round trips, "
            f"{mid('confirm', 'statements'):.1f} statements, "
            f"{mid('confirm', 'transactions'):.1f} transactions; per form answer: "
            f"{mid('answer', 'round_trips'):.1f} / {mid('answer', 'statements'):.1f} / "
            f"{mid('answer', 'transactions'):.1f}"
        )
        methods = sum((b.api_methods for b in bursts), Counter[str]())
        presses = sum(len(b.overheads) for b in bursts)
        out(
            f"  {'':<8} Bot API calls per press: "
            + ", ".join(f"{m} {c / presses:.1f}" for m, c in sorted(methods.items()))
        )


async def benchmark(args: argparse.Namespace) -> None:
    trees: list[tuple[str, Path]] = args.tree or [("this", REPO)]
    most = max(*args.managers, WARM_UP)  # every manager is on the team, the warm-up's too
    out(f"Interactive benchmark — {machine()}; {load()} at start")
    out(
        f"the real bot process per tree, PayKeeper stand-in answering after "
        f"{args.latency * 1000:.0f} ms; {args.rounds} rounds, trees interleaved"
    )
    bare = await bare_aiogram_mb()
    variants = [await start_variant(label, tree, args.latency, most) for label, tree in trees]
    try:
        for variant in variants:  # first forms pay for lazy imports and the PayKeeper token
            await burst(variant, managers(WARM_UP), args.latency)
        for number in range(args.rounds):
            for n in args.managers:
                order = variants[number % len(variants) :] + variants[: number % len(variants)]
                for variant in order:
                    for _ in range(math.ceil(args.samples / n)):
                        result = await burst(variant, managers(n), args.latency)
                        variant.bursts.setdefault(n, []).append(result)
            out(f"(round {number + 1} of {args.rounds} done, {load()})")
        for n in args.managers:
            report_n(n, variants, args.latency)
        out()
        out(f"Memory (bare aiogram polling bot, same run: {bare:.0f} MB RSS)")
        for variant in variants:
            peak = status_mb(variant.pid, "VmHWM")
            stats = variant.paykeeper.stats()
            out(
                f"  {variant.label:<8} idle {variant.idle_mb:.0f} MB = "
                f"{variant.idle_mb / bare:.2f}× bare (goal ≤ {IDLE_RATIO}×), peak {peak:.0f} MB; "
                f"PayKeeper token requests over the process's life: {stats['tokens']} "
                f"for {stats['invoices']} invoices"
            )
        out("One reading of the bot's counters, taken off every per-update figure above")
        for variant in variants:
            out(
                f"  {variant.label:<8} {variant.reading['cpu'] * 1000:.2f} ms CPU, "
                f"{variant.reading['switches']:.0f} context switches"
            )
    finally:
        for variant in variants:
            await stop(variant.process)
            await variant.telegram.stop()
            variant.paykeeper.stop()
    out(f"{load()} at the end")


def managers(n: int) -> list[User]:
    return [User(id=FIRST_MANAGER + k, first_name="Менеджер") for k in range(n)]


def tree(text: str) -> tuple[str, Path]:
    label, _, path = text.rpartition("=")
    folder = Path(path).resolve()
    if not (folder / "bot" / "__main__.py").is_file():
        raise argparse.ArgumentTypeError(f"{folder} is not a checkout of the bot")
    return label or folder.name, folder


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.interactive",
        description="Tap-to-link overhead of the real bot process (see the module docs).",
    )
    parser.add_argument("--managers", type=int, nargs="+", default=[1, 20, 50])
    parser.add_argument("--latency", type=float, default=0.1, help="PayKeeper seconds (0.1)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per N (3)")
    parser.add_argument("--samples", type=int, default=10, help="presses per N and round (10)")
    parser.add_argument(
        "--tree",
        type=tree,
        action="append",
        help="[label=]folder of a checkout to run the bot from; repeat to compare (this one)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    event_loop.run(benchmark(parse(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
