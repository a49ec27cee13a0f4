"""Result files go back in the uploaded format: the same delimiter, encoding and BOM, or XLSX."""

from __future__ import annotations

import io

import openpyxl
import pytest

from bot.services.bulk.file_reader import read_table
from bot.services.bulk.layout import find_layout
from bot.services.bulk.results import file_name, write_table
from storage.bulk import Cell
from tests.support.bulk_samples import HEADER_RU, order_rows, read_csv, to_csv

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
    sheet = find_layout(upload)
    rows: list[list[Cell]] = [
        [*cells, "2026031012000000", "https://x/bill/1/"] for _, cells in sheet.body
    ]
    assert upload.encoding is not None
    assert upload.delimiter is not None
    data = write_table(
        [*sheet.names, "Счёт", "Ссылка"],
        rows,
        format="csv",
        encoding=upload.encoding,
        delimiter=upload.delimiter,
    )
    assert data.startswith(bom)
    again = read_table(data, "a.csv", **LIMITS)
    assert (again.encoding, again.delimiter) == (upload.encoding, upload.delimiter)
    read_back = find_layout(again)
    assert read_back.names == [*HEADER_RU, "Счёт", "Ссылка"]
    # Phones start with "+", which a spreadsheet would compute: written as '+7..., read back
    # as they were.
    assert [cells for _, cells in read_back.body] == rows


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Оплата 1 500 ₽", "Оплата 1 500 руб."),
        ("Оплата 💳 картой", "Оплата  картой"),  # decoration is dropped, not "?"
        ("👍🏽 ok", " ok"),
        ("Café Noël", "Cafe Noel"),
        ("−5 ≤ 10 × 2", "-5 <= 10 x 2"),
        ("Beijing 北京", "Beijing [U+5317][U+4EAC]"),
        ("«Ёлка» № 5 — €", "«Ёлка» № 5 — €"),  # all in Windows-1251 already
    ],
)
def test_characters_windows_1251_lacks_are_written_readably(text: str, written: str) -> None:
    data = write_table(["Услуга"], [[text]], format="csv", encoding="cp1251")
    assert b"?" not in data
    assert data.decode("cp1251").splitlines()[1] == written


PHONE = "+7 910 123-45-67"
FORMULAS = ['=HYPERLINK("http://x","pay")', PHONE, "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_csv_cells_a_spreadsheet_would_compute_are_written_as_text() -> None:
    data = write_table(["Сумма", "Услуга"], [[-5, text] for text in FORMULAS], format="csv")
    lines = read_csv(data, encoding="utf-8-sig")
    assert [row[1] for row in lines[1:]] == ["'" + text for text in FORMULAS]
    assert all(row[0] == "-5" for row in lines[1:])  # a number is not a formula
    again = find_layout(read_table(data, "r.csv", **LIMITS))
    assert [cells[1] for _, cells in again.body] == FORMULAS  # and read back as they were


def test_xlsx_cells_a_spreadsheet_would_compute_are_text_with_a_quote_prefix() -> None:
    data = write_table(
        ["Сумма", "Услуга", "Счёт"],
        [[1500.5, text, "202603101200000"] for text in FORMULAS],
        format="xlsx",
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    for row, text in zip(sheet.iter_rows(min_row=2), FORMULAS, strict=True):
        amount, service, invoice = row
        assert amount.value == 1500.5  # numbers stay numbers
        assert service.data_type == "s"
        assert service.quotePrefix == (text != PHONE)  # a phone shows as typed, no apostrophe
        # (XML reads a carriage return back as a line feed.)
        assert str(service.value).replace("\n", "\r") == text
        assert invoice.value == "202603101200000"  # ids stay text: 17 digits overflow a float


def test_file_names() -> None:
    def rename(stem: str) -> str:
        return f"{stem}-результат"

    assert file_name("заказы.csv", "csv", rename) == "заказы-результат.csv"
    assert file_name("export.TXT", "csv", rename) == "export-результат.TXT"
    assert file_name("orders", "csv", rename) == "orders-результат.csv"
    assert file_name("a.b.xlsx", "xlsx", rename) == "a.b-результат.xlsx"


def test_xlsx_phones_are_plain_text_cells_and_lookalike_formulas_are_not() -> None:
    values = ["+79101234567", "+7 (910) 123-45-67", "+cmd|' /C calc'!A0", "+1+SUM(A1)"]
    data = write_table(["Телефон"], [[v] for v in values], format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == values
    assert all(c.data_type == "s" for c in cells)  # text as typed, never a number or formula
    assert [bool(c.quotePrefix) for c in cells] == [False, False, True, True]
