"""The unseen corpus's expectations hold to their files: every export file has one, and every
row an expectation names is a row a person sees in that file, carrying the values it claims.
The reader is not run here; the comparing test belongs with the reader."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.corpus.unseen_expectations import (
    FOLDER,
    Ask,
    Expectation,
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
