"""One user's updates handled one at a time, with a lock per user that lives only while someone
holds it or waits for it.

aiogram's ``SimpleEventIsolation`` keeps every lock it ever made, so each stranger who writes
once leaves one behind for the life of the process; here the last one out removes it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Hashable
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey


class _Held:
    """A key's lock and how many updates hold it or wait for it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class DroppingEventIsolation(BaseEventIsolation):
    def __init__(self) -> None:
        self._held: dict[Hashable, _Held] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        held = self._held.get(key)
        if held is None:
            held = self._held[key] = _Held()
        held.users += 1
        try:
            async with held.lock:
                yield
        finally:  # also when cancelled while waiting: the count must come down
            held.users -= 1
            if held.users == 0:
                del self._held[key]

    def keys_held(self) -> int:
        """Keys with a lock now: held or waited for. (Not ``__len__``: an empty isolation must
        stay truthy, or ``Dispatcher(events_isolation=...)`` quietly disables it.)"""
        return len(self._held)

    async def close(self) -> None:
        self._held.clear()
