"""The final-settlement receipt of a prepaid invoice («чек полного расчёта»).

When it is due: the invoice is paid by card (not marked paid in cash), it was issued with a
cart, and lines of that cart were prepaid; PayKeeper's payment shows the money taken and
nothing refunded (PayKeeper is the book of record, read just before). Who may ask: whoever may
press the invoice's card buttons (its manager and admins: InvoiceAccessMiddleware).

The money-first order: the request is recorded (storage/final_receipts.py, one per invoice,
with a fresh receipt key) before PayKeeper is asked, then its outcome. A request that reached
PayKeeper without a clean answer is looked for among the payment's receipts before anything
else; found, it is done; not found, it stays uncertain and nothing offers to send it again:
the manager checks PayKeeper's cabinet. A clean refusal may be asked again (a new key).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import StrEnum

from bot.services.issue_outcomes import Failure, FailureKind, classify
from bot.services.receipts import from_stored
from paykeeper import PayKeeperClient, PayKeeperError
from paykeeper.cart import CartLine, cart_total
from paykeeper.receipts import final_among, final_lines, print_final_receipt, receipts_by_payment
from storage import InvoiceRecord, InvoiceStatus
from storage.carts import CartRepository
from storage.final_receipts import FinalReceipt, FinalReceiptRepository, ReceiptState
from storage.invoices import utcnow

log = logging.getLogger(__name__)
# A request still `sent` this long after it was written is no longer in flight (PayKeeper's
# timeout is seconds): the bot stopped before its answer, and the payment's receipts tell.
IN_FLIGHT = timedelta(minutes=10)
_KEY_BYTES = 16


class Result(StrEnum):
    DONE = "done"  # made now, or found made
    NOT_DUE = "not_due"  # nothing to settle: not prepaid, paid in cash, refunded, not paid
    IN_FLIGHT = "in_flight"  # another press is waiting for PayKeeper's answer
    REFUSED = "refused"  # nothing was made (PayKeeper said no, or was not reached)
    UNCERTAIN = "uncertain"  # may have been made, not found among the payment's receipts


@dataclass(frozen=True, slots=True)
class FinalOutcome:
    result: Result
    failure: Failure | None = None  # why, for refused and uncertain
    receipt: FinalReceipt | None = None


class FinalReceipts:
    def __init__(
        self,
        receipts: FinalReceiptRepository,
        carts: CartRepository,
        paykeeper: PayKeeperClient,
    ) -> None:
        self.receipts = receipts
        self.carts = carts
        self.paykeeper = paykeeper

    async def offers(self, invoice: InvoiceRecord) -> bool:
        """Whether the card shows the button: due, and not made yet."""
        if invoice.status is not InvoiceStatus.PAID or invoice.payment_id is None:
            return False
        earlier = await self.receipts.of_invoice(invoice.id)
        if earlier is not None and earlier.state is ReceiptState.DONE:
            return False
        return bool(await self.prepaid_lines(invoice))

    async def prepaid_lines(self, invoice: InvoiceRecord) -> list[CartLine]:
        """The lines the final receipt settles; none when it is not due (as far as the bot's
        own records tell: PayKeeper's payment is read when it is asked for)."""
        if invoice.status is not InvoiceStatus.PAID or invoice.payment_id is None:
            return []
        if not (invoice.client_email or invoice.client_phone):
            return []  # nobody to send a receipt to (no cart went either)
        lines = [from_stored(line) for line in await self.carts.lines(invoice.id)]
        prepaid = [line for line in lines if line.payment_type.is_prepayment]
        if not prepaid or await self.receipts.paid_in_cash(invoice.id):
            return []
        return prepaid

    async def make(self, invoice: InvoiceRecord, *, actor_id: int) -> FinalOutcome:
        prepaid = await self.prepaid_lines(invoice)
        if not prepaid or invoice.payment_id is None:
            return FinalOutcome(Result.NOT_DUE)
        earlier = await self.receipts.of_invoice(invoice.id)
        if earlier is not None and earlier.state is not ReceiptState.REFUSED:
            return await self._earlier(earlier)
        refusal = await self._payment_refusal(invoice.payment_id)
        if refusal is not None:
            return refusal
        lines = final_lines(prepaid)
        receipt, fresh = await self.receipts.start(
            invoice_id=invoice.id,
            payment_id=invoice.payment_id,
            amount=cart_total(lines),
            key=secrets.token_hex(_KEY_BYTES),
            actor_id=actor_id,
        )
        if not fresh:  # another press got there between the two reads
            return await self._earlier(receipt)
        try:
            receipt_id = await print_final_receipt(
                self.paykeeper,
                receipt.payment_id,
                lines,
                contact=invoice.client_email or invoice.client_phone or "",
                receipt_key=receipt.receipt_key,
            )
        except PayKeeperError as error:
            failure = classify(error)
            if failure.kind is FailureKind.UNCERTAIN:
                log.warning("invoice %s: final receipt, no clean answer", invoice.id)
                uncertain = await self.receipts.finish(
                    receipt, ReceiptState.UNCERTAIN, message=failure.message
                )
                return await self._settle(uncertain, failure)
            await self.receipts.finish(receipt, ReceiptState.REFUSED, message=failure.message)
            return FinalOutcome(Result.REFUSED, failure, receipt)
        done = await self.receipts.finish(receipt, ReceiptState.DONE, receipt_id=receipt_id)
        return FinalOutcome(Result.DONE, receipt=done)

    async def _earlier(self, receipt: FinalReceipt) -> FinalOutcome:
        """A request made before: done, still in flight, or to be looked for."""
        if receipt.state is ReceiptState.DONE:
            return FinalOutcome(Result.DONE, receipt=receipt)
        if receipt.state is ReceiptState.SENT and utcnow() - receipt.updated_at < IN_FLIGHT:
            return FinalOutcome(Result.IN_FLIGHT, receipt=receipt)
        if receipt.state is ReceiptState.REFUSED:
            return FinalOutcome(Result.REFUSED, receipt=receipt)
        return await self._settle(receipt, None)

    async def _settle(self, receipt: FinalReceipt, failure: Failure | None) -> FinalOutcome:
        """Look for the receipt among the payment's; not found, it stays uncertain."""
        try:
            found = final_among(
                await receipts_by_payment(self.paykeeper, receipt.payment_id),
                receipt.receipt_key,
            )
        except PayKeeperError as error:
            log.warning("payment %s: receipts unread: %s", receipt.payment_id, error.message)
            found = None
        if found is not None:
            done = await self.receipts.finish(receipt, ReceiptState.DONE, receipt_id=found.id)
            return FinalOutcome(Result.DONE, receipt=done)
        if receipt.state is ReceiptState.SENT:  # the bot stopped before PayKeeper's answer
            receipt = await self.receipts.finish(
                receipt, ReceiptState.UNCERTAIN, message="no answer before the bot stopped"
            )
        detail = failure or Failure(FailureKind.UNCERTAIN, receipt.message or "", None)
        return FinalOutcome(Result.UNCERTAIN, detail, receipt)

    async def _payment_refusal(self, payment_id: str) -> FinalOutcome | None:
        """None when PayKeeper's payment shows the money taken and nothing refunded."""
        try:
            payment = await self.paykeeper.get_payment(payment_id)
        except PayKeeperError as error:
            failure = classify(error)
            if failure.kind is FailureKind.UNCERTAIN:  # a read: nothing was asked to change
                failure = replace(failure, kind=FailureKind.UNREACHABLE)
            return FinalOutcome(Result.REFUSED, failure)
        if payment is None or not payment.money_taken or payment.refund_amount:
            return FinalOutcome(Result.NOT_DUE)
        return None
