"""Work that must finish (or stop cleanly) before the process exits.

aiogram does not await in-flight handlers at shutdown, and background jobs (reconciliation,
bulk runs) outlive any one update; both are tracked here and drained before the database and
the PayKeeper session close, so a half-issued invoice is never cut off mid-write."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Coroutine
from typing import Any

log = logging.getLogger(__name__)


class BackgroundTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.stopping = asyncio.Event()  # set at shutdown: long-running jobs should wind down

    def spawn(self, coroutine: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    @contextlib.asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Mark a stretch of work (an update being handled) as in flight."""
        self._in_flight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    async def drain(self, timeout: float) -> None:  # noqa: ASYNC109  # a budget, not a deadline
        """Ask jobs to stop, wait up to ``timeout`` seconds for everything, cancel the rest."""
        self.stopping.set()
        pending = [self._idle.wait(), *self._tasks]
        try:
            async with asyncio.timeout(timeout):
                await asyncio.gather(*pending, return_exceptions=True)
        except TimeoutError:
            log.warning("shutdown: %d task(s) did not finish in %.0fs", len(self._tasks), timeout)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s failed", task.get_name(), exc_info=task.exception())


async def wait_or_stop(stopping: asyncio.Event, seconds: float | None) -> bool:
    """Sleep up to ``seconds`` (None: forever); True if ``stopping`` was set meanwhile."""
    try:
        async with asyncio.timeout(seconds):
            await stopping.wait()
    except TimeoutError:
        return False
    return True
