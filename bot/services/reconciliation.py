"""Reconciliation: what PayKeeper knows that no notification told us.

Every pass (at startup, then every RECONCILE_INTERVAL seconds):
1. invoices left ``requested`` — the bot stopped, or PayKeeper's answer was lost, between
   logging the row and hearing back — are looked up by order id: found → ``created`` with its
   id and link; not found → ``failed``. Nothing is ever issued again from here.
2. open invoices are asked about one by one, the last day to pay soonest first, then the
   newest, and whatever changed (paid, expired, cancelled in the cabinet) goes through the
   StatusTracker, so a payment the notification also reports is recorded and announced once.

PayKeeper is never asked faster than ``rate`` requests a second (RECONCILE_RATE), and a pass
makes at most as many requests as that rate allows in half the interval, so it ends in bounded
time however many invoices are open. A pass that could not ask about every open invoice leaves
the rest to the next: a round goes on until each was asked once, then starts again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.services.background import wait_or_stop
from bot.services.rate import Pause, RateLimiter
from bot.services.tracking import StatusTracker
from paykeeper import (
    Invoice,
    PayKeeperClient,
    PayKeeperError,
    PayKeeperRejected,
)
from paykeeper.moscow import MSK
from storage import InvoiceRecord, InvoiceRepository, InvoiceStatus

log = logging.getLogger(__name__)


NOT_FOUND_ERROR = "PayKeeper has no invoice with this order id"


@dataclass(slots=True)
class PassReport:
    checked: int = 0
    found: int = 0
    not_found: int = 0
    interrupted: bool = False


class Reconciler:
    def __init__(
        self,
        invoices: InvoiceRepository,
        paykeeper: PayKeeperClient,
        tracker: StatusTracker,
        stopping: asyncio.Event,
        *,
        interval: float,
        grace: timedelta,
        started_at: datetime | None = None,
        rate: float = 3.0,
        pause: Pause | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        pace_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.invoices = invoices
        self.paykeeper = paykeeper
        self.tracker = tracker
        self.stopping = stopping
        self.interval = interval
        # A `requested` row younger than this may still be in the hands of the issuer.
        self.grace = grace
        self.clock = clock
        self.started_at = started_at or clock()
        self.limiter = RateLimiter(
            rate,
            pause or (lambda seconds: wait_or_stop(self.stopping, seconds)),
            clock=pace_clock,
        )
        self.pass_limit = max(1, int(rate * interval / 2))
        self._asked: set[int] = set()  # open invoices asked about in this round

    async def run(self) -> None:
        """The background job: a pass now, then one every ``interval`` seconds."""
        while not self.stopping.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("reconciliation pass failed")
            if await wait_or_stop(self.stopping, self.interval):
                return

    async def run_once(self) -> PassReport:
        report = PassReport()
        work = [*await self._left_requested(), *await self._open_this_round()]
        for invoice in work[: self.pass_limit]:
            if await self.limiter.take():
                report.interrupted = True
                break
            try:
                if invoice.status is InvoiceStatus.REQUESTED:
                    found = await self.resolve(invoice)
                    report.found += found
                    report.not_found += not found
                else:
                    await self.tracker.refresh(invoice)
                    self._asked.add(invoice.id)
                report.checked += 1
            except PayKeeperRejected as error:
                log.warning("reconciliation: invoice %s: %s", invoice.id, error.message)
            except PayKeeperError as error:
                # Unreachable or refusing our credentials: the rest would fail the same way.
                log.warning("reconciliation stopped for this pass: %s", error.message)
                report.interrupted = True
                break
        if report.checked:
            log.info(
                "reconciliation: %d checked, %d lost previews found, %d not in PayKeeper",
                report.checked,
                report.found,
                report.not_found,
            )
        return report

    async def resolve(self, invoice: InvoiceRecord) -> bool:
        """Settle a ``requested`` row by its order id; True if PayKeeper had it."""
        created_on = invoice.created_at.astimezone(MSK).date()
        remote = await self.paykeeper.find_invoice_by_order(invoice.order_id, created_on)
        if remote is None:
            await self.tracker.change(
                invoice,
                InvoiceStatus.FAILED,
                detail="not found in PayKeeper",
                error=NOT_FOUND_ERROR,
            )
            return False
        await self._record_found(invoice, remote)
        return True

    async def _record_found(self, invoice: InvoiceRecord, remote: Invoice) -> None:
        created = await self.tracker.change(
            invoice,
            InvoiceStatus.CREATED,
            detail=remote.id,
            paykeeper_id=remote.id,
            # PayKeeper's list has no link; this is the address preview would have returned.
            invoice_url=f"{self.paykeeper.base_url}/bill/{remote.id}/",
            error=None,
        )
        if created is not None and remote.status != "created":
            await self.tracker.apply(created, remote)  # paid, expired or revoked meanwhile

    async def _open_this_round(self) -> list[InvoiceRecord]:
        """Open invoices not yet asked about in this round, most urgent first; when none is
        left, a new round of all of them."""
        payable = await self.invoices.open_by_urgency()
        self._asked &= {invoice.id for invoice in payable}
        left = [invoice for invoice in payable if invoice.id not in self._asked]
        if left:
            return left
        self._asked.clear()
        return payable

    async def _left_requested(self) -> list[InvoiceRecord]:
        # Rows from before this process started are surely orphans; newer ones only once
        # the issuer has had time to finish with them.
        cutoff = max(self.started_at, self.clock() - self.grace)
        rows = await self.invoices.list_by_status(InvoiceStatus.REQUESTED)
        return [row for row in rows if row.updated_at < cutoff]
