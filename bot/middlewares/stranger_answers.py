"""How often someone outside the team gets an answer: once per ``every`` for each kind of
answer, the rest dropped without a word, so a stranger (or a thousand of them) cannot make the
bot flood Telegram on their behalf.

Memory stays bounded: only answers given within the last ``every`` are remembered, and while
``most`` are, nobody new is answered at all (a flood from many accounts)."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

EVERY = 180.0  # seconds between two answers of a kind to one stranger
MOST = 10_000  # strangers remembered at once


class StrangerAnswers:
    def __init__(
        self,
        every: float = EVERY,
        *,
        most: int = MOST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.every = every
        self.most = most
        self.clock = clock
        # Oldest first: a key is added only when absent, so insertion order is time order.
        self._answered: dict[Hashable, float] = {}

    def may_answer(self, user_id: int, kind: str) -> bool:
        """Whether this answer may be given now; if so, it counts as given."""
        now = self.clock()
        self._forget_before(now - self.every)
        key = (user_id, kind)
        if key in self._answered or len(self._answered) >= self.most:
            return False
        self._answered[key] = now
        return True

    def _forget_before(self, moment: float) -> None:
        while self._answered:
            key, at = next(iter(self._answered.items()))
            if at > moment:
                return
            del self._answered[key]

    def remembered(self) -> int:
        return len(self._answered)
