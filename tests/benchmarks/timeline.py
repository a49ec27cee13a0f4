"""Where a burst of presses spends its time, from the bot's own timeline:

    BENCH_TRACE=/tmp/trace python -m tests.benchmarks.interactive --managers 20 50
    python -m tests.benchmarks.timeline /tmp/trace/trace-*.json

With ``BENCH_TRACE`` (a folder) each bot the interactive benchmark starts writes, at exit, when
each update's dispatch started, each Bot API and PayKeeper request left and was answered and
each SQLite call was handed over and answered (tests/benchmarks/counted_bot.py). For every burst
of ten or more presses this prints, in ms after the ``getUpdates`` answer that brought them,
the first / median / last of: dispatches started, toasts sent, PayKeeper requests sent and
answered, link edits sent and answered."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from tests.benchmarks.standins import out

Event = tuple[float, str, str]  # monotonic seconds, kind ("update>", "pk<", ...), what
BURST_GAP = 0.5  # seconds between presses that start another burst
SMALLEST_BURST = 10
WINDOW = 0.5  # seconds after the burst's getUpdates answer that are looked at

PHASES = (
    ("dispatch", "update>", "callback_query"),
    ("toast", "bot>", "AnswerCallbackQuery"),
    ("pk>", "pk>", "/change/invoice/preview/"),
    ("pk<", "pk<", "/change/invoice/preview/"),
    ("edit>", "bot>", "EditMessageText"),
    ("edit<", "bot<", "EditMessageText"),
)


def bursts(events: list[Event]) -> list[list[int]]:
    presses = [
        i
        for i, (_, kind, what) in enumerate(events)
        if kind == "update>" and what.endswith("callback_query")
    ]
    found: list[list[int]] = []
    for index in presses:
        if found and events[index][0] - events[found[-1][-1]][0] <= BURST_GAP:
            found[-1].append(index)
        else:
            found.append([index])
    return [burst for burst in found if len(burst) >= SMALLEST_BURST]


def summary(events: list[Event], burst: list[int]) -> str:
    polled = max(
        i for i in range(burst[0]) if events[i][1] == "bot<" and events[i][2] == "GetUpdates"
    )
    start = events[polled][0]
    window = [event for event in events[polled:] if event[0] - start < WINDOW]
    parts = [f"n={len(burst)}"]
    for label, kind, what in PHASES:
        times = [(t - start) * 1000 for t, k, w in window if k == kind and what in w]
        spread = f"{times[0]:.0f}/{statistics.median(times):.0f}/{times[-1]:.0f}" if times else "-"
        parts.append(f"{label} {spread}")
    return "  ".join(parts)


def main(paths: list[str]) -> None:
    for path in paths:
        out(path)
        events: list[Event] = [tuple(e) for e in json.loads(Path(path).read_text())]
        for burst in bursts(events):
            out(f"  {summary(events, burst)}")


if __name__ == "__main__":
    main(sys.argv[1:])
