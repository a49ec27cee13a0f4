"""Result files go back in the uploaded format: the same delimiter, encoding and BOM, or XLSX."""

from __future__ import annotations

import io

import openpyxl
import pytest

from bot.services.bulk.results import file_name, write_table
from bot.services.bulk.table import Cell, read_table
from tests.bulk_samples import HEADER_RU, order_rows, to_csv

LIMITS = {"max_rows": 1000, "max_bytes": 2 * 1024 * 1024}


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [
        ("utf-8", ";", b""),
        ("utf-8-sig", ",", b"\xef\xbb\xbf"),
        ("cp1251", ";", b""),
        ("utf-16", "\t", b"\xff\xfe"),
    ],
)
def test_csv_is_written_the_way_it_was_read(encoding: str, delimiter: str, bom: bytes) -> None:
    upload = read_table(
        to_csv(HEADER_RU, order_rows(3), delimiter=delimiter, encoding=encoding),
        "a.csv",
        **LIMITS,
    )
    rows: list[list[Cell]] = [
        [*cells, "2026031012000000", "https://x/bill/1/"] for _, cells in upload.rows
    ]
    assert upload.encoding is not None
    assert upload.delimiter is not None
    data = write_table(
        [*upload.header, "Счёт", "Ссылка"],
        rows,
        format="csv",
        encoding=upload.encoding,
        delimiter=upload.delimiter,
    )
    assert data.startswith(bom)
    again = read_table(data, "a.csv", **LIMITS)
    assert (again.encoding, again.delimiter) == (upload.encoding, upload.delimiter)
    assert again.header == [*HEADER_RU, "Счёт", "Ссылка"]
    assert [cells for _, cells in again.rows] == rows


def test_characters_windows_1251_lacks_do_not_break_the_file() -> None:
    data = write_table(["Услуга"], [["Оплата 💳 ₽"]], format="csv", encoding="cp1251")
    assert data.decode("cp1251").splitlines()[1] == "Оплата ? ?"


def test_xlsx_keeps_numbers_and_text_that_looks_like_a_formula() -> None:
    data = write_table(
        ["Сумма", "Услуга", "Счёт"], [[1500.5, "=HYPERLINK(1)", "202603101200000"]], format="xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    amount, service, invoice = sheet[2]
    assert amount.value == 1500.5
    assert (service.value, service.data_type) == ("=HYPERLINK(1)", "s")
    assert invoice.value == "202603101200000"  # ids stay text: 17 digits overflow a float


def test_file_names() -> None:
    def rename(stem: str) -> str:
        return f"{stem}-результат"

    assert file_name("заказы.csv", "csv", rename) == "заказы-результат.csv"
    assert file_name("export.TXT", "csv", rename) == "export-результат.TXT"
    assert file_name("orders", "csv", rename) == "orders-результат.csv"
    assert file_name("a.b.xlsx", "xlsx", rename) == "a.b-результат.xlsx"
