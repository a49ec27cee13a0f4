"""The month-end report as an XLSX file, in the asker's language: the invoices, then a sheet
of totals by manager and by service (failed invoices listed, never counted)."""

from __future__ import annotations

from datetime import datetime

from bot.formatting import format_date
from bot.services.reports import Report, Totals, write_workbook
from bot.texts import Texts
from bot.views.invoices import status_text
from paykeeper.moscow import MSK
from storage import Delivery, InvoiceRecord
from storage.bulk import Cell

_COLUMNS = (
    "report.col.id",
    "report.col.order",
    "report.col.created",
    "report.col.manager",
    "report.col.amount",
    "report.col.payer",
    "report.col.email",
    "report.col.phone",
    "report.col.service",
    "report.col.last_day",
    "report.col.delivery",
    "report.col.status",
    "report.col.paid_at",
    "report.col.paykeeper_id",
    "report.col.link",
    "report.col.error",
)
_TOTALS = (
    "report.col.count",
    "report.col.issued_sum",
    "report.col.paid_count",
    "report.col.paid_sum",
)
_DELIVERY = {Delivery.EMAIL: "appr.delivery.email", Delivery.LINK: "appr.delivery.link"}


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(MSK).strftime("%Y-%m-%d %H:%M") if value else None


def _row(invoice: InvoiceRecord, texts: Texts) -> list[Cell]:
    return [
        invoice.id,
        invoice.order_id,
        _moment(invoice.created_at),
        invoice.manager_name,
        float(invoice.amount),
        invoice.client_name,
        invoice.client_email,
        invoice.client_phone,
        invoice.service_name,
        invoice.last_day.isoformat() if invoice.last_day else None,
        texts(_DELIVERY[invoice.delivery]),
        status_text(invoice.status, texts),
        _moment(invoice.paid_at),
        invoice.paykeeper_id,
        invoice.invoice_url,
        invoice.error,
    ]


def _totals(name: str, totals: Totals) -> list[Cell]:
    return [
        name,
        totals.count,
        float(totals.amount),
        totals.paid_count,
        float(totals.paid_amount),
    ]


def _summary(report: Report, texts: Texts) -> list[list[Cell]]:
    header: list[Cell] = [texts(key) for key in _TOTALS]
    rows: list[list[Cell]] = []
    for title, groups in (
        ("report.by_manager", report.by_manager),
        ("report.by_service", report.by_service),
    ):
        rows.append([texts(title), *header])
        rows.extend(_totals(name, totals) for name, totals in sorted(groups.items()))
        everything = Totals()
        for totals in groups.values():
            everything.count += totals.count
            everything.amount += totals.amount
            everything.paid_count += totals.paid_count
            everything.paid_amount += totals.paid_amount
        rows.append(_totals(texts("report.total"), everything))
        rows.append([])
    return rows


def report_file(report: Report, texts: Texts) -> tuple[bytes, str]:
    """The file's content and name."""
    invoices: list[list[Cell]] = [[texts(key) for key in _COLUMNS]]
    invoices.extend(_row(invoice, texts) for invoice in report.invoices)
    data = write_workbook(
        [
            (texts("report.sheet.invoices"), invoices),
            (texts("report.sheet.summary"), _summary(report, texts)),
        ]
    )
    period = report.period
    return (
        data,
        f"{texts('report.file')}-{period.first.isoformat()}-{period.last.isoformat()}.xlsx",
    )


def report_caption(report: Report, texts: Texts) -> str:
    return texts(
        "report.caption",
        first=format_date(report.period.first, texts.lang),
        last=format_date(report.period.last, texts.lang),
        count=len(report.invoices),
    )
