"""Plain records the storage layer reads and writes (no aiogram, no PayKeeper types)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class InvoiceStatus(StrEnum):
    REQUESTED = "requested"  # written, PayKeeper not (yet) known to have it
    CREATED = "created"  # PayKeeper made it; payable at invoice_url
    SENT = "sent"  # PayKeeper e-mailed it
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    FAILED = "failed"  # PayKeeper refused it or could not be reached; see error

    @property
    def is_open(self) -> bool:
        """Still payable, as far as we know."""
        return self in (InvoiceStatus.CREATED, InvoiceStatus.SENT)


class Delivery(StrEnum):
    EMAIL = "email"  # PayKeeper e-mails the invoice to the payer
    LINK = "link"  # the bot returns the payment link in chat


@dataclass(frozen=True, slots=True)
class NewInvoice:
    order_id: str
    manager_id: int
    manager_name: str
    amount: Decimal
    service_name: str
    delivery: Delivery
    client_email: str | None = None
    client_phone: str | None = None
    client_name: str | None = None
    last_day: date | None = None
    remind_days: int | None = None  # PayKeeper e-mails it again this many days before last_day


@dataclass(frozen=True, slots=True)
class InvoiceRecord:
    id: int
    order_id: str
    manager_id: int
    manager_name: str
    amount: Decimal
    service_name: str
    delivery: Delivery
    status: InvoiceStatus
    client_email: str | None
    client_phone: str | None
    client_name: str | None
    last_day: date | None
    paykeeper_id: str | None
    invoice_url: str | None
    error: str | None
    payment_id: str | None
    paid_at: datetime | None
    created_at: datetime
    updated_at: datetime


class EventKind(StrEnum):
    """What an invoice's history records; each has its line in the card (``inv.hist.<kind>``).
    A status reached is recorded under the status's own name."""

    REQUESTED = "requested"
    CREATED = "created"
    SENT = "sent"
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    FAILED = "failed"
    NO_ANSWER = "no_answer"  # PayKeeper gave no clean answer: it may exist
    EMAILED = "emailed"
    EMAIL_FAILED = "email_failed"
    RESENT = "resent"
    REPEATED = "repeated"
    RETRIED = "retried"  # a recurring period asked again after PayKeeper was unreachable
    SHARED = "shared"
    PAID_AGAIN = "paid_again"
    REFUND_REQUESTED = "refund_requested"
    REFUNDED = "refunded"
    REFUND_REFUSED = "refund_refused"
    REFUND_UNCERTAIN = "refund_uncertain"
    CASH_REQUESTED = "cash_requested"
    CASH_PAID = "cash_paid"
    CASH_REFUSED = "cash_refused"
    CASH_UNCERTAIN = "cash_uncertain"
    FINAL_RECEIPT_REQUESTED = "final_receipt_requested"
    FINAL_RECEIPT_DONE = "final_receipt_done"
    FINAL_RECEIPT_REFUSED = "final_receipt_refused"
    FINAL_RECEIPT_UNCERTAIN = "final_receipt_uncertain"


@dataclass(frozen=True, slots=True)
class InvoiceEvent:
    id: int
    invoice_id: int
    kind: str
    actor_id: int | None
    detail: str | None
    created_at: datetime
