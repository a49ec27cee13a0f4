"""Whether the bot can work right now: Telegram, the database and PayKeeper all answer.

Results are kept for a few seconds and concurrent checks share one run, so a monitor (or
anyone who can reach /healthz) cannot make the bot flood PayKeeper with token requests."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from paykeeper import PayKeeperClient
from storage import Database

log = logging.getLogger(__name__)

Health = dict[str, bool]


class HealthCheck:
    def __init__(
        self,
        telegram: Callable[[], Awaitable[object]],
        database: Database,
        paykeeper: PayKeeperClient,
        *,
        timeout: float = 5.0,
        cache_seconds: float = 10.0,
    ) -> None:
        self.telegram = telegram  # e.g. bot.get_me: any call Telegram must answer
        self.database = database
        self.paykeeper = paykeeper
        self.timeout = timeout
        self.cache_seconds = cache_seconds
        self._lock = asyncio.Lock()
        self._cached: tuple[float, Health] | None = None

    async def check(self) -> Health:
        """{"bot": ..., "database": ..., "paykeeper": ...}, each True when it answered."""
        async with self._lock:
            now = asyncio.get_running_loop().time()
            if self._cached is not None and now - self._cached[0] < self.cache_seconds:
                return self._cached[1]
            names = ("bot", "database", "paykeeper")
            probes = (self._bot(), self._database(), self.paykeeper.check())
            results = await asyncio.gather(
                *(self._probe(n, p) for n, p in zip(names, probes, strict=True))
            )
            health = dict(zip(names, results, strict=True))
            self._cached = (asyncio.get_running_loop().time(), health)
            return health

    async def _probe(self, name: str, probe: Awaitable[object]) -> bool:
        try:
            async with asyncio.timeout(self.timeout):
                await probe
        except Exception as error:
            log.warning("health: %s is not reachable (%s)", name, type(error).__name__)
            return False
        return True

    async def _bot(self) -> None:
        await self.telegram()

    async def _database(self) -> None:
        async with self.database.connection.execute("SELECT 1") as cursor:
            await cursor.fetchone()
