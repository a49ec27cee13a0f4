"""Approval of large invoices: a manager's invoice above APPROVAL_AMOUNT is held (stored, not
sent to PayKeeper) until an admin approves or rejects it.

Exactly once: a decision is one conditional update of a pending approval, and only the call
that made it goes on to issue; a second approve, a reject after an approve, or an approve after
the manager cancelled, finds it decided and changes nothing. The invoice is issued with the
order id the manager's summary carried, so the invoice log refuses a second one too.

A bulk file with rows above the threshold is held as a whole, as one request: its run stays a
draft until approved, and then starts with the delivery the manager chose."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.drafts import InvoiceDraft
from bot.services.access import Role
from bot.services.bulk import BulkService
from bot.services.cart_lines import Line
from bot.services.cart_lines import from_data as cart_from_data
from bot.services.issuing import InvoiceIssuer, IssueOutcome, Manager
from storage import Delivery, DuplicateOrderError
from storage.approvals import Approval, ApprovalRepository, ApprovalStatus
from storage.bulk.records import RunRecord
from storage.team import TeamRepository


@dataclass(frozen=True, slots=True)
class Decision:
    """What became of an approval after a press: ``now`` when this press decided it, and the
    outcome of issuing when it approved."""

    approval: Approval
    now: bool
    outcome: IssueOutcome | None = None
    run: RunRecord | None = None  # a file's run, started on approval (None: it was cancelled)
    manager_gone: bool = False  # not approved: its manager is suspended or off the team


@dataclass(frozen=True, slots=True)
class HeldFile:
    """A bulk file's rows still to issue, when some are above the threshold."""

    run_id: int
    file_name: str
    rows: int
    above: int
    total: Decimal


_FILE = "bulk:"  # the order id of a file's approval: bulk:<run id>


def is_file(approval: Approval) -> bool:
    return approval.order_id.startswith(_FILE)


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

    def needed(self, amount: Decimal, role: Role) -> bool:
        """Only managers' invoices above the threshold wait; admins' never do."""
        return self.threshold is not None and role is Role.MANAGER and amount > self.threshold

    async def hold(
        self,
        draft: InvoiceDraft,
        *,
        order_id: str,
        manager: Manager,
        delivery: Delivery,
        lines: Sequence[Line] = (),
    ) -> Approval | None:
        """Store the draft, and the lines added on its summary, for approval; None if this
        summary was already held."""
        return await self.repository.add(
            manager_id=manager.id,
            manager_name=manager.name,
            order_id=order_id,
            draft={**draft.to_data(), "lines": list(lines)},
            delivery=delivery,
        )

    async def file_above(self, run_id: int, manager_id: int) -> HeldFile | None:
        """The manager's draft file, if any of its rows to issue is above the threshold."""
        run = await self.bulk.runs.get(run_id)
        if self.threshold is None or run is None or run.manager_id != manager_id:
            return None
        amounts = [
            Decimal(str(row.draft["amount"])) for row in await self.bulk.runs.pending(run_id)
        ]
        above = [amount for amount in amounts if amount > self.threshold]
        if not above:
            return None
        return HeldFile(run_id, run.file_name, len(amounts), len(above), sum(amounts, Decimal(0)))

    async def hold_file(
        self, held: HeldFile, *, manager: Manager, delivery: Delivery
    ) -> Approval | None:
        """Hold the whole file as one request; None if it is already held."""
        return await self.repository.add(
            manager_id=manager.id,
            manager_name=manager.name,
            order_id=f"{_FILE}{held.run_id}",
            draft={
                "amount": str(held.total),
                "file": held.file_name,
                "rows": held.rows,
                "above": held.above,
            },
            delivery=delivery,
        )

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
        if is_file(approval):
            run = await self.bulk.start(_run_id(approval), approval.manager_id, approval.delivery)
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
                manager_id, delivery = approval.manager_id, approval.delivery
                run = await self.bulk.start(_run_id(approval), manager_id, delivery)
                if run is not None:
                    self.bulk.launch(run)
                    done.append(Decision(approval, now=True, run=run))
                continue
            decision = await self._issue(approval)
            if decision is not None:
                done.append(decision)
        return done

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
        return Decision(approval, now=now)

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
