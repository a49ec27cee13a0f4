"""The month-end report (/report, admins and viewers): every invoice created in a period, and
totals by manager and by service. Periods are Moscow days; the file itself is written from
these rows by bot/views/report.py."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from bot.services.bulk.results import looks_like_formula
from paykeeper.moscow import MSK
from storage import InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.bulk import Cell


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


@dataclass(slots=True)
class Totals:
    count: int = 0
    amount: Decimal = Decimal(0)
    paid_count: int = 0
    paid_amount: Decimal = Decimal(0)

    def add(self, invoice: InvoiceRecord) -> None:
        self.count += 1
        self.amount += invoice.amount
        if invoice.status is InvoiceStatus.PAID:
            self.paid_count += 1
            self.paid_amount += invoice.amount


@dataclass(slots=True)
class Report:
    period: Period
    invoices: list[InvoiceRecord]
    by_manager: dict[str, Totals] = field(default_factory=dict)
    by_service: dict[str, Totals] = field(default_factory=dict)


async def build_report(invoices: InvoiceRepository, period: Period) -> Report:
    start = datetime.combine(period.first, time(0), tzinfo=MSK)
    end = datetime.combine(period.last + timedelta(days=1), time(0), tzinfo=MSK)
    found = await invoices.created_between(start, end)
    report = Report(period, found)
    # Failed invoices are listed, but were never issued: the totals leave them out.
    for invoice in found:
        if invoice.status is InvoiceStatus.FAILED:
            continue
        report.by_manager.setdefault(invoice.manager_name, Totals()).add(invoice)
        report.by_service.setdefault(invoice.service_name, Totals()).add(invoice)
    return report


Sheet = tuple[str, list[list[Cell]]]  # title, rows (the first is the header)


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    """An XLSX with one sheet per (title, rows); text that would read as a formula stays
    text (OWASP's advice on CSV injection, as in bulk result files)."""
    from openpyxl import Workbook  # loaded when a report is asked for, not at start
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for row in rows:
            cells: list[object] = []
            for value in row:
                if looks_like_formula(value):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
