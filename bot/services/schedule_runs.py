"""Issuing recurring invoices' periods as they fall due: a job of the clock-driven scheduler
(bot/services/schedule.py), so its clock is the one tests set.

Exactly once, whatever restarts, outages or concurrent runs happen:
- a period's invoice has an order id derived from the schedule and the period
  (``sch<id>-<n>``) and goes through the issuer, which logs it before PayKeeper hears of it;
  the log's unique order id turns a second attempt into DuplicateOrderError, not an invoice;
- a period whose invoice is in the log already (a run cut off before it moved on) is settled
  as it is; one still ``requested`` waits (for the issuer, or for reconciliation to settle it
  by its order id);
- only an answer that proves nothing reached PayKeeper (no connection, wrong credentials) is
  tried again, later, with the same row and order id (a conditional status change lets one
  run do it); an unclear answer is never tried again.
A period due while the bot was down is issued when it comes back, the manager told it is late.
A period that falls while its manager is suspended is not issued, then or later."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.drafts import InvoiceDraft
from bot.services.cart_lines import from_data as cart_from_data
from bot.services.issue_outcomes import FailureKind, IssueOutcome, Manager, classify
from bot.services.schedule_rules import Kind, due_at, moscow_day
from bot.services.schedules import Schedules, rule_of
from paykeeper import PayKeeperError
from storage import DuplicateOrderError, EventKind, InvoiceRecord, InvoiceStatus
from storage.schedules import ScheduleRecord, ScheduleStatus, period_order_id

log = logging.getLogger(__name__)

# Nothing reached PayKeeper: the same invoice may be asked for again.
_TRY_AGAIN = frozenset({FailureKind.UNREACHABLE, FailureKind.AUTH})


@dataclass(frozen=True, slots=True)
class Period:
    index: int  # from 0
    day: date  # the day it falls on
    kind: Kind
    late: bool = False  # issued on a later day than it fell on (the bot was down)


class ScheduleReports(Protocol):
    """Telling the manager (bot/telegram/schedule_reports.py)."""

    async def issued(
        self, schedule: ScheduleRecord, period: Period, outcome: IssueOutcome
    ) -> None:
        """What became of a period's invoice (its link, that it was e-mailed, or why not)."""

    async def delayed(
        self, schedule: ScheduleRecord, period: Period, outcome: IssueOutcome
    ) -> None:
        """PayKeeper could not be reached for a period: it is tried again."""


def period_draft(schedule: ScheduleRecord, issue_day: date) -> InvoiceDraft:
    """The invoice of a period issued on ``issue_day``: payable for as many days as the one
    the schedule was made from."""
    data = {key: value for key, value in schedule.draft.items() if key != "lines"}
    draft = InvoiceDraft.from_data({**data, "last_day": None})
    if schedule.term_days is None:
        return draft
    return InvoiceDraft(
        amount=draft.amount,
        email=draft.email,
        phone=draft.phone,
        last_day=date.fromordinal(issue_day.toordinal() + schedule.term_days),
        service=draft.service,
        client_name=draft.client_name,
    )


