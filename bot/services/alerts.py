"""What the bot tells a manager on its own: which status changes are worth a message.

Services decide *that* a manager must be told and under which key (one message per key, ever);
the Notifier, an adapter on the Telegram side, renders the message in the manager's language
and queues it in the outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from bot.services import outbox_keys as keys
from storage import EventKind, InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.ledger import Movement
from storage.notices import DayActivity


class AlertKind(StrEnum):
    PAID = "paid"
    PAID_AGAIN = "paid_again"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUNDED_IN_CABINET = "refunded_in_cabinet"  # a refund the bot did not make
    FOUND = "found"  # a lost preview turned out to exist
    NOT_CREATED = "not_created"  # a lost preview turned out not to exist
    REMINDER = "reminder"
    PAYER_REMINDED = "payer_reminded"  # PayKeeper e-mailed an unpaid invoice to its payer again
    DIGEST = "digest"


@dataclass(frozen=True, slots=True)
class Alert:
    kind: AlertKind
    key: str  # the occasion: a key is delivered once, whatever restarts come
    manager_id: int
    invoice: InvoiceRecord | None = None
    payment_id: str | None = None  # PAID_AGAIN: the second payment; a refund's payment
    refund_key: str | None = None  # PAID_AGAIN: what its refund button carries (no button: None)
    amount: Decimal | None = None  # REFUNDED_IN_CABINET: how much went back
    day: date | None = None  # DIGEST: the day summed up
    activity: DayActivity | None = None  # DIGEST: its totals
    payer_reminded: bool = False  # REMINDER: PayKeeper already e-mailed it to the payer again


class Notifier(Protocol):
    async def notify(self, alert: Alert) -> bool:
        """Queue ``alert`` for its manager; False if it was queued before or not allowed."""
        ...


_STATUS_ALERTS = {
    InvoiceStatus.PAID: AlertKind.PAID,
    InvoiceStatus.EXPIRED: AlertKind.EXPIRED,
    InvoiceStatus.CANCELLED: AlertKind.CANCELLED,
}


class InvoiceAlerts:
    """As a StatusListener, tells the manager of each status change worth telling (paid,
    expired, cancelled in the cabinet, a lost preview resolved), once per change."""

    def __init__(
        self,
        notifier: Notifier,
        invoices: InvoiceRepository,
        admins: Callable[[], Iterable[int]] = tuple,
    ) -> None:
        self.notifier = notifier
        self.invoices = invoices
        self.admins = admins  # who else hears of a second payment (it may need a refund)

    async def invoice_changed(self, invoice: InvoiceRecord, previous: InvoiceStatus) -> None:
        kind = _STATUS_ALERTS.get(invoice.status)
        if kind is AlertKind.CANCELLED and await self._cancelled_in_bot(invoice):
            kind = None
        elif previous is InvoiceStatus.REQUESTED:
            if invoice.status is InvoiceStatus.CREATED:
                kind = AlertKind.FOUND
            elif invoice.status is InvoiceStatus.FAILED:
                kind = AlertKind.NOT_CREATED
        if kind is not None:
            key = keys.status_reached(invoice.status, invoice.id)
            await self.notifier.notify(Alert(kind, key, invoice.manager_id, invoice))

    async def paid_again(
        self, invoice: InvoiceRecord, payment_id: str, refund_key: str | None
    ) -> None:
        """A second payment for an invoice already paid: rare, and a manager must look."""
        key = keys.paid_again(invoice.id, payment_id)
        alert = Alert(
            AlertKind.PAID_AGAIN,
            key,
            invoice.manager_id,
            invoice,
            payment_id=payment_id,
            refund_key=refund_key,
        )
        await self.notifier.notify(alert)
        for admin in self.admins():
            if admin != invoice.manager_id:
                await self.notifier.notify(
                    replace(alert, key=keys.for_admin(key, admin), manager_id=admin)
                )

    async def refunded_in_cabinet(self, invoice: InvoiceRecord, refund: Movement) -> None:
        """A refund made in PayKeeper's cabinet, learned from its records: told once."""
        key = keys.cabinet_refund(refund.paykeeper_id)
        alert = Alert(
            AlertKind.REFUNDED_IN_CABINET,
            key,
            invoice.manager_id,
            invoice,
            payment_id=refund.payment_id,
            amount=refund.amount,
        )
        await self.notifier.notify(alert)

    async def _cancelled_in_bot(self, invoice: InvoiceRecord) -> bool:
        # A manager who cancelled it from the card already knows; only a change made in
        # PayKeeper's cabinet (found by reconciliation, no actor) is news.
        events = await self.invoices.events(invoice.id)
        last = next((e for e in reversed(events) if e.kind == EventKind.CANCELLED), None)
        return last is not None and last.actor_id is not None
