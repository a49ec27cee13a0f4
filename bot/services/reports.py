"""The month-end report (/report, admins and viewers): the money of a period by the date it
moved, read from the ledger — payments by when they were paid, refunds by when they were made,
cash and second payments — summed in all, by manager and by service, beside the invoices
created in the period. Periods are Moscow days. The file is written from a Report by
bot/views/report.py, off the event loop; one report at a time per user."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol, TypeVar

from bot.services.background import BackgroundTasks
from paykeeper.moscow import MSK
from storage import InvoiceRecord, InvoiceStatus
from storage.ledger import Movement, MovementKind
from storage.report_queries import ReportQueries, ReportRows

log = logging.getLogger(__name__)

MAX_REPORT_DAYS = 366  # a leap year: any calendar year fits, a 20-year export does not
_NOT_ISSUED = (InvoiceStatus.CANCELLED, InvoiceStatus.FAILED)


@dataclass(frozen=True, slots=True)
class Period:
    first: date
    last: date  # inclusive

    @classmethod
    def this_month(cls, today: date) -> Period:
        return cls(today.replace(day=1), today)

    @classmethod
    def last_month(cls, today: date) -> Period:
        last = today.replace(day=1) - timedelta(days=1)
        return cls(last.replace(day=1), last)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) in aware Moscow time."""
        start = datetime.combine(self.first, time(0), tzinfo=MSK)
        return start, datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=MSK)


def parse_period(text: str) -> Period | None:
    """Two dates, ``01.11.2026 30.11.2026`` or ISO, in either order; None if not that."""
    days = [_day(word) for word in text.replace("—", " ").split()]
    if len(days) != 2 or None in days:
        return None
    first, last = sorted(day for day in days if day is not None)
    return Period(first, last)


def _day(word: str) -> date | None:
    try:
        if "." in word:
            return datetime.strptime(word, "%d.%m.%Y").date()  # noqa: DTZ007 - a date only
        return date.fromisoformat(word)
    except ValueError:
        return None


class LineKind(StrEnum):
    PAYMENT = "payment"
    SECOND_PAYMENT = "second_payment"  # a payment of an invoice already paid
    CASH = "cash"
    REFUND = "refund"


@dataclass(frozen=True, slots=True)
class MovementLine:
    movement: Movement
    invoice: InvoiceRecord
    kind: LineKind

    @property
    def signed(self) -> Decimal:
        """Money in is positive, a refund negative: the column sums to the net."""
        return -self.movement.amount if self.kind is LineKind.REFUND else self.movement.amount


@dataclass(slots=True)
class Totals:
    name: str
    issued_count: int = 0  # invoices created in the period, not cancelled or failed
    issued: Decimal = Decimal(0)
    card: Decimal = Decimal(0)  # payments and second payments
    cash: Decimal = Decimal(0)
    refunded: Decimal = Decimal(0)  # done or under way at PayKeeper

    @property
    def net(self) -> Decimal:
        return self.card + self.cash - self.refunded

    def add_issued(self, invoice: InvoiceRecord) -> None:
        self.issued_count += 1
        self.issued += invoice.amount

    def add_movement(self, line: MovementLine) -> None:
        amount = line.movement.amount
        if line.kind is LineKind.REFUND:
            self.refunded += amount
        elif line.kind is LineKind.CASH:
            self.cash += amount
        else:
            self.card += amount


@dataclass(slots=True)
class Report:
    period: Period
    lines: list[MovementLine]  # in the order the money moved
    invoices: list[InvoiceRecord]  # created in the period, all of them
    total: Totals = field(default_factory=lambda: Totals(""))
    by_manager: dict[int, Totals] = field(default_factory=dict)
    by_service: dict[str, Totals] = field(default_factory=dict)


def _kind(movement: Movement, invoice: InvoiceRecord) -> LineKind:
    if movement.kind is MovementKind.REFUND:
        return LineKind.REFUND
    if movement.kind is MovementKind.CASH:
        return LineKind.CASH
    first = invoice.payment_id
    return LineKind.PAYMENT if first in (None, movement.paykeeper_id) else LineKind.SECOND_PAYMENT


def summarise(period: Period, rows: ReportRows) -> Report:
    lines = [
        MovementLine(movement, invoice, _kind(movement, invoice))
        for movement in rows.movements
        if (invoice := rows.moved.get(movement.invoice_id)) is not None
    ]
    report = Report(period, lines, rows.created)

    def groups(invoice: InvoiceRecord) -> tuple[Totals, ...]:
        manager = report.by_manager.setdefault(invoice.manager_id, Totals(invoice.manager_name))
        service = report.by_service.setdefault(invoice.service_name, Totals(invoice.service_name))
        return report.total, manager, service

    for invoice in rows.created:
        if invoice.status not in _NOT_ISSUED:  # listed, but never issued
            for totals in groups(invoice):
                totals.add_issued(invoice)
    for line in lines:
        for totals in groups(line.invoice):
            totals.add_movement(line)
    return report


class ReportOutcome(StrEnum):
    STARTED = "started"
    BUSY = "busy"  # this user's previous report is still being built
    TOO_LONG = "too_long"  # longer than MAX_REPORT_DAYS


T = TypeVar("T")


class ReportDelivery(Protocol[T]):
    """Where a report goes: ``render`` runs in a worker thread, the rest on the loop."""

    def render(self, report: Report) -> T: ...

    def send(self, result: T) -> Awaitable[None]: ...

    def failed(self) -> Awaitable[None]: ...


class Reports:
    def __init__(
        self, queries: ReportQueries, tasks: BackgroundTasks, *, max_days: int = MAX_REPORT_DAYS
    ) -> None:
        self.queries = queries
        self.tasks = tasks
        self.max_days = max_days
        self._building: set[int] = set()  # users whose report is being built

    def start(self, user_id: int, period: Period, delivery: ReportDelivery[T]) -> ReportOutcome:
        """Build ``period``'s report in the background and hand it to ``delivery``."""
        if period.days > self.max_days:
            return ReportOutcome.TOO_LONG
        if user_id in self._building:
            return ReportOutcome.BUSY
        self._building.add(user_id)
        self.tasks.spawn(self._build(user_id, period, delivery), name=f"report-{user_id}")
        return ReportOutcome.STARTED

    async def _build(self, user_id: int, period: Period, delivery: ReportDelivery[T]) -> None:
        try:
            rows = await self.queries.rows(*period.bounds())
            # Summing and writing tens of thousands of rows takes seconds: not on the loop.
            result = await asyncio.to_thread(_render, period, rows, delivery.render)
        except Exception:
            log.exception("report %s..%s failed", period.first, period.last)
            self._building.discard(user_id)
            await delivery.failed()
            return
        # Built: the user may ask for the next one while this one is on its way.
        self._building.discard(user_id)
        await delivery.send(result)


def _render(period: Period, rows: ReportRows, render: Callable[[Report], T]) -> T:
    return render(summarise(period, rows))
