"""PayKeeper's payment notifications (POST-оповещения): check, record, acknowledge.

A notification carries the payment id and our order id, not the invoice id. It is believed
only if its key was made with our secret word and its sum and clientid match the invoice we
logged for that order; then the invoice is marked paid (once, through the StatusTracker) and
PayKeeper gets ``OK md5(id + secret)``, the same answer for every retry of the same payment.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from bot.services.alerts import InvoiceAlerts
from bot.services.issue_outcomes import client_id_for
from bot.services.tracking import StatusTracker
from paykeeper import acknowledgement, is_genuine, parse_msk
from storage import EventKind, InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.ledger import Source

log = logging.getLogger(__name__)

REQUIRED = ("id", "sum", "orderid", "key")


class Verdict(StrEnum):
    ACCEPTED = "accepted"  # recorded now
    DUPLICATE = "duplicate"  # already recorded: acknowledged again, nothing changed
    MALFORMED = "malformed"
    FORGED = "forged"
    UNKNOWN_ORDER = "unknown order"
    MISMATCH = "mismatch"


@dataclass(frozen=True, slots=True)
class NotificationResult:
    verdict: Verdict
    reply: str | None = None  # the body PayKeeper must get back; None when refused
    reason: str = ""  # for the log: never the key or the secret


def _refuse(verdict: Verdict, reason: str) -> NotificationResult:
    return NotificationResult(verdict, None, reason)


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _paid_at(form: Mapping[str, str]) -> datetime:
    try:
        return parse_msk(form.get("obtain_datetime", ""))
    except ValueError:
        return datetime.now(UTC)  # not every installation sends it


class PaymentNotifications:
    def __init__(
        self,
        invoices: InvoiceRepository,
        tracker: StatusTracker,
        secret: str,
        alerts: InvoiceAlerts | None = None,
    ) -> None:
        if not secret:
            raise ValueError("PAYKEEPER_SECRET is empty: notifications could be forged")
        self.invoices = invoices
        self.tracker = tracker
        self._secret = secret
        self.alerts = alerts

    async def handle(self, form: Mapping[str, str]) -> NotificationResult:
        missing = [name for name in REQUIRED if not form.get(name, "").strip()]
        if missing:
            return _refuse(Verdict.MALFORMED, f"missing {', '.join(missing)}")
        # The key first: without the secret nobody learns which order ids exist.
        if not is_genuine(form, self._secret):
            return _refuse(
                Verdict.FORGED, "the key does not match (is PAYKEEPER_SECRET the secret word?)"
            )
        payment_id, order_id = form["id"], form["orderid"]
        amount = _amount(form["sum"])
        if amount is None:
            return _refuse(Verdict.MALFORMED, "sum is not an amount")
        invoice = await self.invoices.get_by_order(order_id)
        if invoice is None:
            return _refuse(Verdict.UNKNOWN_ORDER, "no invoice with this order id")
        if amount != invoice.amount:
            return _refuse(Verdict.MISMATCH, f"sum {amount} is not the invoice's {invoice.amount}")
        # An invoice issued without payer details has no clientid to compare: the payment page
        # may fill it with what the payer typed, and the signed key already binds it.
        expected_client = client_id_for(invoice)
        if expected_client and form.get("clientid", "") != expected_client:
            return _refuse(Verdict.MISMATCH, "clientid is not the payer the invoice was issued to")
        verdict = await self._record(invoice, payment_id, _paid_at(form))
        return NotificationResult(verdict, acknowledgement(payment_id, self._secret))

    async def _record(self, invoice: InvoiceRecord, payment_id: str, paid_at: datetime) -> Verdict:
        current: InvoiceRecord | None = invoice
        # Twice at most: if a reconciliation pass records the payment between our read and
        # our update, the second round sees it paid.
        for _ in range(2):
            if current is None:
                break
            if current.status is InvoiceStatus.PAID:
                return await self._already_paid(current, payment_id, paid_at)
            changed = await self.tracker.mark_paid(
                current,
                payment_id=payment_id,
                paid_at=paid_at,
                source=f"notification, payment {payment_id}",
            )
            if changed is not None:
                return Verdict.ACCEPTED
            current = await self.invoices.get(current.id)
        raise RuntimeError(f"invoice {invoice.id}: could not record payment {payment_id}")

    async def _already_paid(
        self, invoice: InvoiceRecord, payment_id: str, paid_at: datetime
    ) -> Verdict:
        if invoice.payment_id == payment_id:
            return Verdict.DUPLICATE
        ledger = self.tracker.ledger
        money = await ledger.money(invoice) if ledger is not None else None
        if invoice.payment_id is None and not (money and money.cash):
            # Reconciliation saw it paid but PayKeeper gave no payment id: fill it in.
            await self.invoices.update(
                invoice.id, payment_id=payment_id, only_from=(InvoiceStatus.PAID,)
            )
            if ledger is not None:
                await ledger.record_payment(invoice, payment_id, paid_at, Source.NOTIFICATION)
            return Verdict.DUPLICATE
        # Money taken twice for one invoice: record it once, tell the manager, acknowledge
        # (refusing would only make PayKeeper retry; the money is there either way).
        events = await self.invoices.events(invoice.id)
        if any(e.kind == EventKind.PAID_AGAIN and e.detail == payment_id for e in events):
            return Verdict.DUPLICATE
        log.warning("invoice %s paid again: payment %s", invoice.id, payment_id)
        await self.invoices.add_event(invoice.id, EventKind.PAID_AGAIN, detail=payment_id)
        refund_key = None
        if ledger is not None:
            await ledger.record_payment(invoice, payment_id, paid_at, Source.NOTIFICATION)
            refund_key = await ledger.payment_key(invoice, payment_id)
        if self.alerts is not None:
            await self.alerts.paid_again(invoice, payment_id, refund_key)
        return Verdict.ACCEPTED
