"""The money of each invoice, as the ledger holds it and kept in step with PayKeeper.

Payments are booked as the bot learns of them (a notification, reconciliation, a refresh, a
cash payment); refunds from PayKeeper's refund records, read after every refund, before every
refund, from the card's refresh button, and for the paid invoices of the last ``LEDGER_DAYS``
on a schedule (the payments of a whole period come in a few requests). A refund the bot did
not make (the cabinet's) is told to the invoice's manager once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from bot.services.background import wait_or_stop
from paykeeper import PayKeeperClient, PayKeeperError
from paykeeper.moscow import MSK
from paykeeper.records import payments_between, refunds_of
from storage import InvoiceRecord, InvoiceRepository
from storage.ledger import LedgerRepository, Movement, MovementKind, NewMovement, Source
from storage.money import Refunded, RefundStatus
from storage.refund_book import Booked, RefundBook, RefundRecord

log = logging.getLogger(__name__)
_REFUND_STATUSES = frozenset({"refunding", "refunded", "partially_refunded"})


@dataclass(frozen=True, slots=True)
class PaymentMoney:
    payment_id: str
    paid: Decimal
    refunded: Decimal
    in_progress: bool  # some of the refund is still under way at PayKeeper

    @property
    def left(self) -> Decimal:
        return self.paid - self.refunded


@dataclass(frozen=True, slots=True)
class InvoiceMoney:
    """What the ledger says of one invoice."""

    payments: list[PaymentMoney] = field(default_factory=list)  # by card, first first
    cash: Decimal = Decimal(0)

    @property
    def first(self) -> PaymentMoney | None:
        return self.payments[0] if self.payments else None

    def payment(self, payment_id: str) -> PaymentMoney | None:
        return next((p for p in self.payments if p.payment_id == payment_id), None)

    @property
    def refunded(self) -> Refunded | None:
        first = self.first
        if first is None or first.refunded <= 0:
            return None
        if first.in_progress:
            status = RefundStatus.IN_PROGRESS
        else:
            status = RefundStatus.FULL if first.left <= 0 else RefundStatus.PARTIAL
        return Refunded(first.refunded, status)


def money_of(movements: list[Movement]) -> InvoiceMoney:
    payments = [m for m in movements if m.kind is MovementKind.PAYMENT]
    refunds = [m for m in movements if m.kind is MovementKind.REFUND]
    cash = sum((m.amount for m in movements if m.kind is MovementKind.CASH), Decimal(0))
    return InvoiceMoney(
        [
            PaymentMoney(
                p.paykeeper_id,
                p.amount,
                sum((r.amount for r in refunds if r.payment_id == p.paykeeper_id), Decimal(0)),
                any(r.in_progress for r in refunds if r.payment_id == p.paykeeper_id),
            )
            for p in payments
        ],
        cash,
    )


CabinetListener = Callable[[InvoiceRecord, Movement], Awaitable[None]]


class Ledger:
    def __init__(
        self,
        ledger: LedgerRepository,
        book: RefundBook,
        invoices: InvoiceRepository,
        paykeeper: PayKeeperClient,
        *,
        days: int,
    ) -> None:
        self.ledger = ledger
        self.book = book
        self.invoices = invoices
        self.paykeeper = paykeeper
        self.days = days
        self.on_cabinet_refund: list[CabinetListener] = []

    async def money(self, invoice: InvoiceRecord) -> InvoiceMoney:
        return money_of(await self.ledger.for_invoice(invoice.id))

    async def payment_key(self, invoice: InvoiceRecord, payment_id: str) -> str | None:
        """What a button offering to refund this card payment carries: its ledger row, kept
        server-side, never PayKeeper's id."""
        found = [
            m
            for m in await self.ledger.for_invoice(invoice.id)
            if m.kind is MovementKind.PAYMENT and m.paykeeper_id == payment_id
        ]
        return str(found[0].id) if found else None

    async def payment_of_key(self, invoice: InvoiceRecord, key: str) -> str | None:
        """The card payment of this invoice a button's key stands for; None if none."""
        if not key.isdigit():
            return None
        row = await self.ledger.payment_row(invoice.id, int(key))
        return row.paykeeper_id if row is not None else None

    async def record_payment(
        self,
        invoice: InvoiceRecord,
        payment_id: str,
        moved_at: datetime,
        source: Source,
        *,
        kind: MovementKind = MovementKind.PAYMENT,
        amount: Decimal | None = None,
    ) -> bool:
        return await self.ledger.record(
            NewMovement(invoice.id, kind, amount or invoice.amount, payment_id, moved_at, source)
        )

    async def sync_payment(self, invoice: InvoiceRecord, payment_id: str) -> Booked:
        """Read the payment's refunds from PayKeeper and book them (PayKeeperError passes)."""
        found = await refunds_of(self.paykeeper, payment_id)
        records = [RefundRecord(r.id, r.amount, r.made, r.in_progress, r.moved_at) for r in found]
        booked = await self.book.book(invoice.id, payment_id, records)
        for movement in booked.learned:
            log.info(
                "invoice %s: refund %s made in the cabinet", invoice.id, movement.paykeeper_id
            )
            for listener in self.on_cabinet_refund:
                try:
                    await listener(invoice, movement)
                except Exception:
                    log.exception("cabinet refund listener failed for invoice %s", invoice.id)
        return booked

    async def sync_recent(self) -> int:
        """The payments of the last ``days`` from PayKeeper's registry; those with refunds,
        and those the ledger holds refunds under way for, have their refunds read. Returns
        how many payments were read again."""
        today = datetime.now(MSK).date()
        payments = await payments_between(self.paykeeper, today - timedelta(days=self.days), today)
        read = 0
        for payment in payments:
            invoice = await self.invoices.get_by_order(payment.orderid or "")
            if invoice is None:
                continue  # not one of the bot's invoices
            movements = await self.ledger.for_invoice(invoice.id)
            mine = {m.paykeeper_id for m in movements if m.kind is not MovementKind.REFUND}
            if payment.id not in mine:
                continue  # not booked yet: the notification or reconciliation will
            under_way = any(m.in_progress and m.payment_id == payment.id for m in movements)
            refunded = payment.status in _REFUND_STATUSES or (payment.refund_amount or 0) > 0
            if refunded or under_way:
                try:
                    await self.sync_payment(invoice, payment.id)
                except PayKeeperError as error:
                    log.warning("payment %s: refunds not read: %s", payment.id, error)
                    continue
                read += 1
        return read

    async def run(self, stopping: asyncio.Event, interval: float) -> None:
        """The background job: a pass now, then one every ``interval`` seconds."""
        while not stopping.is_set():
            try:
                await self.sync_recent()
            except PayKeeperError as error:
                log.warning("ledger pass: PayKeeper did not answer: %s", error)
            except Exception:
                log.exception("ledger pass failed")
            if await wait_or_stop(stopping, interval):
                return
