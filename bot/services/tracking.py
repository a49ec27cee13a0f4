"""Invoice status changes, from whichever source learns of them first.

A payment notification, a reconciliation pass and a manager's "refresh" can all discover the
same payment; each change goes through one conditional UPDATE, so exactly one of them applies
it and only that one tells the listeners (who alert the manager)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from paykeeper import Invoice, PayKeeperClient
from storage import EventKind, InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.ledger import Source

if TYPE_CHECKING:
    from bot.services.ledger import Ledger

log = logging.getLogger(__name__)


# PayKeeper's invoice statuses; what revoke leaves behind is undocumented, so every spelling
# of "cancelled" seen or plausible is accepted.
REMOTE_STATUSES: dict[str, InvoiceStatus] = {
    "created": InvoiceStatus.CREATED,
    "sent": InvoiceStatus.SENT,
    "paid": InvoiceStatus.PAID,
    "expired": InvoiceStatus.EXPIRED,
    "revoked": InvoiceStatus.CANCELLED,
    "canceled": InvoiceStatus.CANCELLED,
    "cancelled": InvoiceStatus.CANCELLED,
}

# Which of our statuses each status may be reached from. PayKeeper is authoritative about
# money: a payment is accepted even on an invoice we thought expired or cancelled.
REACHABLE_FROM: dict[InvoiceStatus, tuple[InvoiceStatus, ...]] = {
    InvoiceStatus.CREATED: (InvoiceStatus.REQUESTED,),
    InvoiceStatus.SENT: (InvoiceStatus.REQUESTED, InvoiceStatus.CREATED),
    # A signed notification proves the money arrived, even for an order we had given up on.
    InvoiceStatus.PAID: (
        InvoiceStatus.REQUESTED,
        InvoiceStatus.CREATED,
        InvoiceStatus.SENT,
        InvoiceStatus.EXPIRED,
        InvoiceStatus.CANCELLED,
        InvoiceStatus.FAILED,
    ),
    InvoiceStatus.EXPIRED: (InvoiceStatus.REQUESTED, InvoiceStatus.CREATED, InvoiceStatus.SENT),
    InvoiceStatus.CANCELLED: (
        InvoiceStatus.REQUESTED,
        InvoiceStatus.CREATED,
        InvoiceStatus.SENT,
        InvoiceStatus.EXPIRED,
    ),
    # Only a lost preview whose order PayKeeper turned out not to have (reconciliation).
    InvoiceStatus.FAILED: (InvoiceStatus.REQUESTED,),
}


class StatusListener(Protocol):
    async def invoice_changed(self, invoice: InvoiceRecord, previous: InvoiceStatus) -> None:
        """Called once per applied change, after it is stored."""


class StatusTracker:
    def __init__(self, invoices: InvoiceRepository, paykeeper: PayKeeperClient) -> None:
        self.invoices = invoices
        self.paykeeper = paykeeper
        self.listeners: list[StatusListener] = []
        self.ledger: Ledger | None = None  # where a payment is booked as it is recorded

    async def refresh(
        self, invoice: InvoiceRecord, *, actor_id: int | None = None
    ) -> InvoiceRecord:
        """Ask PayKeeper about one invoice and apply what it says (raises PayKeeperError)."""
        if invoice.paykeeper_id is None:
            return invoice
        remote = await self.paykeeper.get_invoice(invoice.paykeeper_id)
        return await self.apply(invoice, remote, actor_id=actor_id)

    async def apply(
        self, invoice: InvoiceRecord, remote: Invoice, *, actor_id: int | None = None
    ) -> InvoiceRecord:
        status = REMOTE_STATUSES.get(remote.status)
        if status is None:
            log.warning("invoice %s: unknown PayKeeper status %r", invoice.id, remote.status)
            return invoice
        if status is InvoiceStatus.PAID:
            changed = await self.mark_paid(
                invoice,
                payment_id=remote.paymentid,
                paid_at=remote.paid_datetime,
                source="paykeeper",
                actor_id=actor_id,
            )
            return changed or await self._reload(invoice)
        changed = await self.change(invoice, status, actor_id=actor_id, detail=remote.status)
        return changed or invoice

    async def mark_paid(
        self,
        invoice: InvoiceRecord,
        *,
        payment_id: str | None,
        paid_at: datetime | None,
        source: str,
        actor_id: int | None = None,
    ) -> InvoiceRecord | None:
        """Record a payment; ``None`` when the invoice was already paid (nothing changed)."""
        changed = await self.change(
            invoice,
            InvoiceStatus.PAID,
            actor_id=actor_id,
            detail=source,
            payment_id=payment_id,
            paid_at=paid_at.isoformat() if paid_at else None,
        )
        if changed is not None and payment_id and self.ledger is not None:
            booked_as = (
                Source.NOTIFICATION if source.startswith("notification") else Source.RECONCILIATION
            )
            await self.ledger.record_payment(
                changed, payment_id, paid_at or datetime.now(UTC), booked_as
            )
        return changed

    async def change(
        self,
        invoice: InvoiceRecord,
        status: InvoiceStatus,
        *,
        actor_id: int | None = None,
        detail: str | None = None,
        **fields: str | None,
    ) -> InvoiceRecord | None:
        """Move an invoice to ``status`` if that is a move forward; ``None`` if nothing changed
        (already there, or the move is not allowed from where the invoice is now)."""
        if invoice.status is status:
            return None
        updated = await self.invoices.update(
            invoice.id,
            status=status,
            event=EventKind(status.value),
            actor_id=actor_id,
            detail=detail,
            only_from=REACHABLE_FROM[status],
            **fields,
        )
        if updated is None:
            return None
        for listener in self.listeners:
            try:
                await listener.invoice_changed(updated, invoice.status)
            except Exception:
                log.exception("status listener failed for invoice %s", invoice.id)
        return updated

    async def _reload(self, invoice: InvoiceRecord) -> InvoiceRecord:
        return await self.invoices.get(invoice.id) or invoice
