"""The clock-driven jobs (reminders, digests): one tick a minute until shutdown.

Each tick calls the jobs' ``run_due(now)``; tests call that directly with any ``now``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

from bot.services.background import wait_or_stop

log = logging.getLogger(__name__)

Job = Callable[[datetime], Awaitable[int]]


class Scheduler:
    def __init__(
        self,
        jobs: Sequence[Job],
        stopping: asyncio.Event,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.jobs = list(jobs)
        self.stopping = stopping
        self.clock = clock

    async def tick(self, now: datetime) -> None:
        for job in self.jobs:
            try:
                await job(now)
            except Exception:
                log.exception("scheduled job failed")  # the next tick tries again

    async def run(self) -> None:
        while not self.stopping.is_set():
            now = self.clock()
            await self.tick(now)
            # Wake at the start of the next minute.
            if await wait_or_stop(self.stopping, 60 - now.second - now.microsecond / 1e6):
                return
