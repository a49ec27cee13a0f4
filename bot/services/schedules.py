"""Recurring invoices: made from an invoice's card, listed by /schedules, paused, resumed,
stopped, their amount changed. Issuing the periods is schedule_runs.py's job.

A schedule issues the same amount, lines, service and delivery as the invoice it came from,
each period with the same number of days to pay. Approvals (APPROVAL_AMOUNT) apply once, when
it is made, and again when its amount changes: the schedule's own approval request, under the
order id ``sched:<id>:<revision>``, is held by the same rules as an invoice (a payer's total of
the day). Until it is approved a new schedule issues nothing, and a changed amount applies only
once approved (the old one stays meanwhile)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from bot.drafts import InvoiceDraft
from bot.parsing import InputError
from bot.services.access import Role, sees_everyone
from bot.services.approvals import SCHEDULE, Approvals
from bot.services.cart_lines import from_data as cart_from_data
from bot.services.invoice_actions import InvoiceActions
from bot.services.issue_outcomes import Manager
from bot.services.schedule_rules import (
    MAX_TIMES,
    Kind,
    Rule,
    due_at,
    first_day,
    moscow_day,
    step_bounds,
)
from storage import Delivery, InvoiceRecord
from storage.approvals import Approval, ApprovalStatus
from storage.schedules import NewSchedule, ScheduleRecord, ScheduleRepository, ScheduleStatus

log = logging.getLogger(__name__)

_APPROVAL = SCHEDULE  # sched:<schedule id>:<revision>


@dataclass(frozen=True, slots=True)
class Plan:
    """What the manager chose: how often, and until when."""

    kind: Kind
    step: int
    until: date | None = None
    times: int | None = None


@dataclass(frozen=True, slots=True)
class Made:
    """A schedule just made or changed, and the approval it waits for (None: it does not)."""

    schedule: ScheduleRecord
    approval: Approval | None = None


def approval_order(schedule_id: int, revision: int) -> str:
    return f"{_APPROVAL}{schedule_id}:{revision}"


def rule_of(schedule: ScheduleRecord) -> Rule:
    return Rule(
        Kind(schedule.kind), schedule.step, schedule.start_day, schedule.until_day, schedule.times
    )


def next_day(schedule: ScheduleRecord) -> date | None:
    """The day of the next period to issue; None when there is none."""
    rule = rule_of(schedule)
    return None if rule.ended(schedule.next_index) else rule.day(schedule.next_index)


def may_manage(schedule: ScheduleRecord, user_id: int, role: Role) -> bool:
    """Admins act on every schedule, managers on their own, viewers on none."""
    return role is Role.ADMIN or (role is Role.MANAGER and schedule.manager_id == user_id)


class Schedules:
    def __init__(
        self,
        repository: ScheduleRepository,
        actions: InvoiceActions,
        approvals: Approvals,
        *,
        at: time,
        clock: Callable[[], datetime],
        is_suspended: Callable[[int], bool] = lambda _manager_id: False,
    ) -> None:
        self.repository = repository
        self.actions = actions
        self.issuer = actions.issuer
        self.approvals = approvals
        self.at = at  # the Moscow time of day periods are issued
        self.clock = clock
        self.is_suspended = is_suspended

    async def prepare(self, invoice: InvoiceRecord, plan: Plan, manager: Manager) -> NewSchedule:
        """The schedule ``plan`` makes of ``invoice``, as the summary shows it (nothing is
        written). Raises InputError when the issuer's rules refuse its invoices (MAX_AMOUNT),
        or the plan is out of its bounds."""
        low, high = step_bounds(plan.kind)
        if not low <= plan.step <= high:
            raise InputError("input.whole.out_of_range", value=plan.step, low=low, high=high)
        if plan.times is not None and not 1 <= plan.times <= MAX_TIMES:
            raise InputError("input.whole.out_of_range", value=plan.times, low=1, high=MAX_TIMES)
        draft, lines = await self._source(invoice)
        refused = await self.issuer.refusal(InvoiceDraft.from_data(draft), cart_from_data(lines))
        if refused is not None:
            raise refused
        return NewSchedule(
            manager_id=manager.id,
            manager_name=manager.name,
            source_id=invoice.id,
            draft={**draft, "lines": lines},
            # The delivery the invoice had, if it still can: e-mail needs the payer's e-mail.
            delivery=invoice.delivery if invoice.client_email else Delivery.LINK,
            term_days=_term_days(invoice),
            kind=plan.kind.value,
            step=plan.step,
            start_day=first_day(plan.kind, plan.step, moscow_day(self.clock())),
            until_day=plan.until,
            times=plan.times,
            status=ScheduleStatus.ACTIVE,
        )

    async def create(self, new: NewSchedule, role: Role) -> Made:
        """Write it: active at once, or waiting for an admin when the approval rules ask."""
        waits = self.approvals.may_hold(role)
        status = ScheduleStatus.PENDING if waits else ScheduleStatus.ACTIVE
        schedule = await self.repository.create(replace(new, status=status))
        if not waits:
            return Made(schedule)
        data = {key: value for key, value in new.draft.items() if key != "lines"}
        approval = await self.approvals.hold(
            InvoiceDraft.from_data(data),
            order_id=approval_order(schedule.id, 0),
            manager=Manager(new.manager_id, new.manager_name),
            delivery=new.delivery,
            lines=new.draft.get("lines") or [],
        )
        if approval is None:
            await self.repository.move(schedule.id, ScheduleStatus.ACTIVE, ScheduleStatus.PENDING)
            await self.repository.decided(schedule.id, 0)
        return Made(await self.repository.get(schedule.id) or schedule, approval)

    def suspended(self, schedule: ScheduleRecord) -> bool:
        return self.is_suspended(schedule.manager_id)

    async def _source(self, invoice: InvoiceRecord) -> tuple[dict[str, Any], list[Any]]:
        lines = await self.actions.lines_of(invoice)
        draft = InvoiceDraft(
            amount=invoice.amount,
            email=invoice.client_email,
            phone=invoice.client_phone,
            service=invoice.service_name,
            client_name=invoice.client_name,
        )
        return draft.to_data(), list(lines)

    async def listing(self, user_id: int, role: Role) -> list[ScheduleRecord]:
        """A manager's own schedules; admins and viewers see everyone's."""
        return await self.repository.of_manager(None if sees_everyone(role) else user_id)

    async def get(self, schedule_id: int, user_id: int, role: Role) -> ScheduleRecord | None:
        """The schedule if this user may see it."""
        schedule = await self.repository.get(schedule_id)
        if schedule is None or not (sees_everyone(role) or schedule.manager_id == user_id):
            return None
        return schedule

    async def invoices(self, schedule: ScheduleRecord, limit: int = 10) -> list[InvoiceRecord]:
        found = []
        for invoice_id in (await self.repository.invoice_ids(schedule.id))[:limit]:
            if (invoice := await self.issuer.invoices.get(invoice_id)) is not None:
                found.append(invoice)
        return found

    async def pause(self, schedule: ScheduleRecord) -> bool:
        return await self.repository.move(
            schedule.id, ScheduleStatus.PAUSED, ScheduleStatus.ACTIVE
        )

    async def resume(self, schedule: ScheduleRecord) -> bool:
        """Active again from the next period still to come: those that fell while it was
        paused are not issued."""
        rule, index = rule_of(schedule), schedule.next_index
        now = self.clock()
        while not rule.ended(index) and due_at(rule.day(index), self.at) <= now:
            index += 1
        return await self.repository.resume(schedule.id, index, finished=rule.ended(index))

    async def stop(self, schedule: ScheduleRecord) -> bool:
        """Stopped for good; an approval it still waits for is withdrawn with it."""
        stopped = await self.repository.move(
            schedule.id,
            ScheduleStatus.STOPPED,
            ScheduleStatus.PENDING,
            ScheduleStatus.ACTIVE,
            ScheduleStatus.PAUSED,
        )
        if stopped and schedule.pending_rev is not None:
            order_id = approval_order(schedule.id, schedule.pending_rev)
            waiting = await self.approvals.by_order(order_id)
            if waiting is not None and waiting.status is ApprovalStatus.PENDING:
                await self.approvals.cancel(waiting.id, waiting.manager_id)
        return stopped

    async def change_amount(
        self, schedule: ScheduleRecord, amount: Decimal, manager: Manager, role: Role
    ) -> Made | None:
        """A new amount for the periods to come: applied now, or held for approval like a new
        schedule. Lines go (the service at the new amount). None: the schedule is closed.
        Raises InputError when the issuer's rules refuse it."""
        data = {**schedule.draft, "amount": str(amount), "lines": []}
        draft = InvoiceDraft.from_data({**data, "last_day": None})
        if refused := await self.issuer.refusal(draft):
            raise refused
        revision = await self.repository.ask_change(schedule.id)
        if revision is None:
            return None
        approval = None
        if self.approvals.may_hold(role):
            owner = Manager(schedule.manager_id, schedule.manager_name)
            order_id = approval_order(schedule.id, revision)
            await self.repository.wait_for_approval(schedule.id, revision)
            approval = await self.approvals.hold(
                draft, order_id=order_id, manager=owner, delivery=schedule.delivery
            )
        if approval is None:
            await self.repository.set_amount(schedule.id, revision, data)
        return Made(await self.repository.get(schedule.id) or schedule, approval)

    async def decided(self, approval: Approval) -> None:
        """An admin decided on a schedule's approval (Approvals calls this; the job calls it
        again for any a stop cut off)."""
        _, schedule_id, revision = approval.order_id.split(":")
        schedule = await self.repository.get(int(schedule_id))
        if schedule is None or schedule.pending_rev != int(revision):
            return
        await self._apply(schedule, approval)

    async def settle_approvals(self) -> None:
        for schedule in await self.repository.awaiting_approval():
            order_id = approval_order(schedule.id, schedule.pending_rev or 0)
            approval = await self.approvals.by_order(order_id)
            if approval is not None:
                await self._apply(schedule, approval)

    async def _apply(self, schedule: ScheduleRecord, approval: Approval) -> None:
        revision = schedule.pending_rev
        if revision is None or approval.status is ApprovalStatus.PENDING:
            return
        approved = approval.status is ApprovalStatus.APPROVED
        if revision == 0 and approved:
            # The admin approved one invoice a period, not a burst of the days that went by
            # while it waited: those are skipped; one falling on the approval day still goes.
            rule = rule_of(schedule)
            index = rule.first_from(schedule.next_index, moscow_day(self.clock()))
            await self.repository.resume(
                schedule.id, index, finished=rule.ended(index), was=ScheduleStatus.PENDING
            )
            await self.repository.decided(schedule.id, 0)
        elif revision == 0:
            await self.repository.move(
                schedule.id, ScheduleStatus.REJECTED, ScheduleStatus.PENDING
            )
            await self.repository.decided(schedule.id, 0)
        elif approved:
            data = {**schedule.draft, "amount": approval.draft["amount"], "lines": []}
            await self.repository.set_amount(schedule.id, revision, data)
        else:
            await self.repository.decided(schedule.id, revision)
        log.info("schedule %s: approval %s %s", schedule.id, approval.id, approval.status)


def _term_days(invoice: InvoiceRecord) -> int | None:
    """The days the invoice gave to pay, counted from the day it was issued (at least one)."""
    if invoice.last_day is None:
        return None
    return max((invoice.last_day - moscow_day(invoice.created_at)).days, 1)
