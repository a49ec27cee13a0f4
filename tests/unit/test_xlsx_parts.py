"""The XLSX guard learns what each part is from the package's content types and relationships,
as openpyxl does, never from its name: a sheet or shared strings stored under another name are
checked all the same (and read, when sound); a part of a type no workbook has is refused; only
the sheet read and the shared strings may be large."""

from __future__ import annotations

import io

import openpyxl
import pytest

from bot.services.bulk.file_reader import read_table
from bot.services.bulk.table import EXCEL_CELL_CHARS, EXCEL_COLUMNS, BulkFileError
from bot.services.bulk.xlsx_guard import MAX_SMALL_PART, check_workbook
from tests.corpus.xlsx_writer import (
    CONTENT_TYPES,
    MAIN,
    SHEET,
    package,
    renamed,
    workbook,
)

HEADER = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Amount</t></is></c></row>'
ODD_SHEET = "xl/worksheets/sheet1.dat"
ODD_STRINGS = "xl/strings.bin"


def sheet(*rows: bytes) -> bytes:
    return (
        f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        + b"".join(rows)
        + (b"</sheetData></worksheet>")
    )


def refused(content: bytes) -> str:
    with pytest.raises(BulkFileError) as caught:
        check_workbook(content, max_rows=1000)
    return caught.value.key


def test_a_sheet_stored_under_another_name_is_checked_as_a_sheet() -> None:
    wide = b'<row r="2">' + b"<c><v>1</v></c>" * (EXCEL_COLUMNS + 1) + b"</row>"
    assert refused(renamed({ODD_SHEET: sheet(HEADER, wide)}, sheet=ODD_SHEET)) == (
        "bulk.file.xlsx_too_wide"
    )
    far = b'<row r="1048576"><c r="A1048576"><v>100</v></c></row>'
    assert refused(renamed({ODD_SHEET: sheet(HEADER, far)}, sheet=ODD_SHEET)) == (
        "bulk.file.too_many_rows"
    )


def test_shared_strings_stored_under_another_name_are_checked_as_strings() -> None:
    long = f'<sst xmlns="{MAIN}"><si><t>'.encode() + b"x" * (EXCEL_CELL_CHARS + 1)
    long += b"</t></si></sst>"
    cell = b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    content = renamed({SHEET: sheet(HEADER, cell), ODD_STRINGS: long}, strings=ODD_STRINGS)
    assert refused(content) == "bulk.file.cell_too_long"


def test_a_sound_workbook_under_odd_names_is_read() -> None:
    strings = f'<sst xmlns="{MAIN}"><si><t>Сумма</t></si><si><t>a@b.ru</t></si></sst>'
    rows = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Email</t>'
    rows += b'</is></c></row><row r="2"><c r="A2"><v>1500</v></c><c r="B2" t="s"><v>1</v></c>'
    rows += b"</row>"
    content = renamed(
        {ODD_SHEET: sheet(rows), ODD_STRINGS: strings}, sheet=ODD_SHEET, strings=ODD_STRINGS
    )
    table = read_table(content, "a.xlsx", max_rows=1000, max_bytes=2 * 1024 * 1024)
    assert [cells for _, cells in table.records] == [["Сумма", "Email"], [1500, "a@b.ru"]]


@pytest.mark.parametrize(
    ("name", "types"),
    [
        # No content type at all: no Default for its extension, no Override.
        ("xl/payload.dat", CONTENT_TYPES),
        # A type no workbook has.
        (
            "xl/payload.exe",
            CONTENT_TYPES.replace(
                "</Types>",
                '<Default Extension="exe" ContentType="application/x-msdownload"/></Types>',
            ),
        ),
    ],
)
def test_a_part_of_a_type_no_workbook_has_is_refused(name: str, types: str) -> None:
    content = package({SHEET: sheet(HEADER), name: b"MZ\x90\x00", "[Content_Types].xml": types})
    assert refused(content) == "bulk.file.bad_xlsx"


def test_only_the_sheet_read_and_the_shared_strings_may_be_large() -> None:
    padding = b"<x/>" * 10  # a plain XML part just over the limit for any other part
    big = f'<r xmlns="{MAIN}">'.encode() + b" " * (MAX_SMALL_PART + 1) + padding + b"</r>"
    for name in ("xl/worksheets/notes.xml", "docProps/custom.xml", "xl/sharedStrings2.xml"):
        content = package({SHEET: sheet(HEADER), name: big})
        assert refused(content) == "bulk.file.too_complex", name
    # A second sheet is not read: it need only be small, and is not held to the row budget.
    many = b"".join(f'<row r="{n}"><c><v>{n}</v></c></row>'.encode() for n in range(1, 3000))
    second = sheet(many)
    types = CONTENT_TYPES.replace(
        "</Types>",
        '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    )
    content = package(
        {SHEET: sheet(HEADER), "xl/worksheets/sheet2.xml": second, "[Content_Types].xml": types}
    )
    check_workbook(content, max_rows=1000)


def test_a_package_that_contradicts_itself_is_refused() -> None:
    # The shared strings named twice: which one would be read?
    types = CONTENT_TYPES.replace(
        "</Types>",
        f'<Override PartName="/{ODD_STRINGS}" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    twice = package(
        {SHEET: sheet(HEADER), ODD_STRINGS: f'<sst xmlns="{MAIN}"/>', "[Content_Types].xml": types}
    )
    assert refused(twice) == "bulk.file.bad_xlsx"
    # A sheet whose content type says it is something else.
    as_strings = CONTENT_TYPES.replace("spreadsheetml.worksheet+xml", "spreadsheetml.comments+xml")
    assert refused(package({SHEET: sheet(HEADER), "[Content_Types].xml": as_strings})) == (
        "bulk.file.bad_xlsx"
    )


def test_ordinary_workbooks_still_pass() -> None:
    check_workbook(workbook([["Сумма", "Email"], [100, "a@b.ru"]]), max_rows=1000)
    book = openpyxl.Workbook()
    book.active.append(["Сумма"])
    book.create_sheet("Второй").append(["x"])
    buffer = io.BytesIO()
    book.save(buffer)
    check_workbook(buffer.getvalue(), max_rows=1000)
