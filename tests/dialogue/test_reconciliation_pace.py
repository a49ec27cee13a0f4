"""Reconciliation over many open invoices: PayKeeper's pace, the order, a pass's bound.

The reconciler's limiter runs on a clock of the test's own, which its pause moves forward, and
the PayKeeper stand-in stamps each request's arrival with the same clock: the pace is checked
on those stamps, exactly, and nothing waits for real time.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.services.reconciliation import Reconciler
from bot.settings import Settings
from storage import InvoiceRecord
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.chat import Chat
from tests.support.watching import Watched, watching, with_endpoint

BYID = "/info/invoice/byid/"
RATE = 4.0  # requests a second
INTERVAL = 5.0  # seconds: a pass may make RATE * INTERVAL / 2 = 10 requests


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return with_endpoint(settings)


@pytest.fixture
async def watched(chat: Chat) -> AsyncIterator[Watched]:
    async with watching(chat) as watched:
        yield watched


class PaceClock:
    """The limiter's clock: time passes only when it pauses."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.pauses: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def pause(self, seconds: float) -> bool:
        self.pauses.append(seconds)
        self.now += seconds
        return False


def _reconciler(watched: Watched, clock: PaceClock) -> Reconciler:
    services = watched.chat.services
    return Reconciler(
        services.invoices,
        services.paykeeper,
        services.tracker,
        services.tasks.stopping,
        interval=INTERVAL,
        grace=timedelta(minutes=5),
        rate=RATE,
        pause=clock.pause,
        pace_clock=clock,
    )


def _asked(paykeeper: FakePayKeeper) -> list[tuple[float, str]]:
    return [(r.at, r.query.get("id", "")) for r in paykeeper.requests if r.path == BYID]


async def test_paykeeper_is_asked_at_the_set_pace_most_urgent_first(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    # Issued in this order: days to pay 9, 3, none, 3, 1, 9, 5, none, 1, 7, 2, 3.
    days = (9, 3, None, 3, 1, 9, 5, None, 1, 7, 2, 3)
    issued: list[InvoiceRecord] = [await watched.issued(days=d) for d in days]
    clock = PaceClock()
    paykeeper.clock = clock
    reconciler = _reconciler(watched, clock)

    first = await reconciler.run_once()
    second = await reconciler.run_once()

    # Soonest last day first, the newest first among equals, those without one last.
    expected = sorted(
        range(len(days)),
        key=lambda n: (days[n] is None, days[n] or 0, -issued[n].id),
    )
    asked = _asked(paykeeper)
    ids = [paykeeper_id for _, paykeeper_id in asked]
    # A pass is bounded: 10 requests, the next pass goes on with the two left.
    assert (first.checked, second.checked) == (10, 2)
    assert ids == [issued[n].paykeeper_id for n in expected]
    # The pace, on the stand-in's stamps: never two requests closer than 1/RATE, so no
    # window of a second holds more than RATE of them.
    stamps = [at for at, _ in asked]
    gaps = [later - earlier for earlier, later in itertools.pairwise(stamps)]
    assert min(gaps) >= 1 / RATE - 1e-9
    for start in stamps:
        assert len([at for at in stamps if start <= at < start + 1.0]) <= RATE

    # The round is done: the next pass starts again with the most urgent.
    third = await reconciler.run_once()
    assert third.checked == 10
    assert [i for _, i in _asked(paykeeper)][12:] == [issued[n].paykeeper_id for n in expected][
        :10
    ]
