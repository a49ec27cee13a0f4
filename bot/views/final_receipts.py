"""What the bot says about a final-settlement receipt it was asked for."""

from __future__ import annotations

from bot.services.final_receipts import FinalOutcome, Result
from bot.texts import Texts
from bot.views.outcomes import failure_reason
from storage import InvoiceRecord

_KEYS = {
    Result.DONE: "rcpt.final_done",
    Result.NOT_DUE: "rcpt.final_not_due",
    Result.IN_FLIGHT: "rcpt.final_in_flight",
    Result.REFUSED: "rcpt.final_refused",
    Result.UNCERTAIN: "rcpt.final_uncertain",
}


def final_receipt_text(outcome: FinalOutcome, invoice: InvoiceRecord, texts: Texts) -> str:
    receipt, failure = outcome.receipt, outcome.failure
    return texts(
        _KEYS[outcome.result],
        id=invoice.id,
        receipt=receipt.receipt_id if receipt and receipt.receipt_id else "—",
        payment=invoice.payment_id or "—",
        message=failure_reason(failure, texts) if failure else "—",
    )
