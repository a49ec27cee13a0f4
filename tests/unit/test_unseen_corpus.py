"""The unseen corpus: its expectations hold to their files (every export file has one, and
every row an expectation names is a row a person sees in that file, carrying the values it
claims), and the bot's reader bills each file as the accountant expects, or asks where the
accountant says it must."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.services.bulk.columns import Field
from bot.services.bulk.reading import Limits, Reading, read_upload
from bot.services.bulk.skipping import Skip
from tests.corpus.unseen_expectations import (
    FOLDER,
    TODAY,
    Ask,
    Expectation,
    Invoice,
    Why,
    data_files,
    expectations,
    parse,
    raw_rows,
)
from tests.corpus.unseen_xlsx import FILES

LOADED = list(expectations())
IDS = [path.name for path, _ in LOADED]


def test_every_export_file_has_an_expectation_and_every_expectation_a_file() -> None:
    files = data_files()
    assert len(files) >= 12
    assert [path for path, _ in LOADED] == files
    yamls = {path.stem for path in FOLDER.glob("*.yaml")}
    assert yamls == {path.stem for path in files}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize(("path", "expected"), LOADED, ids=IDS)
def test_the_rows_an_expectation_names_exist_and_hold_its_values(
    path: Path, expected: Expectation
) -> None:
    assert (expected.sheet is not None) == (path.suffix == ".xlsx")
    rows = raw_rows(path, expected.sheet)
    named = [row for invoice in expected.invoices for row in invoice.rows]
    named += [skip.row for skip in expected.not_billed]
    assert len(named) == len(set(named)), "a row is named twice"
    for number in named:
        assert 1 <= number <= len(rows), number
        assert any(cell.strip() for cell in rows[number - 1]), f"row {number} is blank"
    for invoice in expected.invoices:
        assert invoice.amount > 0
        cells = [cell for number in invoice.rows for cell in rows[number - 1]]
        for value in (invoice.email, invoice.client, invoice.service):
            if value is not None:
                assert any(value in cell for cell in cells), (invoice.rows, value)
        if invoice.order is not None:
            assert invoice.order in cells, (invoice.rows, invoice.order)
        if invoice.phone is not None:
            assert re.fullmatch(r"\+7\d{10}", invoice.phone)
            assert any(invoice.phone[2:] in _digits(cell) for cell in cells), invoice.rows


def test_the_corpus_covers_every_kind_the_reader_must_meet() -> None:
    reasons = {skip.why for _, expected in LOADED for skip in expected.not_billed}
    assert {Why.TOTAL, Why.PAID, Why.CANCELLED, Why.LOST, Why.NOTE} <= reasons
    asks = {ask for _, expected in LOADED for ask in expected.ask}
    assert asks == {Ask.AMOUNT_COLUMN, Ask.SHEET}
    assert any(len(i.rows) > 1 for _, expected in LOADED for i in expected.invoices)
    assert any(i.last_day is not None for _, expected in LOADED for i in expected.invoices)
    suffixes = {path.suffix for path, _ in LOADED}
    assert suffixes == {".csv", ".txt", ".tsv", ".xlsx"}


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_xlsx_files_hold_the_cells_their_builder_makes(name: str) -> None:
    def cells(source: Path | io.BytesIO) -> dict[str, list[list[object]]]:
        workbook = load_workbook(source, read_only=True)
        try:
            return {
                sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
                for sheet in workbook.worksheets
            }
        finally:
            workbook.close()

    assert cells(FOLDER / name) == cells(io.BytesIO(FILES[name]()))


def test_a_malformed_expectation_is_refused() -> None:
    good = "source: s\ninvoices: [{rows: [2], amount: '1.00'}]\nnot_billed: []\n"
    assert parse(good).invoices[0].rows == (2,)
    with pytest.raises(ValueError, match="unknown"):
        parse(good + "extra: 1\n")
    with pytest.raises(ValueError, match="unknown invoice keys"):
        parse("source: s\ninvoices: [{rows: [2], amount: '1', emial: x}]\nnot_billed: []\n")
    with pytest.raises(ValueError, match="forgotten"):
        parse("source: s\ninvoices: []\nnot_billed: [{row: 3, why: forgotten}]\n")


# --- The reader against the accountant -------------------------------------------------------

LIMITS = Limits(max_rows=1000, max_bytes=2 * 1024 * 1024, max_amount=Decimal(1_000_000))
SETTLED_WHY = {Why.PAID: Skip.PAID, Why.CANCELLED: Skip.CANCELLED, Why.LOST: Skip.CANCELLED}
NOT_INVOICES = {
    Why.TOTAL: {Skip.TOTAL, Skip.SUM},
    Why.NOTE: {Skip.NOTE},
    Why.HEADER: {Skip.HEADER},
}


def _read(path: Path, **options: Any) -> Reading:
    return read_upload(path.read_bytes(), path.name, limits=LIMITS, today=TODAY, **options)


def _billed(reading: Reading) -> dict[tuple[int, ...], Invoice]:
    """What the reading bills, as the accountant writes it: the rows of each invoice."""
    joined: dict[int, list[int]] = {}
    for row in reading.checked:
        keys = [problem.error.key for problem in row.problems]
        if keys == ["bulk.row.joined"]:
            joined.setdefault(int(str(row.problems[0].error.params["row"])), []).append(
                row.row_number
            )
    return {
        (row.row_number, *joined.get(row.row_number, [])): Invoice(
            rows=(row.row_number, *joined.get(row.row_number, [])),
            amount=row.draft.amount,
            email=row.draft.email,
            phone=row.draft.phone,
            client=row.draft.client_name,
            service=row.draft.service,
            last_day=row.draft.last_day,
            order=row.order,
        )
        for row in reading.checked
        if row.draft is not None
    }


def _answered(path: Path, expected: Expectation) -> Reading:
    """The reading after the manager answers its questions as the accountant would; every
    question the accountant expects is asked, and no other."""
    reading = _read(path)
    asked = {question.ask.value: question for question in reading.questions}
    assert set(asked) == {ask.value for ask in expected.ask}
    options: dict[str, Any] = {}
    if Ask.SHEET in expected.ask:
        assert expected.sheet in asked["sheet"].options
        options["sheet"] = reading.sheets.index(expected.sheet)
    if Ask.AMOUNT_COLUMN in expected.ask:
        question = asked["amount_column"]
        readings = [
            _read(path, choices={Field.AMOUNT: int(option)}, **options)
            for option in question.options
        ]
        billed = [sorted(i.amount for i in _billed(r).values()) for r in readings]
        assert len({tuple(amounts) for amounts in billed}) == len(billed), "options bill alike"
        wanted = sorted(invoice.amount for invoice in expected.invoices)
        assert wanted in billed, billed
        return readings[billed.index(wanted)]
    return _read(path, **options) if options else reading


@pytest.mark.parametrize(("path", "expected"), LOADED, ids=IDS)
def test_the_reader_bills_what_the_accountant_expects_or_asks(
    path: Path, expected: Expectation
) -> None:
    reading = _answered(path, expected)
    if expected.sheet is not None:
        assert reading.table.sheet == expected.sheet
    assert _billed(reading) == {invoice.rows: invoice for invoice in expected.invoices}
    skipped = {row.row_number: row.kind for row in reading.skipped}
    header = set(reading.layout.header_rows)
    for skip in expected.not_billed:
        if skip.why in SETTLED_WHY:
            assert skipped.get(skip.row) is SETTLED_WHY[skip.why], skip
        elif skip.row not in header:
            assert skip.row in skipped or skip.row < min(header), skip
            if skip.row in skipped:
                assert skipped[skip.row] in NOT_INVOICES[skip.why], skip


@pytest.mark.parametrize(("path", "expected"), LOADED, ids=IDS)
def test_settled_rows_are_billed_when_the_manager_includes_them(
    path: Path, expected: Expectation
) -> None:
    settled = {skip.row for skip in expected.not_billed if skip.why in SETTLED_WHY}
    if not settled:
        pytest.skip("no paid or cancelled rows")
    sheets = _read(path).sheets
    options = {"sheet": sheets.index(expected.sheet)} if expected.sheet else {}
    reading = _read(path, include_settled=True, **options)
    # Checked as any row (a paid invoice's last day may be past: then that is what is said).
    assert settled <= {row.row_number for row in reading.checked}
    assert not settled & {row.row_number for row in reading.skipped}
