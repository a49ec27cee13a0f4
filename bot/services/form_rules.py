"""The /invoice form's rules: the expiry shortcuts, the delivery a manager chose, and which
failures may be tried again with the same answers."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from bot.drafts import InvoiceDraft
from bot.services.issue_outcomes import Failure, FailureKind
from storage import Delivery

# Nothing reached PayKeeper, or it refused outright: the same answers can be tried again.
# Anything else may have made the invoice: a retry could bill twice.
RETRYABLE = frozenset({FailureKind.REJECTED, FailureKind.UNREACHABLE, FailureKind.AUTH})


def may_retry(failure: Failure | None) -> bool:
    return failure is not None and failure.kind in RETRYABLE


def delivery_for(choice: str, draft: InvoiceDraft) -> Delivery:
    """E-mail only when asked for and the payer has an address; else the link in chat."""
    return Delivery.EMAIL if choice == "email" and draft.email else Delivery.LINK


def quick_expiry(choice: str, today: date) -> date | None:
    """The last day payable for an expiry button; None for "no expiry"."""
    if choice == "tomorrow":
        return today + timedelta(days=1)
    if choice == "days3":
        return today + timedelta(days=3)
    if choice == "days7":
        return today + timedelta(days=7)
    if choice == "month_end":
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return None
