"""A pace for requests that must not crowd a server: at most ``rate`` a second, none at once.

A token bucket holding one token, kept as the earliest moment the next request may leave
(virtual scheduling): a request waits until then, and the moment moves on by ``1 / rate``.
Time is the limiter's own clock (monotonic unless given) and waiting is its ``pause``, so a
test can run it on a clock of its own without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

Pause = Callable[[float], Awaitable[bool]]  # wait so many seconds; True: stop now


class RateLimiter:
    def __init__(
        self, rate: float, pause: Pause, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.spacing = 1.0 / rate
        self.clock = clock
        self._pause = pause
        self._next = float("-inf")

    async def take(self) -> bool:
        """Wait for this request's turn; True if told to stop meanwhile (nothing taken)."""
        now = self.clock()
        turn = max(now, self._next)
        if turn > now and await self._pause(turn - now):
            return True
        self._next = turn + self.spacing
        return False
