"""What a manager can do with one invoice from its card (or an alert, or a reminder).

Every action starts from :meth:`InvoiceActions.load`, which enforces who may act on what: a
manager on their own invoices, an admin on all. Which actions make sense for an invoice's
current status is decided here too, once, for both the card's buttons and the handlers (a
button pressed on an outdated card is checked against the invoice as it is now)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.drafts import InvoiceDraft, today_in_moscow
from bot.services.access import Role, sees_everyone
from bot.services.cart_lines import Line, to_data, total
from bot.services.issue_outcomes import Failure, IssueOutcome, Manager, classify
from bot.services.issuing import InvoiceIssuer
from bot.services.receipts import from_stored
from bot.services.tracking import StatusTracker
from paykeeper import MSK, PayKeeperClient, PayKeeperError
from storage import EventKind, InvoiceEvent, InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.people import PeopleRepository


class Refusal(StrEnum):
    NOT_FOUND = "not_found"  # deleted meanwhile, or a forged id
    FORBIDDEN = "forbidden"  # another manager's invoice


def may_act(invoice: InvoiceRecord, user_id: int, role: Role) -> bool:
    """Admins and viewers open every invoice (viewers' changes are refused before this, in
    handlers/viewer_guard.py); a manager, their own."""
    return sees_everyone(role) or invoice.manager_id == user_id


# --- Which actions make sense for the invoice as it is now --------------------------------


def can_refresh(invoice: InvoiceRecord) -> bool:
    """Anything not final can still change, and a paid invoice's money too (a refund made in
    the cabinet); a `requested` one is re-read from the log, where reconciliation records
    what PayKeeper did with it."""
    return invoice.status is not InvoiceStatus.FAILED


def can_resend(invoice: InvoiceRecord) -> bool:
    return invoice.status.is_open and bool(invoice.client_email) and bool(invoice.paykeeper_id)


def can_cancel(invoice: InvoiceRecord) -> bool:
    return invoice.status.is_open and bool(invoice.paykeeper_id)


def can_share(invoice: InvoiceRecord) -> bool:
    """Sharing and the QR code hand out the link: only while it can be paid."""
    return invoice.status.is_open and bool(invoice.invoice_url)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    event: InvoiceEvent
    actor_name: str | None  # None: PayKeeper or the bot itself; "" when the user is unknown


@dataclass(frozen=True, slots=True)
class CancelOutcome:
    invoice: InvoiceRecord
    failure: Failure | None = None


class InvoiceActions:
    def __init__(
        self,
        invoices: InvoiceRepository,
        paykeeper: PayKeeperClient,
        issuer: InvoiceIssuer,
        tracker: StatusTracker,
        people: PeopleRepository,
    ) -> None:
        self.invoices = invoices
        self.paykeeper = paykeeper
        self.issuer = issuer
        self.tracker = tracker
        self.people = people

    async def load(self, invoice_id: int, user_id: int, role: Role) -> InvoiceRecord | Refusal:
        invoice = await self.invoices.get(invoice_id)
        if invoice is None:
            return Refusal.NOT_FOUND
        if not may_act(invoice, user_id, role):
            return Refusal.FORBIDDEN
        return invoice

    async def refresh(self, invoice: InvoiceRecord, *, actor: Manager) -> InvoiceRecord:
        """Ask PayKeeper (raises PayKeeperError); without a PayKeeper id, re-read the log."""
        if invoice.paykeeper_id is None:
            return await self.invoices.get(invoice.id) or invoice
        await self._acting(actor)
        return await self.tracker.refresh(invoice, actor_id=actor.id)

    async def resend(self, invoice: InvoiceRecord, *, actor: Manager) -> IssueOutcome:
        await self._acting(actor)
        return await self.issuer.send_email(invoice, actor_id=actor.id, event=EventKind.RESENT)

    async def cancel(self, invoice: InvoiceRecord, *, actor: Manager) -> CancelOutcome:
        if invoice.paykeeper_id is None:
            raise ValueError(f"invoice {invoice.order_id} is not in PayKeeper")
        try:
            await self.paykeeper.revoke_invoice(invoice.paykeeper_id)
        except PayKeeperError as error:
            # Often PayKeeper refuses because the invoice was paid or expired meanwhile:
            # learn its real status so the card shows why.
            with contextlib.suppress(PayKeeperError):
                invoice = await self.tracker.refresh(invoice)
            return CancelOutcome(invoice, classify(error))
        await self._acting(actor)
        changed = await self.tracker.change(invoice, InvoiceStatus.CANCELLED, actor_id=actor.id)
        return CancelOutcome(changed or await self.invoices.get(invoice.id) or invoice)

    async def repeat(
        self, invoice: InvoiceRecord, *, actor: Manager
    ) -> tuple[InvoiceDraft, list[Line]]:
        """A draft for a new invoice like this one, with its receipt lines (the form's data);
        the order id comes with the new summary."""
        await self._acting(actor)
        await self.invoices.add_event(invoice.id, EventKind.REPEATED, actor.id)
        lines = await self.lines_of(invoice)
        draft = InvoiceDraft(
            amount=total(lines) if lines else invoice.amount,
            email=invoice.client_email,
            phone=invoice.client_phone,
            last_day=same_term(invoice),
            service=invoice.service_name,
            client_name=invoice.client_name,
        )
        return draft, lines

    async def lines_of(self, invoice: InvoiceRecord) -> list[Line]:
        """The lines the invoice was sent with, unless they are just its service at its amount
        (the cart the issuer makes by itself) or receipts are off now."""
        carts = self.issuer.carts
        if carts is None or not self.issuer.receipts.enabled:
            return []
        lines = [from_stored(line) for line in await carts.lines(invoice.id)]
        if len(lines) == 1 and lines[0].quantity == 1 and lines[0].name == invoice.service_name:
            return []
        return [to_data(line) for line in lines]

    async def record_shared(self, invoice_id: int, actor: Manager, role: Role) -> bool:
        invoice = await self.load(invoice_id, actor.id, role)
        if isinstance(invoice, Refusal):
            return False
        await self._acting(actor)
        await self.invoices.add_event(invoice.id, EventKind.SHARED, actor.id, "inline")
        return True

    async def history(self, invoice: InvoiceRecord) -> list[HistoryEntry]:
        events = await self.invoices.events(invoice.id)
        actors = {event.actor_id for event in events if event.actor_id is not None}
        names = {
            **await self.invoices.manager_names(actors),
            invoice.manager_id: invoice.manager_name,
            **await self.people.names(actors),
        }
        return [
            HistoryEntry(
                event,
                None if event.actor_id is None else names.get(event.actor_id, ""),
            )
            for event in events
        ]

    async def _acting(self, actor: Manager) -> None:
        """Keep the actor's name for the history (admins may never have issued anything)."""
        await self.people.remember(actor.id, actor.name)


def same_term(invoice: InvoiceRecord, today: datetime | None = None) -> date | None:
    """The original's time to pay, counted again from today (7 days stay 7 days)."""
    if invoice.last_day is None:
        return None
    issued = invoice.created_at.astimezone(MSK).date()
    days = max((invoice.last_day - issued).days, 1)
    start = today.astimezone(MSK).date() if today is not None else today_in_moscow()
    return start + timedelta(days=days)
