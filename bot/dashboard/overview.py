"""The dashboard's overview: the money of a period by day, and the totals by manager and by
service, summed by the report's own rules (bot/services/reports.py ``summarise`` over the same
ledger rows /report reads); the open invoices and how old they are, from the invoice log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from bot.services.reports import LineKind, Period, Report, Totals, summarise
from paykeeper.moscow import MSK
from storage import InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.invoice_filter import InvoiceFilter
from storage.report_queries import ReportQueries, ReportRows

OPEN_STATUSES = (InvoiceStatus.CREATED, InvoiceStatus.SENT)
MAX_OPEN = 10_000  # open invoices summed at most; a team has hundreds
AGES = (7, 30)  # buckets: up to a week, up to a month, older


@dataclass(slots=True)
class Day:
    day: date
    card: Decimal = Decimal(0)
    cash: Decimal = Decimal(0)
    refunded: Decimal = Decimal(0)


@dataclass(slots=True)
class Overview:
    report: Report
    days: list[Day]
    paid: int  # of the invoices created in the period, paid now
    expired: int  # of the invoices created in the period, expired now
    open_amount: Decimal = Decimal(0)
    open_count: int = 0
    open_ages: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * (len(AGES) + 1))


def only_manager(rows: ReportRows, manager_id: int) -> ReportRows:
    """The rows of one manager's invoices: what a manager's dashboard sums."""
    moved = {key: inv for key, inv in rows.moved.items() if inv.manager_id == manager_id}
    return ReportRows(
        [movement for movement in rows.movements if movement.invoice_id in moved],
        moved,
        [invoice for invoice in rows.created if invoice.manager_id == manager_id],
    )


async def overview(
    queries: ReportQueries,
    invoices: InvoiceRepository,
    period: Period,
    *,
    manager_id: int | None,
    now: datetime,
) -> Overview:
    rows = await queries.rows(*period.bounds())
    if manager_id is not None:
        rows = only_manager(rows, manager_id)
    report = summarise(period, rows)
    days = {
        period.first + timedelta(days=n): Day(period.first + timedelta(days=n))
        for n in range(period.days)
    }
    for line in report.lines:
        day = days[line.movement.moved_at.astimezone(MSK).date()]
        if line.kind is LineKind.REFUND:
            day.refunded += line.movement.amount
        elif line.kind is LineKind.CASH:
            day.cash += line.movement.amount
        else:
            day.card += line.movement.amount
    result = Overview(
        report,
        list(days.values()),
        paid=sum(1 for inv in rows.created if inv.status is InvoiceStatus.PAID),
        expired=sum(1 for inv in rows.created if inv.status is InvoiceStatus.EXPIRED),
    )
    open_ones = await invoices.find(
        InvoiceFilter(manager_id=manager_id, statuses=OPEN_STATUSES), limit=MAX_OPEN
    )
    for invoice in open_ones:
        result.open_count += 1
        result.open_amount += invoice.amount
        result.open_ages[_age_bucket(invoice, now)] += invoice.amount
    return result


def _age_bucket(invoice: InvoiceRecord, now: datetime) -> int:
    age = (now - invoice.created_at).days
    return next((n for n, limit in enumerate(AGES) if age <= limit), len(AGES))


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _totals(totals: Totals) -> dict[str, Any]:
    return {
        "name": totals.name,
        "issued_count": totals.issued_count,
        "issued": _money(totals.issued),
        "card": _money(totals.card),
        "cash": _money(totals.cash),
        "refunded": _money(totals.refunded),
        "net": _money(totals.net),
    }


def as_json(result: Overview) -> dict[str, Any]:
    """Amounts as strings with two decimals: JSON numbers would round kopecks."""
    report = result.report
    return {
        "period": {
            "first": report.period.first.isoformat(),
            "last": report.period.last.isoformat(),
        },
        "total": _totals(report.total),
        "paid": result.paid,
        "expired": result.expired,
        "days": [
            {
                "day": day.day.isoformat(),
                "card": _money(day.card),
                "cash": _money(day.cash),
                "refunded": _money(day.refunded),
            }
            for day in result.days
        ],
        "by_manager": [_totals(t) for t in sorted(report.by_manager.values(), key=_by_net)],
        "by_service": [_totals(t) for t in sorted(report.by_service.values(), key=_by_net)],
        "open": {
            "count": result.open_count,
            "amount": _money(result.open_amount),
            "ages": [_money(amount) for amount in result.open_ages],
        },
    }


def _by_net(totals: Totals) -> tuple[Decimal, str]:
    return -totals.net, totals.name
