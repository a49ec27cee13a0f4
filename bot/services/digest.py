"""The morning digest: each manager who issued, was paid or saw an invoice expire yesterday
(Moscow days) gets one message with the counts and sums. Off with DIGEST_ENABLED=false."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.services import outbox_keys as keys
from bot.services.alerts import Alert, AlertKind, Notifier
from paykeeper.moscow import MSK
from storage.notices import NoticeRepository


class Digests:
    def __init__(
        self,
        notices: NoticeRepository,
        notifier: Notifier,
        *,
        at: time,
        enabled: bool = True,
    ) -> None:
        self.notices = notices
        self.notifier = notifier
        self.at = at
        self.enabled = enabled
        self._done: date | None = None  # the last day summed up by this process

    async def run_due(self, now: datetime) -> int:
        """Queue the digests due at ``now`` (aware); returns how many were queued.

        Only yesterday's: after a longer outage older days are not caught up on. The key of
        each digest (manager and day) keeps a restart from sending it twice."""
        local = now.astimezone(MSK)
        if not self.enabled or local.time() < self.at:
            return 0
        day = local.date() - timedelta(days=1)
        if self._done == day:
            return 0
        start = datetime.combine(day, time(0), tzinfo=MSK)
        activity = await self.notices.activity(start, start + timedelta(days=1))
        queued = 0
        for manager_id, totals in sorted(activity.items()):
            key = keys.digest(manager_id, day)
            alert = Alert(AlertKind.DIGEST, key, manager_id, day=day, activity=totals)
            queued += await self.notifier.notify(alert)
        self._done = day
        return queued
