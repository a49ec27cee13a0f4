"""The month-end report as an XLSX file, in the asker's language: the summary (received by
card, by cash, refunded, net — in all, by manager, by service — and what was issued), every
movement of money by its own date, and every invoice created in the period."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from itertools import chain

from bot.formatting import format_amount, format_date
from bot.services.reports import LineKind, MovementLine, Report, Totals
from bot.services.workbook import Table, Value, write_workbook
from bot.texts import Texts
from paykeeper.moscow import MSK
from storage import Delivery, InvoiceRecord

# (header key, width in characters) per column.
_SUMMARY = (
    ("report.col.section", 12),
    ("report.col.name", 28),
    ("report.col.issued_count", 12),
    ("report.col.issued", 16),
    ("report.col.card", 16),
    ("report.col.cash", 16),
    ("report.col.refunded", 16),
    ("report.col.net", 16),
)
_MOVEMENTS = (
    ("report.col.moved_at", 17),
    ("report.col.kind", 22),
    ("report.col.amount", 15),
    ("report.col.id", 8),
    ("report.col.order", 20),
    ("report.col.paykeeper_id", 20),
    ("report.col.payment_id", 20),
    ("report.col.manager", 20),
    ("report.col.payer", 28),
    ("report.col.service", 28),
)
_INVOICES = (
    ("report.col.id", 8),
    ("report.col.order", 20),
    ("report.col.created", 17),
    ("report.col.manager", 20),
    ("report.col.amount", 15),
    ("report.col.payer", 28),
    ("report.col.email", 26),
    ("report.col.phone", 16),
    ("report.col.service", 28),
    ("report.col.last_day", 12),
    ("report.col.delivery", 22),
    ("report.col.status", 18),
    ("report.col.paid_at", 17),
    ("report.col.paykeeper_id", 20),
    ("report.col.link", 40),
    ("report.col.error", 40),
)
_DELIVERY = {Delivery.EMAIL: "appr.delivery.email", Delivery.LINK: "appr.delivery.link"}


def _table(
    title: str, columns: Sequence[tuple[str, float]], rows: Iterator[list[Value]], texts: Texts
) -> Table:
    header: list[Value] = [texts(key) for key, _ in columns]
    return Table(texts(title), chain([header], rows), [width for _, width in columns])


def _moscow(moment: datetime | None) -> datetime | None:
    """Local Moscow time without a zone: Excel dates have none."""
    return moment.astimezone(MSK).replace(tzinfo=None) if moment else None


def _payer(invoice: InvoiceRecord) -> str | None:
    return invoice.client_name or invoice.client_email or invoice.client_phone


def _kind(line: MovementLine, texts: Texts) -> str:
    if line.kind is LineKind.REFUND and line.movement.in_progress:
        return texts("report.kind.refunding")
    return texts(f"report.kind.{line.kind.value}")


def _totals(section: str, totals: Totals) -> list[Value]:
    return [
        section,
        totals.name,
        totals.issued_count,
        totals.issued,
        totals.card,
        totals.cash,
        totals.refunded,
        totals.net,
    ]


def _summary(report: Report, texts: Texts) -> Iterator[list[Value]]:
    period = report.period
    name = f"{format_date(period.first, texts.lang)} – {format_date(period.last, texts.lang)}"
    everything = replace(report.total, name=name)
    yield _totals(texts("report.section.total"), everything)
    for section, groups in (
        ("report.section.manager", report.by_manager.values()),
        ("report.section.service", report.by_service.values()),
    ):
        for totals in sorted(groups, key=lambda totals: totals.name):
            yield _totals(texts(section), totals)


def _movements(report: Report, texts: Texts) -> Iterator[list[Value]]:
    for line in report.lines:
        invoice, movement = line.invoice, line.movement
        yield [
            _moscow(movement.moved_at),
            _kind(line, texts),
            line.signed,
            invoice.id,
            invoice.order_id,
            invoice.paykeeper_id,
            movement.paykeeper_id,
            invoice.manager_name,
            _payer(invoice),
            invoice.service_name,
        ]


def _invoices(report: Report, texts: Texts) -> Iterator[list[Value]]:
    for invoice in report.invoices:
        yield [
            invoice.id,
            invoice.order_id,
            _moscow(invoice.created_at),
            invoice.manager_name,
            invoice.amount,
            invoice.client_name,
            invoice.client_email,
            invoice.client_phone,
            invoice.service_name,
            invoice.last_day,
            texts(_DELIVERY[invoice.delivery]),
            texts(f"report.status.{invoice.status.value}"),
            _moscow(invoice.paid_at),
            invoice.paykeeper_id,
            invoice.invoice_url,
            invoice.error,
        ]


def report_file(report: Report, texts: Texts) -> tuple[bytes, str]:
    """The file's content and name. Slow for a big period: call it off the event loop."""
    data = write_workbook(
        [
            _table("report.sheet.summary", _SUMMARY, _summary(report, texts), texts),
            _table("report.sheet.movements", _MOVEMENTS, _movements(report, texts), texts),
            _table("report.sheet.invoices", _INVOICES, _invoices(report, texts), texts),
        ]
    )
    period = report.period
    return (
        data,
        f"{texts('report.file')}-{period.first.isoformat()}-{period.last.isoformat()}.xlsx",
    )


def report_caption(report: Report, texts: Texts) -> str:
    total = report.total
    return texts(
        "report.caption",
        first=format_date(report.period.first, texts.lang),
        last=format_date(report.period.last, texts.lang),
        card=format_amount(total.card, texts.lang),
        cash=format_amount(total.cash, texts.lang),
        refunded=format_amount(total.refunded, texts.lang),
        net=format_amount(total.net, texts.lang),
        movements=len(report.lines),
        invoices=len(report.invoices),
    )
