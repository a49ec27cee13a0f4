"""Approval of large invoices: a manager's invoice above APPROVAL_AMOUNT is held (stored, not
sent to PayKeeper) until an admin approves or rejects it.

Exactly once: a decision is one conditional update of a pending approval, and only the call
that made it goes on to issue; a second approve, a reject after an approve, or an approve after
the manager cancelled, finds it decided and changes nothing. The invoice is issued with the
order id the manager's summary carried, so the invoice log refuses a second one too.

What is above the threshold is a payer's total of the day (approval_rules.py): the manager's
invoices to the same payer add up, held ones too. A bulk file with a payer above it is held as
a whole, as one request: its run stays a draft, which cannot change while it waits, and once
approved starts with exactly the rows approved and the delivery the manager chose."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time
from decimal import Decimal

from bot.drafts import InvoiceDraft, today_in_moscow
from bot.services.access import Role
from bot.services.approval_rules import file_rule, invoice_rule
from bot.services.bulk import BulkService
from bot.services.cart_lines import Line
from bot.services.cart_lines import from_data as cart_from_data
from bot.services.issue_outcomes import IssueOutcome, Manager
from bot.services.issuing import InvoiceIssuer
from paykeeper.moscow import MSK
from storage import Delivery, DuplicateOrderError
from storage.approval_holds import HoldRequest
from storage.approvals import Approval, ApprovalRepository, ApprovalStatus
from storage.bulk.records import RunRecord
from storage.team import TeamRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Decision:
    """What became of an approval after a press: ``now`` when this press decided it, and the
    outcome of issuing when it approved."""

    approval: Approval
    now: bool
    outcome: IssueOutcome | None = None
    run: RunRecord | None = None  # a file's run, started on approval (None: it was cancelled)
    manager_gone: bool = False  # not approved: its manager is suspended or off the team


_FILE = "bulk:"  # the order id of a file's approval: bulk:<run id>
SCHEDULE = "sched:"  # a recurring invoice's: sched:<schedule id>:<revision> (schedules.py)


def _start_of_day() -> datetime:
    """Invoices add up per Moscow day: from its midnight."""
    return datetime.combine(today_in_moscow(), time(0), tzinfo=MSK)


def is_file(approval: Approval) -> bool:
    return approval.order_id.startswith(_FILE)


def is_schedule(approval: Approval) -> bool:
    return approval.order_id.startswith(SCHEDULE)


def _run_id(approval: Approval) -> int:
    return int(approval.order_id.removeprefix(_FILE))


class Approvals:
    def __init__(
        self,
        repository: ApprovalRepository,
        issuer: InvoiceIssuer,
        cards: TeamRepository,
        bulk: BulkService,
        *,
        threshold: Decimal | None,
        may_issue: Callable[[int], bool],
    ) -> None:
        self.repository = repository
        self.issuer = issuer
        self.cards = cards
        self.bulk = bulk
        self.threshold = threshold
        # Whether a manager may still have invoices issued in their name: a request of
        # someone suspended (or taken off the team) meanwhile waits, and is not approved.
        self.may_issue = may_issue
        # Told of every decision on a schedule's approval: it issues nothing itself.
        self.on_schedule: Callable[[Approval], Awaitable[None]] | None = None

    def may_hold(self, role: Role) -> bool:
        """Only managers' invoices wait; admins' never do."""
        return self.threshold is not None and role is Role.MANAGER

    async def hold(
        self,
        draft: InvoiceDraft,
        *,
        order_id: str,
        manager: Manager,
        delivery: Delivery,
        lines: Sequence[Line] = (),
    ) -> Approval | None:
        """Hold the draft, and the lines added on its summary, if its payer's total of the
        day is above the threshold: checked and held in one transaction. None: no approval
        needed. Raises AlreadyHeldError if this summary was held already."""
        if self.threshold is None:
            return None
        data = {**draft.to_data(), "lines": list(lines)}
        return await self.repository.hold_if_needed(
            self._request(manager, order_id, delivery), invoice_rule(data, self.threshold)
        )

    async def refused_at_once(self, draft: InvoiceDraft, manager_id: int) -> bool:
        """Whether an invoice that cannot wait (the inline "create" button) would need
        approval: its payer's total of the day is above the threshold."""
        if self.threshold is None:
            return False
        earlier = await self.repository.day_charges(manager_id, _start_of_day())
        rule = invoice_rule(draft.to_data(), self.threshold)
        return rule((), earlier) is not None

    async def hold_file(
        self, run_id: int, *, manager: Manager, delivery: Delivery
    ) -> Approval | None:
        """Hold the manager's draft file as one request if any payer's rows are above the
        threshold; None if none is (or it is not their draft). Raises AlreadyHeldError."""
        run = await self.bulk.runs.get(run_id)
        if self.threshold is None or run is None:
            return None
        request = replace(self._request(manager, f"{_FILE}{run_id}", delivery), run_id=run_id)
        return await self.repository.hold_if_needed(
            request, file_rule(run.file_name, self.threshold)
        )

    @staticmethod
    def _request(manager: Manager, order_id: str, delivery: Delivery) -> HoldRequest:
        return HoldRequest(manager.id, manager.name, order_id, delivery, _start_of_day())

    async def file_held(self, run_id: int) -> Approval | None:
        return await self.repository.by_order(f"{_FILE}{run_id}")

    async def get(self, approval_id: int) -> Approval | None:
        return await self.repository.get(approval_id)

    async def by_order(self, order_id: str) -> Approval | None:
        return await self.repository.by_order(order_id)

    async def approve(self, approval_id: int, admin_id: int) -> Decision | None:
        """Approve and issue exactly as the manager chose. None: no such approval."""
        waiting = await self.repository.get(approval_id)
        if waiting is None:
            return None
        if waiting.status is ApprovalStatus.PENDING and not self.may_issue(waiting.manager_id):
            return Decision(waiting, now=False, manager_gone=True)
        now = await self.repository.decide(approval_id, ApprovalStatus.APPROVED, admin_id)
        approval = await self.repository.get(approval_id)
        if approval is None:
            return None
        if not now:
            return Decision(approval, now=False)
        if is_schedule(approval):
            await self._schedule_decided(approval)
            return Decision(approval, now=True)
        if is_file(approval):
            run = await self._start_file(approval)
            if run is None:  # the manager cancelled the file meanwhile: nothing was approved
                await self.repository.void(approval_id)
                return Decision(await self.repository.get(approval_id) or approval, now=True)
            self.bulk.launch(run)
            return Decision(approval, now=True, run=run)
        return await self._issue(approval) or Decision(approval, now=False)

    async def resume(self) -> list[Decision]:
        """Carry out the approvals a stop or a crash cut off between the decision and the
        issuing: each is issued as the admin's press would have (its order id lets the
        invoice log take it once), a held file's run starts. Returns what was done now."""
        done: list[Decision] = []
        for approval in await self.repository.cut_off():
            if not self.may_issue(approval.manager_id):
                await self._not_carried_out(approval)
                continue
            if is_file(approval):
                run = await self._start_file(approval)
                if run is not None:
                    self.bulk.launch(run)
                    done.append(Decision(approval, now=True, run=run))
                continue
            decision = await self._issue(approval)
            if decision is not None:
                done.append(decision)
        return done

    async def _start_file(self, approval: Approval) -> RunRecord | None:
        """Start a held file's run with exactly the rows approved; None if it was cancelled
        or (which the hold prevents) its rows changed."""
        run_id, manager_id, delivery = _run_id(approval), approval.manager_id, approval.delivery
        approved = approval.draft.get("approved")
        if approved is None:  # held before approvals kept their rows: the run as it is
            return await self.bulk.start(run_id, manager_id, delivery)
        rows = [(int(number), str(order), Decimal(amount)) for number, order, amount in approved]
        if not await self.repository.start_file(run_id, manager_id, delivery, rows):
            log.warning("approval %s: file run %s not started", approval.id, run_id)
            # Not what was approved: it must not start later from its summary's buttons.
            await self.bulk.cancel(run_id, manager_id)
            return None
        return await self.bulk.runs.get(run_id)

    async def _not_carried_out(self, approval: Approval) -> None:
        """A cut-off approval whose manager may no longer issue (suspended or made a viewer
        meanwhile) waits again, as a press would have left it, for an admin to reject or to
        approve once access is back; an invoice the log already has is only linked."""
        existing = await self.issuer.invoices.get_by_order(approval.order_id)
        if existing is not None:
            await self.repository.set_invoice(approval.id, existing.id)
        else:
            await self.repository.reopen(approval.id)

    async def refuse_waiting(self, manager_id: int, admin_id: int) -> list[Decision]:
        """Every request of a manager made a viewer that still waits is rejected, in the name
        of the admin who changed the role: a viewer has nothing issued in their name."""
        refused = []
        for approval in await self.repository.pending_of(manager_id):
            decision = await self.reject(approval.id, admin_id, None)
            if decision is not None and decision.now:
                refused.append(decision)
        return refused

    async def _issue(self, approval: Approval) -> Decision | None:
        """Issue an approved invoice; None if the invoice log has it already (then it is
        linked to the approval, and whoever made it has said so or reconciliation will)."""
        draft = InvoiceDraft.from_data(approval.draft)
        manager = Manager(approval.manager_id, approval.manager_name)
        try:
            outcome = await self.issuer.issue(
                draft,
                order_id=approval.order_id,
                manager=manager,
                delivery=approval.delivery,
                lines=cart_from_data(approval.draft.get("lines") or []),
            )
        except DuplicateOrderError:
            existing = await self.issuer.invoices.get_by_order(approval.order_id)
            if existing is not None:
                await self.repository.set_invoice(approval.id, existing.id)
            return None
        await self.repository.set_invoice(approval.id, outcome.invoice.id)
        return Decision(approval, now=True, outcome=outcome)

    async def reject(self, approval_id: int, admin_id: int, reason: str | None) -> Decision | None:
        now = await self.repository.decide(approval_id, ApprovalStatus.REJECTED, admin_id, reason)
        return await self._closed(approval_id, now)

    async def cancel(self, approval_id: int, manager_id: int) -> Decision | None:
        """The manager withdraws their own request; None if it is not theirs."""
        approval = await self.repository.get(approval_id)
        if approval is None or approval.manager_id != manager_id:
            return None
        now = await self.repository.decide(approval_id, ApprovalStatus.CANCELLED, manager_id)
        return await self._closed(approval_id, now)

    async def _closed(self, approval_id: int, now: bool) -> Decision | None:
        """Rejected or withdrawn: a held file's draft run is cancelled with it."""
        approval = await self.repository.get(approval_id)
        if approval is None:
            return None
        if now and is_file(approval):
            await self.bulk.cancel(_run_id(approval), approval.manager_id)
        if now and is_schedule(approval):
            await self._schedule_decided(approval)
        return Decision(approval, now=now)

    async def _schedule_decided(self, approval: Approval) -> None:
        if self.on_schedule is not None:
            await self.on_schedule(approval)

    async def add_card(self, approval_id: int, admin_id: int, message_id: int) -> None:
        await self.cards.add_card(f"approval:{approval_id}", admin_id, message_id)

    async def admin_cards(self, approval_id: int) -> list[tuple[int, int]]:
        return await self.cards.cards(f"approval:{approval_id}")

    async def asked_reason(self, approval_id: int, admin_id: int, message_id: int) -> None:
        """Remember the message that asks ``admin_id`` why: their reply to it rejects."""
        await self.cards.add_card(f"reason:{approval_id}", admin_id, message_id)

    async def reason_asked_in(self, admin_id: int, message_id: int) -> int | None:
        """The approval whose reason the admin's message ``message_id`` asked for."""
        subject = await self.cards.subject_of(admin_id, message_id)
        if subject is None or not subject.startswith("reason:"):
            return None
        return int(subject.removeprefix("reason:"))
