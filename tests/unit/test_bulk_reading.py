"""Reading uploaded files: encodings, delimiters, XLSX, the header, and everything unusable."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.bulk.columns import match_columns
from bot.services.bulk.file_reader import read_table
from bot.services.bulk.layout import Layout, find_layout
from bot.services.bulk.table import BulkFileError, Table, cell_text
from tests.support.bulk_samples import HEADER_EN, HEADER_RU, order_rows, to_csv, to_xlsx

LIMITS = {"max_rows": 1000, "max_bytes": 2 * 1024 * 1024}


def read(content: bytes, name: str = "orders.csv", **limits: int) -> Table:
    return read_table(content, name, **(LIMITS | limits))


def layout(content: bytes, name: str = "orders.csv") -> Layout:
    return find_layout(read(content, name))


def error_of(content: bytes, name: str = "orders.csv", **limits: int) -> BulkFileError:
    with pytest.raises(BulkFileError) as caught:
        read(content, name, **limits)
    return caught.value


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_in_every_encoding_and_delimiter(encoding: str, delimiter: str) -> None:
    rows = order_rows(3)
    content = to_csv(HEADER_RU, rows, delimiter=delimiter, encoding=encoding)
    table = read(content)
    assert table.format == "csv"
    assert table.encoding == encoding
    assert table.delimiter == delimiter
    sheet = find_layout(table)
    assert sheet.names == HEADER_RU
    assert sheet.header_rows == (1,)
    assert [cells for _, cells in sheet.body] == rows
    assert [number for number, _ in sheet.body] == [2, 3, 4]


def test_utf16_with_a_bom_as_excel_saves_unicode_text() -> None:
    table = read(to_csv(HEADER_RU, order_rows(2), delimiter="\t", encoding="utf-16"))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert find_layout(table).names == HEADER_RU


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised_and_written_back_with_one(encoding: str) -> None:
    rows = order_rows(3)
    table = read(to_csv(HEADER_RU, rows, delimiter="\t", encoding=encoding))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    sheet = find_layout(table)
    assert sheet.names == HEADER_RU
    assert [cells for _, cells in sheet.body] == rows


def test_zero_bytes_that_are_not_utf16_are_junk() -> None:
    assert error_of(b"Amount\x00\x00\x00\n100\x00\x01\n").key == "bulk.file.unreadable"


def test_decimal_commas_do_not_fool_the_delimiter_guess() -> None:
    # Under "," this header is one column, and every amount splits in two.
    content = "Сумма;Услуга\n1500,50;Аудит\n2 000,00;Консультация, устная\n".encode()
    table = read(content)
    assert table.delimiter == ";"
    assert [cells for _, cells in find_layout(table).body] == [
        ["1500,50", "Аудит"],
        ["2 000,00", "Консультация, устная"],
    ]


def test_quoted_cells_keep_delimiters_and_line_breaks() -> None:
    content = b'amount,service\n"1,500.50","Audit, ""full""\nsecond line"\n'
    assert layout(content).body == [(2, ["1,500.50", 'Audit, "full"\nsecond line'])]


def test_blank_lines_are_skipped_but_rows_keep_their_numbers() -> None:
    content = b"\r\n;;\r\nAmount;Email\r\n100;a@example.com\r\n\r\n ; \r\n200;\r\n"
    sheet = layout(content)
    assert sheet.names == ["Amount", "Email"]
    assert sheet.header_rows == (3,)
    assert sheet.body == [(4, ["100", "a@example.com"]), (7, ["200"])]


def test_xlsx_keeps_numbers_and_turns_dates_into_the_forms_dates() -> None:
    rows: list[list[object]] = [
        [
            "A-1",
            1500,
            "a@example.com",
            79101234567,
            datetime(2030, 12, 31, 15, 30),  # noqa: DTZ001 - Excel cells have no time zone
            "Audit",
            None,
        ],
        ["A-2", 1799.9999999998, None, None, date(2031, 1, 5), None, "Иван"],
        [None, None, None, None, None, None, None],
        ["A-3", 250.5, "", "", "", "", "Иван"],
    ]
    table = read(to_xlsx(HEADER_EN, rows), "orders.xlsx")
    assert table.format == "xlsx"
    sheet = find_layout(table)
    assert sheet.names == HEADER_EN
    assert sheet.body == [
        (2, ["A-1", 1500, "a@example.com", 79101234567, "31.12.2030", "Audit"]),
        (3, ["A-2", 1800, None, None, "05.01.2031", None, "Иван"]),
        (5, ["A-3", 250.5, None, None, None, None, "Иван"]),
    ]


def test_xlsx_found_by_content_whatever_the_name() -> None:
    table = read(to_xlsx(HEADER_RU, order_rows(1)), "export.bin")
    assert table.format == "xlsx"


def test_cell_text_is_what_the_parsers_read() -> None:
    assert [cell_text(c) for c in (None, "x", 15, 1500.5, 1e-05, True)] == [
        "",
        "x",
        "15",
        "1500.5",
        "0.00001",
        "1",
    ]


# --- The header ----------------------------------------------------------------------


def test_both_languages_name_the_same_columns() -> None:
    ru = match_columns(HEADER_RU)
    en = match_columns(HEADER_EN)
    assert ru.fields == en.fields
    assert len(ru.fields) == 7
    assert ru.alternatives == {}
    assert ru.ignored == []


# --- Unusable files --------------------------------------------------------------------


def test_empty_files() -> None:
    assert error_of(b"").key == "bulk.file.empty"
    assert error_of(b" \r\n\r\n").key == "bulk.file.empty"
    assert error_of(b"\xef\xbb\xbf\r\n;;\r\n").key == "bulk.file.empty"
    assert error_of(to_xlsx([], []), "empty.xlsx").key == "bulk.file.empty"


def test_junk() -> None:
    assert error_of(bytes(range(256)) * 8).key == "bulk.file.unreadable"
    assert error_of(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00").key == "bulk.file.unreadable"
    assert error_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv").key == (
        "bulk.file.unreadable"
    )


def test_broken_and_foreign_zips_are_not_workbooks() -> None:
    assert error_of(b"PK\x03\x04garbage", "a.xlsx").key == "bulk.file.bad_xlsx"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "not a workbook")
    assert error_of(archive.getvalue(), "a.zip").key == "bulk.file.bad_xlsx"
    assert error_of(b"Amount\n100\n", "named.xlsx").key == "bulk.file.bad_xlsx"


def test_old_excel_is_asked_to_be_saved_as_xlsx() -> None:
    assert error_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "a.xls").key == (
        "bulk.file.old_excel"
    )
    assert error_of(b"Amount\n100\n", "orders.XLS").key == "bulk.file.old_excel"


def test_oversize_files() -> None:
    content = to_csv(HEADER_RU, order_rows(50))
    error = error_of(content, max_bytes=len(content) - 1)
    assert error.key == "bulk.file.too_big"
    assert error.params == {"size": len(content), "maximum": len(content) - 1}
    read(content, max_bytes=len(content))  # exactly at the limit is fine


def test_every_row_counts_toward_the_row_budget_blank_ones_too() -> None:
    # max_rows 10: 10 invoices, 2 more for totals and page headers, 20 above the header: 32.
    content = to_csv(HEADER_RU, order_rows(3))  # 4 rows
    assert len(read(content + b"\r\n" * 28, max_rows=10).records) == 4
    error = error_of(content + b"\r\n" * 29, max_rows=10)
    assert (error.key, error.params) == ("bulk.file.too_many_rows", {"maximum": 10})
    blank: list[object] = [None] * 7
    sheet: list[list[object]] = [[*row] for row in order_rows(3)]
    sheet += [blank] * 40
    assert error_of(to_xlsx(HEADER_RU, sheet), "a.xlsx", max_rows=10).key == (
        "bulk.file.too_many_rows"
    )


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["a.csv", "a.xlsx", "a.xls", "a", "a.txt"]))
def test_any_bytes_give_a_table_or_a_clear_error(content: bytes, name: str) -> None:
    key: str | None
    try:
        table = read(content, name)
    except BulkFileError as error:
        key = error.key
    else:
        key = None
        assert table.records
        numbers = [number for number, _ in table.records]
        assert numbers == sorted(set(numbers))
    assert key is None or key.startswith("bulk.file.")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet=st.characters(codec="cp1251"), max_size=12), max_size=6),
        max_size=8,
    ),
    st.sampled_from([";", ","]),
)
def test_any_cp1251_table_reads_back_its_cells(rows: list[list[str]], delimiter: str) -> None:
    header = ["Сумма", "Услуга", "Клиент", "Почта", "Телефон", "Срок"]
    content = to_csv(header, rows, delimiter=delimiter, encoding="cp1251")
    key: str | None
    try:
        table = read(content)
    except BulkFileError as error:
        key = error.key
    else:
        key = None
        sheet = find_layout(table)
        # A first row made only of column names ("N", "Тел") reads as a second header row.
        assert sheet.header_cells == header
        assert sheet.names == header or sheet.header_rows == (1, 2)
        assert table.encoding in ("utf-8", "cp1251")  # pure ASCII is valid UTF-8 too
    # Control characters in a cell make the file look like binary junk: refused clearly.
    assert key in (None, "bulk.file.unreadable")
