"""What each period of a recurring invoice tells its manager, queued in the outbox once per
period (the key names the period's order id), in the manager's language."""

from __future__ import annotations

from bot.services.issue_outcomes import IssueOutcome
from bot.services.schedule_runs import Period
from bot.telegram.outbox import Outbox
from bot.texts import texts_for
from bot.views.outcomes import failure_reason
from bot.views.schedules import period_message, period_name
from storage.people import PeopleRepository
from storage.schedules import ScheduleRecord


class OutboxScheduleReports:
    def __init__(self, outbox: Outbox, people: PeopleRepository) -> None:
        self.outbox = outbox
        self.people = people

    async def issued(
        self, schedule: ScheduleRecord, period: Period, outcome: IssueOutcome
    ) -> None:
        texts = texts_for(await self.people.language(schedule.manager_id))
        await self.outbox.put(
            f"schedule:{outcome.invoice.order_id}",
            schedule.manager_id,
            period_message(schedule, period, outcome, texts),
            invoice_id=outcome.invoice.id,
        )

    async def delayed(
        self, schedule: ScheduleRecord, period: Period, outcome: IssueOutcome
    ) -> None:
        if outcome.failure is None:  # pragma: no cover - only a failure delays a period
            return
        texts = texts_for(await self.people.language(schedule.manager_id))
        text = texts(
            "sch.period.delayed",
            period=period_name(period, texts),
            id=schedule.id,
            message=failure_reason(outcome.failure, texts),
        )
        await self.outbox.put(
            f"schedule-delayed:{outcome.invoice.order_id}",
            schedule.manager_id,
            (text, None),
            invoice_id=outcome.invoice.id,
        )
