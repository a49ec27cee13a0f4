"""PayKeeper's money records, for keeping the ledger in step (../shared/paykeeper-api.md,
"Money records"): the payments of a period and the refunds of one payment.

Facts: ``/info/payments/bydate/`` takes ``start``/``end`` dates, repeated ``status[]``,
``from`` and ``limit`` and answers an array of payments; ``/info/refunds/bypaymentid/?id=``
answers the payment's refunds. Guesses, parsed defensively: a refund's fields (its id, amount,
status and time go by several names in the wild); a refund whose status says it failed moved
no money, and any other status (done or still in progress) counts as made.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from .answers import as_list
from .client import PayKeeperClient
from .models import Payment
from .moscow import parse_msk

PAYMENTS_PATH = "/info/payments/bydate/"
REFUNDS_PATH = "/info/refunds/bypaymentid/"
# Every status a payment that took money can have, refunds included.
MONEY_STATUSES = ("success", "obtained", "stuck", "refunding", "refunded", "partially_refunded")
_FAILED = frozenset({"failed", "fail", "canceled", "cancelled", "rejected", "error", "declined"})
_DONE = frozenset({"done", "success", "succeeded", "refunded", "completed", "complete"})
_ID_KEYS = ("id", "refund_id")
_AMOUNT_KEYS = ("amount", "refund_amount", "sum")
_TIME_KEYS = ("datetime", "refund_datetime", "created_datetime", "date", "pending_datetime")


@dataclass(frozen=True, slots=True)
class Refund:
    id: str
    amount: Decimal
    status: str
    moved_at: datetime

    @property
    def made(self) -> bool:
        return self.status not in _FAILED

    @property
    def in_progress(self) -> bool:
        return self.made and self.status not in _DONE


async def payments_between(
    client: PayKeeperClient, start: date, end: date, *, page: int = 100
) -> list[Payment]:
    """The payments of [start, end] (Moscow dates) that took money, page by page."""
    found: list[Payment] = []
    seen: set[str] = set()
    offset = 0
    while True:
        params = [("start", start.isoformat()), ("end", end.isoformat())]
        params += [("status[]", status) for status in MONEY_STATUSES]
        params += [("from", str(offset)), ("limit", str(page))]
        items = as_list(await client.read(PAYMENTS_PATH, params))
        fresh = []
        for item in items:
            payment = _payment(item)
            if payment is not None and payment.id not in seen:
                seen.add(payment.id)
                fresh.append(payment)
        found += fresh
        if len(items) < page or not fresh:  # a short page is the last; no new ids: no paging
            return found
        offset += len(items)


async def refunds_of(client: PayKeeperClient, payment_id: str) -> list[Refund]:
    """The payment's refunds as PayKeeper records them; unreadable items are skipped."""
    items = as_list(await client.read(REFUNDS_PATH, [("id", payment_id)]))
    return [refund for item in items if (refund := _refund(item)) is not None]


def _payment(item: Any) -> Payment | None:
    try:
        return Payment.model_validate(item)
    except ValueError:
        return None


def _first(item: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    return next((item[key] for key in keys if item.get(key) not in (None, "")), None)


def _refund(item: Any) -> Refund | None:
    if not isinstance(item, Mapping):
        return None
    ident, amount = _first(item, _ID_KEYS), _first(item, _AMOUNT_KEYS)
    if ident is None or amount is None:
        return None
    try:
        value = Decimal(str(amount))
    except ArithmeticError:
        return None
    if not value.is_finite() or value <= 0:
        return None
    moved_at = datetime.now(UTC)
    if (when := _first(item, _TIME_KEYS)) is not None:
        with contextlib.suppress(ValueError):
            moved_at = parse_msk(str(when))
    status = str(item.get("status") or "").strip().lower()
    return Refund(str(ident), value, status, moved_at)
