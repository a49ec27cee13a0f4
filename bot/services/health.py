"""Whether the bot can work right now: Telegram, the database and PayKeeper all answer.

Results are kept for a few seconds and concurrent checks share one run, so a monitor (or
anyone who can reach /healthz) cannot make the bot flood PayKeeper with token requests."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from paykeeper import PayKeeperAuthError, PayKeeperClient, PayKeeperRejected
from storage import Database

log = logging.getLogger(__name__)

# Each part: True when it answered, else False or (PayKeeper) why not, in a few words.
Health = dict[str, bool | str]

LOGIN_REFUSED = "login refused"
WRONG_ADDRESS = "not PayKeeper's API"
UNREACHABLE = "unreachable"


def paykeeper_problem(error: BaseException) -> str:
    """Why a token request failed, as /healthz and the start-up check name it. A refused login
    and a wrong address are settings to fix; unreachable is an outage to wait out."""
    if isinstance(error, PayKeeperAuthError):
        return LOGIN_REFUSED if error.cause == "credentials" else WRONG_ADDRESS
    if isinstance(error, PayKeeperRejected):  # a refusal in an HTTP 200 answer, as PayKeeper does
        return LOGIN_REFUSED
    return UNREACHABLE


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
        """{"bot": ..., "database": ..., "paykeeper": ...}, each True when it answered;
        PayKeeper's otherwise says why (:func:`paykeeper_problem`)."""
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

    async def _probe(self, name: str, probe: Awaitable[object]) -> bool | str:
        try:
            async with asyncio.timeout(self.timeout):
                await probe
        except Exception as error:
            if name == "paykeeper":
                problem = paykeeper_problem(error)
                log.warning("health: paykeeper: %s (%s)", problem, type(error).__name__)
                return problem
            log.warning("health: %s is not reachable (%s)", name, type(error).__name__)
            return False
        return True

    async def _bot(self) -> None:
        await self.telegram()

    async def _database(self) -> None:
        async with self.database.connection.execute("SELECT 1") as cursor:
            await cursor.fetchone()
