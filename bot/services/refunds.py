"""Refunds and cash payments: who may, how much is left, and the money-first order.

A refund is proposed (what, of which payment, how much: kept server-side under a key) and then
confirmed by that key. Every request is written before PayKeeper hears of it, in the same
transaction as the check that lets it go (storage/refund_book.py): the same press again finds
the request, and two presses at once send one refund. A request that reached PayKeeper and got
no clean answer may have happened: it is settled from PayKeeper's refund records, or stays in
doubt until an admin says, from the cabinet, what happened; nothing offers to send it again.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http import HTTPStatus

from bot.services.access import Role
from bot.services.issue_outcomes import FailureKind, classify
from bot.services.ledger import InvoiceMoney, Ledger
from bot.services.money_outcomes import (
    MoneyOutcome,
    Proposal,
    Refusal,
    Result,
    closed,
)
from bot.services.refund_cart import refund_cart
from bot.services.tracking import StatusTracker
from paykeeper import PayKeeperClient, PayKeeperError, PayKeeperUnavailable
from paykeeper.after_payment import accept_cash, refund_payment, refunds_forbidden
from storage import InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.carts import CartRepository
from storage.ledger import MovementKind, Source
from storage.money import MoneyKind, MoneyRepository, MoneyRequest, RequestState
from storage.refund_book import Gate

log = logging.getLogger(__name__)
# A request still `sent` this long after it was written is no longer in flight (PayKeeper's
# timeout is seconds): the bot stopped before its answer, and PayKeeper is asked what happened.
IN_FLIGHT = timedelta(minutes=10)


class AfterPayment:
    def __init__(
        self,
        invoices: InvoiceRepository,
        money: MoneyRepository,
        carts: CartRepository,
        paykeeper: PayKeeperClient,
        tracker: StatusTracker,
        ledger: Ledger,
        *,
        manager_refunds: bool,
    ) -> None:
        self.invoices = invoices
        self.money = money
        self.carts = carts
        self.paykeeper = paykeeper
        self.tracker = tracker
        self.ledger = ledger
        self.book = ledger.book
        self.manager_refunds = manager_refunds
        # None until a cash request says otherwise; False hides the button from then on.
        self.cash_supported: bool | None = None

    # -- who may, and what -----------------------------------------------------------------

    def may_refund(self, role: Role) -> bool:
        return role is Role.ADMIN or (role is Role.MANAGER and self.manager_refunds)

    def may_take_cash(self, role: Role) -> bool:
        return role is Role.ADMIN

    def offers_refund(self, invoice: InvoiceRecord, role: Role, money: InvoiceMoney) -> bool:
        """Only money taken by card goes back through PayKeeper: cash goes back by hand."""
        return (
            invoice.status is InvoiceStatus.PAID
            and self.may_refund(role)
            and money.first is not None
            and money.first.left > 0
            and not money.cash
        )

    def offers_cash(self, invoice: InvoiceRecord, role: Role) -> bool:
        return (
            invoice.status.is_open
            and self.may_take_cash(role)
            and self.cash_supported is not False
        )

    # -- refunds ---------------------------------------------------------------------------

    async def refresh(self, invoice: InvoiceRecord) -> InvoiceMoney:
        """The invoice's money after PayKeeper's records were read again (where it answers),
        with refunds whose answer was lost settled where the records say."""
        for payment in (await self.ledger.money(invoice)).payments:
            await self._settle(invoice, payment.payment_id)
        return await self.ledger.money(invoice)

    async def propose(
        self,
        invoice: InvoiceRecord,
        *,
        actor_id: int,
        role: Role,
        amount: Decimal | None = None,
        payment_id: str | None = None,
    ) -> Proposal:
        """What a confirmation will refund (``amount`` None: all that is left), kept under
        a key; or why nothing can be. The payment is the first one unless given."""
        if not self.may_refund(role):
            return Proposal(Refusal.NOT_ALLOWED)
        if invoice.status is not InvoiceStatus.PAID:
            return Proposal(Refusal.NOT_PAID)
        money = await self.ledger.money(invoice)
        payment = money.payment(payment_id) if payment_id else money.first
        if payment is None:
            return Proposal(Refusal.NO_PAYMENT_ID)
        if payment.left <= 0:
            return Proposal(Refusal.NOTHING_LEFT, payment=payment)
        wanted = payment.left if amount is None else amount
        if not Decimal(0) < wanted <= payment.left:
            return Proposal(Refusal.TOO_MUCH, payment=payment)
        key = await self.book.propose(invoice.id, payment.payment_id, wanted, actor_id)
        return Proposal(None, key, wanted, payment)

    async def refund(
        self, invoice: InvoiceRecord, key: str, *, actor_id: int, role: Role
    ) -> MoneyOutcome:
        """Refund what the confirmation under ``key`` says, checked again as it goes."""
        if not self.may_refund(role):
            return MoneyOutcome(Result.REFUSED, Refusal.NOT_ALLOWED)
        confirmation = await self.book.confirmation(key)
        if confirmation is None or confirmation.invoice_id != invoice.id:
            return MoneyOutcome(Result.REFUSED, Refusal.NO_PAYMENT_ID)
        if (earlier := await self.money.by_key(key)) is not None:
            return MoneyOutcome(Result.ALREADY, request=earlier)
        if invoice.status is not InvoiceStatus.PAID:
            return MoneyOutcome(Result.REFUSED, Refusal.NOT_PAID)
        target = confirmation.payment_id
        await self._settle(invoice, target)
        opened = await self.book.open(confirmation, actor_id)
        if opened.gate is Gate.ALREADY:
            return MoneyOutcome(Result.ALREADY, request=opened.request)
        if opened.gate is Gate.PENDING:
            return replace(closed(opened), doubtful=tuple(await self.doubtful(invoice)))
        if opened.gate is not Gate.FRESH or opened.request is None:
            return closed(opened)
        request = opened.request
        # All of an untouched payment: PayKeeper's full refund, with the invoice's whole cart.
        whole = confirmation.amount == opened.left == invoice.amount
        cart = await refund_cart(self.carts, invoice, confirmation.amount, whole=whole)
        try:
            await refund_payment(self.paykeeper, target, None if whole else request.amount, cart)
        except PayKeeperError as error:
            return await self._failed(request, error)
        # What is booked is what PayKeeper's records show, not what was asked.
        try:
            booked = await self.ledger.sync_payment(invoice, target)
            settled = any(done.id == request.id for done in booked.settled)
        except PayKeeperError:
            settled = False
        if not settled:
            await self.book.book_assumed(request, datetime.now(UTC))
        money = await self.ledger.money(invoice)
        log.info("invoice %s: refunded %s of payment %s", invoice.id, request.amount, target)
        first = money.first.payment_id if money.first else None
        return MoneyOutcome(
            Result.DONE, request=request, money=money.payment(target), first_payment=first
        )

    async def resolve(
        self, invoice: InvoiceRecord, request_id: int, *, made: bool, actor_id: int, role: Role
    ) -> bool:
        """An admin's word from the cabinet on a refund in doubt (logged with who said it)."""
        if role is not Role.ADMIN:
            return False
        doubtful = [r for r in await self.money.pending(invoice.id) if r.id == request_id]
        if not doubtful:
            return False
        return await self.book.resolve(
            doubtful[0], made=made, actor_id=actor_id, moved_at=datetime.now(UTC)
        )

    async def doubtful(self, invoice: InvoiceRecord) -> list[MoneyRequest]:
        return [r for r in await self.money.pending(invoice.id) if r.kind is MoneyKind.REFUND]

    async def _settle(self, invoice: InvoiceRecord, payment_id: str) -> None:
        """Read the payment's refunds again; a request whose answer was lost is made when
        the records show it (in progress counts), not made when neither the records nor the
        payment show any refund beyond the booked ones, and otherwise stays in doubt."""
        try:
            await self.ledger.sync_payment(invoice, payment_id)
        except PayKeeperError as error:
            log.warning("payment %s: refunds not read: %s", payment_id, error)
            return
        now = datetime.now(UTC)
        for request in await self.money.pending(invoice.id):
            if request.kind is not MoneyKind.REFUND or request.payment_id != payment_id:
                continue
            if request.state is RequestState.SENT and now - request.updated_at < IN_FLIGHT:
                continue  # another press is waiting for PayKeeper right now
            try:
                payment = await self.paykeeper.get_payment(payment_id)
            except PayKeeperError:
                continue
            booked = (await self.ledger.money(invoice)).payment(payment_id)
            refunded = booked.refunded if booked else Decimal(0)
            if (
                payment is not None
                and payment.status not in ("refunding",)
                and (payment.refund_amount or Decimal(0)) <= refunded
            ):
                await self.money.finish(
                    request, RequestState.REFUSED, message="PayKeeper shows no such refund"
                )

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
        remote = None
        try:
            remote = await self.paykeeper.get_invoice(invoice.paykeeper_id)
        except PayKeeperError:
            log.warning(
                "invoice %s: paid in cash, the status is left to reconciliation", invoice.id
            )
        # Cash is its own kind: PayKeeper's record of it (if it makes one) is not a card payment.
        cash_id = (remote.paymentid if remote else None) or f"cash-{key}"
        await self.ledger.record_payment(
            invoice, cash_id, datetime.now(UTC), Source.BOT, kind=MovementKind.CASH
        )
        updated = invoice
        if remote is not None:
            updated = await self.tracker.apply(invoice, remote, actor_id=actor_id)
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
        no_right = (
            failure.kind is FailureKind.REJECTED
            and request.kind is MoneyKind.REFUND
            and await refunds_forbidden(self.paykeeper)
        )
        return MoneyOutcome(
            Result.REFUSED,
            message=failure.message,
            reason=failure.reason,
            no_right=no_right,
            request=request,
        )
