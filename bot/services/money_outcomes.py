"""What a refund or a cash payment came to, for the views to tell."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.services.ledger import PaymentMoney
from storage import InvoiceRecord
from storage.money import MoneyRequest
from storage.refund_book import Gate, Opened


class Refusal(StrEnum):
    """Why the bot itself did not ask PayKeeper."""

    NOT_ALLOWED = "not_allowed"  # this role may not
    NOT_PAID = "not_paid"
    NOTHING_LEFT = "nothing_left"
    TOO_MUCH = "too_much"
    NO_PAYMENT_ID = "no_payment_id"
    NOT_OPEN = "not_open"  # cash: the invoice is not payable
    NO_CASH = "no_cash"  # cash: this server has no such call
    PENDING = "pending"  # an earlier refund's outcome is unknown: no second one meanwhile


class Result(StrEnum):
    DONE = "done"
    REFUSED = "refused"  # the bot or PayKeeper said no: nothing happened
    UNCERTAIN = "uncertain"  # may have happened: check in the cabinet, never repeat
    ALREADY = "already"  # this press was handled before


@dataclass(frozen=True, slots=True)
class MoneyOutcome:
    result: Result
    refusal: Refusal | None = None
    message: str | None = None  # PayKeeper's own words, or the technical detail
    reason: str | None = None  # FailureKind.reason-like code when the bot could not tell
    no_right: bool = False  # PayKeeper said the API user may not refund
    request: MoneyRequest | None = None
    invoice: InvoiceRecord | None = None
    money: PaymentMoney | None = None  # a refund's payment after it, by the ledger
    first_payment: str | None = None  # the invoice's first card payment
    left: Decimal | None = None  # TOO_MUCH: what is left
    doubtful: tuple[MoneyRequest, ...] = ()  # PENDING: the refunds in doubt


@dataclass(frozen=True, slots=True)
class Proposal:
    refusal: Refusal | None
    key: str = ""
    amount: Decimal = Decimal(0)
    payment: PaymentMoney | None = None


def closed(opened: Opened) -> MoneyOutcome:
    refusal = {
        Gate.PENDING: Refusal.PENDING,
        Gate.NOT_RECORDED: Refusal.NO_PAYMENT_ID,
        Gate.TOO_MUCH: Refusal.NOTHING_LEFT if opened.left <= 0 else Refusal.TOO_MUCH,
    }.get(opened.gate, Refusal.NOT_PAID)
    return MoneyOutcome(Result.REFUSED, refusal, message=f"{opened.left:.2f}", left=opened.left)
