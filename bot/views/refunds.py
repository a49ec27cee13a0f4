"""What a refund or a cash payment tells the person who asked for it."""

from __future__ import annotations

from decimal import Decimal

from bot.formatting import format_amount
from bot.services.ledger import InvoiceMoney
from bot.services.money_outcomes import MoneyOutcome, Proposal, Refusal, Result
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
    RefundStatus.IN_PROGRESS: "rf.status.refunding",
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


def money_text(money: InvoiceMoney, texts: Texts) -> str:
    """The card's lines on money beyond the payment: cash, and what went back."""
    lines = []
    if money.cash:
        lines.append(texts("inv.money.cash", amount=format_amount(money.cash, texts.lang)))
    for payment in money.payments:
        if payment.refunded > 0:
            key = "inv.money.refunding" if payment.in_progress else "inv.money.refunded"
            refunded = format_amount(payment.refunded, texts.lang)
            lines.append(texts(key, payment=payment.payment_id, amount=refunded))
    return "".join("\n" + line for line in lines)


def proposal_text(proposal: Proposal, texts: Texts) -> str:
    if proposal.refusal is Refusal.TOO_MUCH and proposal.payment is not None:
        left = format_amount(proposal.payment.left, texts.lang)
        return texts("rf.refusal.too_much", left=left)
    return texts(_REFUSALS.get(proposal.refusal or Refusal.NOT_ALLOWED, "rf.refusal.not_allowed"))


def outcome_text(
    outcome: MoneyOutcome, invoice: InvoiceRecord, texts: Texts, *, cash: bool
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
    request, money = outcome.request, outcome.money
    shown = format_amount(request.amount if request else Decimal(0), lang)
    if money is None or (request and request.payment_id != _first_payment(invoice, outcome)):
        payment = request.payment_id if request else ""
        return texts("rf.done_again", id=invoice.id, payment=payment, amount=shown)
    if money.in_progress:
        status = RefundStatus.IN_PROGRESS
    else:
        status = RefundStatus.FULL if money.left <= 0 else RefundStatus.PARTIAL
    return texts(
        "rf.done",
        id=invoice.id,
        amount=shown,
        total=format_amount(money.refunded, lang),
        status=texts(_STATUSES[status]),
    )


def _first_payment(invoice: InvoiceRecord, outcome: MoneyOutcome) -> str | None:
    return outcome.first_payment or invoice.payment_id


def _refusal(outcome: MoneyOutcome, texts: Texts) -> str:
    refusal = outcome.refusal
    if refusal is Refusal.TOO_MUCH:
        left = Decimal(outcome.message or "0")
        return texts("rf.refusal.too_much", left=format_amount(left, texts.lang))
    return texts(_REFUSALS[refusal] if refusal else "rf.refusal.not_allowed")
