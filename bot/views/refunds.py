"""What a refund or a cash payment tells the person who asked for it (issue 13)."""

from __future__ import annotations

from decimal import Decimal

from bot.formatting import format_amount
from bot.services.refunds import MoneyOutcome, Refusal, Result
from bot.texts import Texts
from storage import InvoiceRecord
from storage.money import RefundStatus, RequestState

_STATES = {
    RequestState.SENT: "rf.state.sent",
    RequestState.DONE: "rf.state.done",
    RequestState.REFUSED: "rf.state.refused",
    RequestState.UNCERTAIN: "rf.state.uncertain",
}
_STATUSES = {
    RefundStatus.FULL: "rf.status.refunded",
    RefundStatus.PARTIAL: "rf.status.partially_refunded",
}
_REFUSALS = {
    Refusal.NOT_ALLOWED: "rf.refusal.not_allowed",
    Refusal.NOT_PAID: "rf.refusal.not_paid",
    Refusal.NOTHING_LEFT: "rf.refusal.nothing_left",
    Refusal.NO_PAYMENT_ID: "rf.refusal.no_payment_id",
    Refusal.NOT_OPEN: "rf.refusal.not_open",
    Refusal.NO_CASH: "rf.refusal.no_cash",
    Refusal.PENDING: "rf.refusal.pending",
}


def refusal_text(invoice: InvoiceRecord, left: Decimal, texts: Texts) -> str:
    if invoice.status.value != "paid":
        return texts("rf.refusal.not_paid")
    if left <= 0:
        return texts("rf.refusal.nothing_left")
    return texts("rf.refusal.too_much", left=format_amount(left, texts.lang))


def outcome_text(
    outcome: MoneyOutcome,
    invoice: InvoiceRecord,
    texts: Texts,
    *,
    cash: bool,
    amount: Decimal | None = None,
    payment: str = "",
) -> str:
    lang = texts.lang
    if outcome.result is Result.ALREADY:
        request = outcome.request
        state = request.state if request else RequestState.SENT
        return texts(
            "rf.already", request=request.id if request else "?", state=texts(_STATES[state])
        )
    if outcome.result is Result.UNCERTAIN:
        key = "rf.cash_uncertain" if cash else "rf.uncertain"
        return texts(key, message=outcome.message or "")
    if outcome.result is Result.REFUSED:
        if outcome.refusal is not None:
            return _refusal(outcome, texts)
        key = "rf.cash_refused" if cash else "rf.pk_refused"
        text = texts(key, message=outcome.message or "")
        if outcome.no_right:
            text += "\n" + texts("rf.no_right")
        return text
    if cash:
        return texts("rf.cash_done", id=invoice.id)
    shown = format_amount(amount or Decimal(0), lang)
    if payment and payment != invoice.payment_id:
        return texts("rf.done_again", id=invoice.id, payment=payment, amount=shown)
    refunded = outcome.refunded
    status = refunded.status if refunded else RefundStatus.PARTIAL
    total = refunded.amount if refunded else amount or Decimal(0)
    return texts(
        "rf.done",
        id=invoice.id,
        amount=shown,
        total=format_amount(total, lang),
        status=texts(_STATUSES[status]),
    )


def _refusal(outcome: MoneyOutcome, texts: Texts) -> str:
    refusal = outcome.refusal
    if refusal is Refusal.TOO_MUCH:
        left = Decimal(outcome.message or "0")
        return texts("rf.refusal.too_much", left=format_amount(left, texts.lang))
    return texts(_REFUSALS[refusal] if refusal else "rf.refusal.not_allowed")