class ScheduleRuns:
    def __init__(
        self,
        schedules: Schedules,
        reports: ScheduleReports,
        *,
        may_issue: Callable[[int], bool],
        resolve: Callable[[InvoiceRecord], Awaitable[bool]],
        retry_after: timedelta = timedelta(minutes=5),
    ) -> None:
        self.schedules = schedules
        self.repository = schedules.repository
        self.issuer = schedules.issuer
        self.reports = reports
        self.may_issue = may_issue  # a suspended manager's periods are not issued
        self.retry_after = retry_after
        self.resolve = resolve  # reconciliation's settling of a row by its order id

    async def tick(self, _now: datetime) -> int:
        """The minute ticker's job. Recurring invoices keep their own clock, which TEST_CLOCK
        moves without moving the other jobs'."""
        return await self.run_due(self.schedules.clock())

    async def run_due(self, now: datetime) -> int:
        """Issue every period due by ``now``; returns how many invoices were asked for."""
        await self.schedules.settle_approvals()
        issued = 0
        for schedule in await self.repository.with_status(ScheduleStatus.ACTIVE):
            try:
                issued += await self._run(schedule, now)
            except Exception:  # one schedule's fault never stops the others
                log.exception("schedule %s: period not issued", schedule.id)
        log.debug("schedules: ran at %s, %d invoice(s) asked for", now.isoformat(), issued)
        return issued

    async def _run(self, schedule: ScheduleRecord, now: datetime) -> int:
        rule, index, issued = rule_of(schedule), schedule.next_index, 0
        while not rule.ended(index) and due_at(rule.day(index), self.schedules.at) <= now:
            day = rule.day(index)
            period = Period(index, day, rule.kind, late=moscow_day(now) > day)
            if not self.may_issue(schedule.manager_id):
                log.info("schedule %s: period %s skipped (suspended)", schedule.id, index + 1)
            else:
                done, asked = await self._period(schedule, period, now)
                issued += asked
                if not done:
                    return issued
            if not await self.repository.advance(
                schedule.id, index, finished=rule.ended(index + 1)
            ):
                return issued  # another run moved it on
            schedule = await self.repository.get(schedule.id) or schedule
            index += 1
        if rule.ended(index):  # an end date passed with no period left
            await self.repository.move(schedule.id, ScheduleStatus.FINISHED, ScheduleStatus.ACTIVE)
        return issued

    async def _in_paykeeper(
        self, schedule: ScheduleRecord, period: Period, order_id: str, now: datetime
    ) -> bool | None:
        """PayKeeper is the book of record: a log restored from a backup lacks the periods
        issued after it, and PayKeeper would take a second invoice under the same order id.
        True: PayKeeper has it (now logged and settled, nothing issued); False: it has not;
        None: it could not say, so the period waits for the next run."""
        try:
            remote = await self.issuer.paykeeper.find_invoice_by_order(order_id, period.day)
        except PayKeeperError as error:
            if classify(error).kind in _TRY_AGAIN:
                # Unreachable: the preview meets the same wall, fails as never sent, and the
                # manager is told the period waits for PayKeeper.
                return False
            log.warning("schedule %s: %s not looked up: %s", schedule.id, order_id, error)
            return None
        if remote is None:
            return False
        log.warning(
            "schedule %s: %s is in PayKeeper but not in the log; taken from there",
            schedule.id,
            order_id,
        )
        try:
            invoice = await self.issuer.log_found(
                period_draft(schedule, moscow_day(now)),
                order_id=order_id,
                manager=Manager(schedule.manager_id, schedule.manager_name),
                delivery=schedule.delivery,
            )
        except DuplicateOrderError:  # another run logged it meanwhile
            return None
        return await self.resolve(invoice) or None

    async def _period(
        self, schedule: ScheduleRecord, period: Period, now: datetime
    ) -> tuple[bool, int]:
        """(whether the period is settled, how many invoices were asked of PayKeeper)."""
        order_id = period_order_id(schedule.id, period.index)
        logged = await self.issuer.invoices.get_by_order(order_id)
        if logged is None:
            known = await self._in_paykeeper(schedule, period, order_id, now)
            if known is not False:
                return bool(known), 0
            try:
                outcome = await self.issuer.issue(
                    period_draft(schedule, moscow_day(now)),
                    order_id=order_id,
                    manager=Manager(schedule.manager_id, schedule.manager_name),
                    delivery=schedule.delivery,
                    lines=cart_from_data(schedule.draft.get("lines") or []),
                )
            except DuplicateOrderError:  # another run is issuing it
                return False, 0
        elif schedule.retry_at is not None and logged.status is InvoiceStatus.FAILED:
            if now < schedule.retry_at:
                return False, 0
            again = await self.issuer.invoices.update(
                logged.id,
                status=InvoiceStatus.REQUESTED,
                event=EventKind.RETRIED,
                only_from=(InvoiceStatus.FAILED,),
            )
            if again is None:  # another run took it
                return False, 0
            outcome = await self.issuer.complete(again)
        elif logged.status is InvoiceStatus.REQUESTED:
            return False, 0  # in the issuer's hands, or reconciliation's to settle by order id
        else:
            return True, 0  # issued by a run cut off before it moved on
        failure = outcome.failure
        if failure is not None and failure.kind in _TRY_AGAIN:
            first = await self.repository.retry_later(
                schedule.id, period.index, now + self.retry_after
            )
            if first:
                await self.reports.delayed(schedule, period, outcome)
            return False, 1
        await self.reports.issued(schedule, period, outcome)
        return True, 1
