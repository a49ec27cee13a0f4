"""Bulk files for tests and the benchmark: orders as a manager's export would hold them, written
as CSV (any delimiter and encoding) or XLSX, and the bot's result files read back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import openpyxl

from bot.drafts import today_in_moscow

HEADER_RU = ["Заказ", "Сумма", "Почта", "Телефон", "Срок оплаты", "Услуга", "Клиент"]
HEADER_EN = ["Order", "Amount", "Email", "Phone", "Expiry", "Service", "Client"]
# Bad cells and the column they go in: each breaks one rule of the /invoice form.
BAD_CELLS = {1: "abc", 2: "ivan@", 3: "12345"}  # amount, e-mail, phone


def order_number(n: int) -> str:
    return f"ЗК-{n:05d}"


def last_day(offset: int = 10) -> date:
    return today_in_moscow() + timedelta(days=offset)


def order_rows(
    count: int,
    *,
    bad: Iterable[int] = (),
    start: int = 1,
    with_order: bool = True,
    decimal_comma: bool = True,
) -> list[list[str]]:
    """``count`` orders; rows whose 0-based index is in ``bad`` get one bad cell each
    (amount, e-mail and phone in turn)."""
    bad_rows = sorted(bad)
    rows = []
    for index in range(count):
        n = start + index
        amount = f"{1000 + n},50" if decimal_comma else f"{1000 + n}.50"
        row = [
            order_number(n),
            amount,
            f"client{n}@example.com",
            f"+7 910 {n % 1000:03d}-00-00",
            f"{last_day():%d.%m.%Y}",
            f"Услуга & работа <{n}>",
            f"ООО «Клиент {n}»",
        ]
        if index in bad_rows:
            column = list(BAD_CELLS)[bad_rows.index(index) % len(BAD_CELLS)]
            row[column] = BAD_CELLS[column]
        rows.append(row if with_order else row[1:])
    return rows


def to_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def to_xlsx(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_csv(content: bytes, *, delimiter: str = ";", encoding: str = "utf-8") -> list[list[str]]:
    text = content.decode(encoding)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row]


def read_xlsx(content: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def as_dicts(table: list[list[str]]) -> list[dict[str, str]]:
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]
