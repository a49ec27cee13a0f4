"""An invoice as the manager described it, before it is logged and sent to PayKeeper."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from bot.parsing.one_line import OneLine
from paykeeper.moscow import MSK


@dataclass(frozen=True, slots=True)
class InvoiceDraft:
    amount: Decimal
    email: str | None = None
    phone: str | None = None
    last_day: date | None = None  # the last day the payer can pay; None = no expiry
    service: str | None = None  # None = the default service name from settings
    client_name: str | None = None
    # Days before last_day that PayKeeper e-mails the invoice again: None = PAYER_REMINDER_DAYS,
    # 0 = none (the summary's toggle).
    remind_days: int | None = None

    def to_data(self) -> dict[str, str | None]:
        """JSON-safe form for FSM storage (Redis would reject Decimal and date)."""
        return {
            "amount": str(self.amount),
            "email": self.email,
            "phone": self.phone,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "service": self.service,
            "client_name": self.client_name,
            "remind_days": None if self.remind_days is None else str(self.remind_days),
        }

    @classmethod
    def from_one_line(cls, line: OneLine) -> InvoiceDraft:
        """The invoice a one-line message (the command's or inline mode's) describes."""
        return cls(
            amount=line.amount,
            email=line.email,
            phone=line.phone,
            last_day=line.expiry,
            service=line.service,
        )

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> InvoiceDraft:
        return cls(
            amount=Decimal(data["amount"]),
            email=data.get("email"),
            phone=data.get("phone"),
            last_day=date.fromisoformat(data["last_day"]) if data.get("last_day") else None,
            service=data.get("service"),
            client_name=data.get("client_name"),
            remind_days=None if data.get("remind_days") is None else int(data["remind_days"]),
        )


def reminder_days(draft: InvoiceDraft, default: int | None) -> int | None:
    """Days before the last payable day that PayKeeper e-mails the invoice again (the draft's
    choice, else PAYER_REMINDER_DAYS); None when it cannot or should not: no e-mail to send it
    to, no last day to count from, or turned off."""
    days = default if draft.remind_days is None else draft.remind_days
    return days if days and draft.email and draft.last_day else None


def today_in_moscow() -> date:
    return datetime.now(MSK).date()


def paykeeper_expiry(last_day: date) -> datetime:
    """PayKeeper's expiry is exclusive and in Moscow time: the invoice stays payable through
    ``last_day`` when it expires at 00:00 MSK of the following day."""
    return datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=MSK)


def new_order_id() -> str:
    """Unique per invoice: PayKeeper's payment notification links back only by order id. Random
    and naming no one, since payers see it (ids made before, ``tg<manager id>-<nonce>``, are
    only ever looked up as stored, never taken apart)."""
    return form_order_id(secrets.token_hex(8))


def form_order_id(nonce: str) -> str:
    """The order id a form's summary confirms; its buttons carry only the ``nonce``."""
    return f"tg-{nonce}"


def form_order_ids(nonce: str, user_id: int) -> tuple[str, str]:
    """The order ids a summary's ``nonce`` may stand for: this version's, and the one a summary
    shown by an earlier version made for ``user_id``. Whose it is must still be checked."""
    return form_order_id(nonce), f"tg{user_id}-{nonce}"
