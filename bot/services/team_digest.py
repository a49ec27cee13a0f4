"""The team's morning summary for admins and viewers: yesterday's (Moscow) invoices issued,
paid and expired unpaid, in all and by manager. It comes in addition to an admin's own digest
(bot/services/digest.py), at the same time, and only after a day with any activity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from bot.services.access import Role, TeamAccess
from paykeeper.moscow import MSK
from storage.notices import DayActivity, NoticeRepository, Totals
from storage.people import PeopleRepository


@dataclass(frozen=True, slots=True)
class TeamDay:
    day: date
    total: DayActivity
    by_manager: list[tuple[str, DayActivity]]  # (name, activity), most issued first


class TeamDigestSink(Protocol):
    async def send(self, recipient: int, summary: TeamDay) -> bool:
        """Queue the summary for ``recipient``; False if it was queued before."""
        ...


def _sum(activities: list[DayActivity]) -> DayActivity:
    total = DayActivity(Totals(), Totals(), Totals())
    for activity in activities:
        for mine, theirs in (
            (total.issued, activity.issued),
            (total.paid, activity.paid),
            (total.expired, activity.expired),
            (total.refunded, activity.refunded),
        ):
            mine.count += theirs.count
            mine.amount += theirs.amount
    return total


class TeamDigests:
    def __init__(
        self,
        notices: NoticeRepository,
        people: PeopleRepository,
        access: TeamAccess,
        sink: TeamDigestSink,
        *,
        at: time,
        enabled: bool = True,
    ) -> None:
        self.notices = notices
        self.people = people
        self.access = access
        self.sink = sink
        self.at = at
        self.enabled = enabled
        self._done: date | None = None

    async def summary(self, day: date) -> TeamDay | None:
        start = datetime.combine(day, time(0), tzinfo=MSK)
        activity = await self.notices.activity(start, start + timedelta(days=1))
        if not activity:
            return None
        names = await self.people.names(set(activity))
        by_manager = sorted(
            ((names.get(manager, str(manager)), day_) for manager, day_ in activity.items()),
            key=lambda item: (-item[1].issued.count, item[0]),
        )
        return TeamDay(day, _sum(list(activity.values())), by_manager)

    async def run_due(self, now: datetime) -> int:
        """Queue yesterday's summary for every admin and viewer, once; returns how many."""
        local = now.astimezone(MSK)
        if not self.enabled or local.time() < self.at:
            return 0
        day = local.date() - timedelta(days=1)
        if self._done == day:
            return 0
        summary = await self.summary(day)
        queued = 0
        if summary is not None:
            for recipient in self.access.with_role(Role.ADMIN, Role.VIEWER):
                queued += await self.sink.send(recipient, summary)
        self._done = day
        return queued
