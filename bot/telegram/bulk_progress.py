"""One progress message per run, edited no more often than Telegram allows.

Telegram takes about one message a second per chat and answers flood with 429 and a
``retry_after``; a run that finishes a row every few milliseconds must not try to show each
one. The reporter keeps only the latest state and edits at most once per ``interval`` (2 s),
waits out ``TelegramRetryAfter``, and treats "message is not modified" as done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Final, TypeVar

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter

from bot.services.bulk.tally import Tally
from bot.telegram.editing import not_modified

log = logging.getLogger(__name__)

INTERVAL: Final = 2.0  # seconds between edits of one progress message
MAX_RETRY_WAIT: Final = 120.0  # longer flood waits are not worth holding a run's end for
ATTEMPTS: Final = 3

_T = TypeVar("_T")


class Throttle:
    """When the next edit may go out: ``interval`` after the last one, later after a 429."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._next = float("-inf")

    def delay(self) -> float:
        """Seconds to wait before the next edit (0 when it may go now)."""
        return max(0.0, self._next - self.clock())

    def sent(self) -> None:
        self._next = self.clock() + self.interval

    def flood(self, retry_after: float) -> None:
        self._next = max(self._next, self.clock() + retry_after)


async def telegram_call(
    call: Callable[[], Awaitable[_T]], *, what: str, attempts: int = ATTEMPTS
) -> _T | None:
    """``call()``, waiting out flood control; None when Telegram refused it (logged)."""
    for _ in range(attempts):
        try:
            return await call()
        except TelegramRetryAfter as error:
            await asyncio.sleep(min(error.retry_after, MAX_RETRY_WAIT))
        except TelegramAPIError as error:
            log.warning("bulk: %s failed: %s", what, error.message)
            return None
    log.warning("bulk: %s gave up after %d flood waits", what, attempts)
    return None


class ProgressReporter:
    def __init__(
        self,
        bot: Bot,
        chat_id: int,
        message_id: int,
        render: Callable[[Tally], str],
        *,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.message_id = message_id
        self.render = render
        self.throttle = Throttle(interval, clock)
        self._latest: Tally | None = None
        self._shown: str | None = None
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self, shown: str) -> None:
        self._shown = shown
        self.throttle.sent()
        self._task = asyncio.create_task(self._loop(), name=f"bulk-progress-{self.message_id}")

    def changed(self, tally: Tally) -> None:
        """Called by the runner after every row; cheap, never blocks."""
        self._latest = tally
        self._changed.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def finish(self, text: str) -> None:
        """The final state: waits for its turn, then edits (retrying after flood control)."""
        await self.stop()
        for _ in range(ATTEMPTS):
            await asyncio.sleep(self.throttle.delay())
            if await self._edit(text):
                return

    async def _loop(self) -> None:
        while True:
            await self._changed.wait()
            await asyncio.sleep(self.throttle.delay())
            self._changed.clear()
            if self._latest is not None:
                await self._edit(self.render(self._latest))

    async def _edit(self, text: str) -> bool:
        """True when the message shows ``text`` (now or already); False to try again later."""
        if text == self._shown:
            return True
        self.throttle.sent()
        try:
            await self.bot.edit_message_text(
                text=text, chat_id=self.chat_id, message_id=self.message_id
            )
        except TelegramRetryAfter as error:
            self.throttle.flood(min(error.retry_after, MAX_RETRY_WAIT))
            self._changed.set()  # the loop tries again once the wait is over
            return False
        except TelegramAPIError as error:
            if not not_modified(error):
                log.warning("bulk: progress edit failed: %s", error.message)
        self._shown = text
        return True
