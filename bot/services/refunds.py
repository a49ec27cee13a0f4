"""Refunds and cash payments (issue 13): who may, how much is left, and the money-first order.

Every request is written (storage/money.py) before PayKeeper hears of it, keyed by the press
that asked for it: the same press again finds the request and never makes a second one. A
request that reached PayKeeper and got no clean answer may have happened: it is recorded as
uncertain and nothing offers to send it again; PayKeeper's own words are kept and shown.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from http import HTTPStatus

from bot.services.access import Role
from bot.services.issuing import FailureKind, classify
from bot.services.receipts import from_stored
from bot.services.tracking import StatusTracker
from paykeeper import PayKeeperClient, PayKeeperError, PayKeeperUnavailable
from paykeeper.after_payment import accept_cash, refund_payment
from paykeeper.cart import CartLine
from storage import InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.carts import CartRepository
from storage.money import MoneyKind, MoneyRepository, MoneyRequest, Refunded, RequestState

log = logging.getLogger(__name__)
# A request still `sent` this long after it was written is no longer in flight (PayKeeper's
# timeout is seconds): the bot stopped before its answer, and PayKeeper is asked what happened.
IN_FLIGHT = timedelta(minutes=10)
_NO_RIGHT_WORDS = ("прав", "запрещ", "not allowed", "permission", "forbidden")


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
    refunded: Refunded | None = None
    request: MoneyRequest | None = None
    invoice: InvoiceRecord | None = None


class AfterPayment:
    def __init__(
        self,
        invoices: InvoiceRepository,
        money: MoneyRepository,
        carts: CartRepository,
        paykeeper: PayKeeperClient,
        tracker: StatusTracker,
        *,
        manager_refunds: bool,
    ) -> None:
        self.invoices = invoices
        self.money = money
        self.carts = carts
        self.paykeeper = paykeeper
        self.tracker = tracker
        self.manager_refunds = manager_refunds
        # None until a cash request says otherwise; False hides the button from then on.
        self.cash_supported: bool | None = None

    # -- who may, and what -----------------------------------------------------------------

    def may_refund(self, role: Role) -> bool:
        return role is Role.ADMIN or (role is Role.MANAGER and self.manager_refunds)

    def may_take_cash(self, role: Role) -> bool:
        return role is Role.ADMIN

    def offers_refund(self, invoice: InvoiceRecord, role: Role) -> bool:
        return invoice.status is InvoiceStatus.PAID and self.may_refund(role)

    def offers_cash(self, invoice: InvoiceRecord, role: Role) -> bool:
        return (
            invoice.status.is_open
            and self.may_take_cash(role)
            and self.cash_supported is not False
        )

    async def left(self, invoice: InvoiceRecord) -> Decimal:
        """What can still be refunded of the invoice's (first) payment."""
        refunded = await self.money.refunded(invoice.id)
        return invoice.amount - (refunded.amount if refunded else Decimal(0))

    async def refunded(self, invoice: InvoiceRecord) -> Refunded | None:
        return await self.money.refunded(invoice.id)

    # -- refunds ---------------------------------------------------------------------------

    async def refund(
        self,
        invoice: InvoiceRecord,
        amount: Decimal,
        *,
        key: str,
        actor_id: int,
        role: Role,
        payment_id: str | None = None,
    ) -> MoneyOutcome:
        """Refund ``amount`` of the invoice's payment (or of ``payment_id``, a second payment
        for it, refunded whole)."""
        if not self.may_refund(role):
            return MoneyOutcome(Result.REFUSED, Refusal.NOT_ALLOWED)
        if (earlier := await self.money.by_key(key)) is not None:
            return MoneyOutcome(Result.ALREADY, request=earlier)
        if invoice.status is not InvoiceStatus.PAID:
            return MoneyOutcome(Result.REFUSED, Refusal.NOT_PAID)
        if not await self._settled(invoice):
            return MoneyOutcome(Result.REFUSED, Refusal.PENDING)
        extra = payment_id is not None and payment_id != invoice.payment_id
        left = invoice.amount if extra else await self.left(invoice)
        if left <= 0:
            return MoneyOutcome(Result.REFUSED, Refusal.NOTHING_LEFT)
        if amount > left:
            return MoneyOutcome(Result.REFUSED, Refusal.TOO_MUCH, message=f"{left:.2f}")
        target = payment_id or invoice.payment_id or await self._payment_id(invoice)
        if target is None:
            return MoneyOutcome(Result.REFUSED, Refusal.NO_PAYMENT_ID)
        whole = amount == invoice.amount and left == invoice.amount
        request, fresh = await self.money.start(
            invoice_id=invoice.id,
            kind=MoneyKind.REFUND,
            request_key=key,
            payment_id=target,
            amount=amount,
            partial=not whole,
            actor_id=actor_id,
        )
        if not fresh:
            return MoneyOutcome(Result.ALREADY, request=request)
        cart = await self._refund_cart(invoice, amount, whole=whole)
        try:
            await refund_payment(self.paykeeper, target, None if whole else amount, cart)
        except PayKeeperError as error:
            return await self._failed(request, error)
        total = None if extra else invoice.amount
        refunded = await self.money.finish(request, RequestState.DONE, invoice_amount=total)
        log.info("invoice %s: refunded %s of payment %s", invoice.id, amount, target)
        return MoneyOutcome(Result.DONE, refunded=refunded, request=request)

    async def _settled(self, invoice: InvoiceRecord) -> bool:
        """Whether no refund of the invoice is in doubt. A request whose answer was lost is
        settled by what PayKeeper's payment says it refunded: more than recorded by its
        amount, it happened; nothing more, it did not. Otherwise it stays in doubt, and no
        new refund is sent that could pay the money back twice."""
        doubtful = [
            request
            for request in await self.money.pending(invoice.id)
            if request.kind is MoneyKind.REFUND and request.payment_id
        ]
        now = datetime.now(UTC)
        for request in doubtful:
            if request.state is RequestState.SENT and now - request.updated_at < IN_FLIGHT:
                return False  # another press is waiting for PayKeeper right now
            try:
                payment = await self.paykeeper.get_payment(request.payment_id or "")
            except PayKeeperError:
                return False
            if payment is None:
                return False
            recorded = await self.money.refunded(invoice.id)
            before = recorded.amount if recorded else Decimal(0)
            remote = payment.refund_amount or Decimal(0)
            extra = request.payment_id != invoice.payment_id
            # What PayKeeper's payment shows against what the log says was refunded before.
            expected_before = Decimal(0) if extra else before
            if remote >= expected_before + request.amount:
                total = None if extra else invoice.amount
                await self.money.finish(request, RequestState.DONE, invoice_amount=total)
            elif remote == expected_before:
                await self.money.finish(
                    request, RequestState.REFUSED, message="PayKeeper shows no such refund"
                )
            else:
                return False
        return True

    async def _payment_id(self, invoice: InvoiceRecord) -> str | None:
        """The payment id from PayKeeper when the log lacks it (paid seen without one)."""
        if invoice.paykeeper_id is None:
            return None
        try:
            remote = await self.paykeeper.get_invoice(invoice.paykeeper_id)
        except PayKeeperError:
            return None
        if remote.paymentid:
            await self.invoices.update(
                invoice.id, payment_id=remote.paymentid, only_from=(InvoiceStatus.PAID,)
            )
        return remote.paymentid

    async def _refund_cart(
        self, invoice: InvoiceRecord, amount: Decimal, *, whole: bool
    ) -> list[CartLine] | None:
        """The invoice's cart for a whole refund; for a part, one line like its first (the
        largest share's VAT and type) carrying the amount. None: it was issued without one."""
        stored = [from_stored(line) for line in await self.carts.lines(invoice.id)]
        if not stored:
            return None
        if whole:
            return stored
        largest = max(stored, key=lambda line: line.total)
        return [
            CartLine.of(
                largest.name,
                amount,
                tax=largest.tax,
                item_type=largest.item_type,
                payment_type=largest.payment_type,
            )
        ]

    # -- cash ------------------------------------------------------------------------------

    async def take_cash(
        self, invoice: InvoiceRecord, *, key: str, actor_id: int, role: Role
    ) -> MoneyOutcome:
        if not self.may_take_cash(role):
            return MoneyOutcome(Result.REFUSED, Refusal.NOT_ALLOWED)
        if (earlier := await self.money.by_key(key)) is not None:
            return MoneyOutcome(Result.ALREADY, request=earlier)
        if self.cash_supported is False:
            return MoneyOutcome(Result.REFUSED, Refusal.NO_CASH)
        if not invoice.status.is_open or invoice.paykeeper_id is None:
            return MoneyOutcome(Result.REFUSED, Refusal.NOT_OPEN)
        request, fresh = await self.money.start(
            invoice_id=invoice.id,
            kind=MoneyKind.CASH,
            request_key=key,
            payment_id=None,
            amount=invoice.amount,
            partial=False,
            actor_id=actor_id,
        )
        if not fresh:
            return MoneyOutcome(Result.ALREADY, request=request)
        try:
            await accept_cash(self.paykeeper, invoice.paykeeper_id)
        except PayKeeperError as error:
            # The server has no such call (a 404 to the call itself): nothing happened.
            if isinstance(error, PayKeeperUnavailable) and error.status == HTTPStatus.NOT_FOUND:
                self.cash_supported = False
                await self.money.finish(request, RequestState.REFUSED, message=error.message)
                return MoneyOutcome(Result.REFUSED, Refusal.NO_CASH, request=request)
            return await self._failed(request, error)
        self.cash_supported = True
        await self.money.finish(request, RequestState.DONE)
        updated = invoice
        try:
            updated = await self.tracker.refresh(invoice, actor_id=actor_id)
        except PayKeeperError:
            log.warning(
                "invoice %s: paid in cash, the status is left to reconciliation", invoice.id
            )
        return MoneyOutcome(Result.DONE, request=request, invoice=updated)

    # -- both ------------------------------------------------------------------------------

    async def _failed(self, request: MoneyRequest, error: PayKeeperError) -> MoneyOutcome:
        failure = classify(error)
        if failure.kind is FailureKind.UNCERTAIN:
            await self.money.finish(request, RequestState.UNCERTAIN, message=failure.message)
            log.warning("%s %s: no clean answer: %s", request.kind, request.id, failure.message)
            return MoneyOutcome(
                Result.UNCERTAIN, message=failure.message, reason=failure.reason, request=request
            )
        await self.money.finish(request, RequestState.REFUSED, message=failure.message)
        no_right = failure.kind is FailureKind.REJECTED and any(
            word in failure.message.casefold() for word in _NO_RIGHT_WORDS
        )
        return MoneyOutcome(
            Result.REFUSED,
            message=failure.message,
            reason=failure.reason,
            no_right=no_right,
            request=request,
        )
