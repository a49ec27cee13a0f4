"""The reading depends on what the file shows, not on where it is: shuffling the columns or
adding unrelated ones never silently changes the amounts billed. Either the same rows are
billed the same amounts, or the bot asks (a question on the reading), or it refuses the file
saying why; never another amount on the quiet.

Run over every CSV-like export of the unseen corpus (tests/corpus/unseen)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.services.bulk.reading import Limits, Reading, read_upload
from bot.services.bulk.table import BulkFileError
from tests.corpus.unseen_expectations import TODAY, data_files, raw_rows

LIMITS = Limits(max_rows=1000, max_bytes=2 * 1024 * 1024, max_amount=Decimal(10_000_000))
FILES = [path for path in data_files() if path.suffix != ".xlsx"]
TABLES = {path.name: raw_rows(path) for path in FILES}
UNRELATED = ["Склад", "Регион", "Источник сделки", "Тег 2", "Примечание менеджера", "Канал 3"]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode()


def _read(rows: list[list[str]]) -> Reading | None:
    try:
        return read_upload(_csv(rows), "export.csv", limits=LIMITS, today=TODAY)
    except BulkFileError:
        return None


def _billed(reading: Reading) -> dict[int, Decimal]:
    return {row.row_number: row.draft.amount for row in reading.checked if row.draft is not None}


def _header_index(rows: list[list[str]]) -> int:
    reading = _read(rows)
    assert reading is not None
    return reading.layout.header_rows[0] - 1


def _holds(before: Reading | None, after: Reading | None) -> None:
    """The amounts billed are the same, or the bot asks, or it refuses the file."""
    if before is None or before.questions or after is None or after.questions:
        return
    assert _billed(after) == _billed(before)


def _width(rows: list[list[str]]) -> int:
    return max(len(row) for row in rows)


def _padded(rows: list[list[str]]) -> list[list[str]]:
    width = _width(rows)
    return [row + [""] * (width - len(row)) for row in rows]


@pytest.mark.parametrize("name", sorted(TABLES))
@SETTINGS
@given(data=st.data())
def test_shuffling_the_columns_bills_the_same_or_asks(name: str, data: st.DataObject) -> None:
    rows = _padded(TABLES[name])
    order = data.draw(st.permutations(range(_width(rows))))
    shuffled = [[row[index] for index in order] for row in rows]
    _holds(_read(rows), _read(shuffled))


@pytest.mark.parametrize("name", sorted(TABLES))
@SETTINGS
@given(data=st.data())
def test_unrelated_columns_bill_the_same_or_ask(name: str, data: st.DataObject) -> None:
    rows = _padded(TABLES[name])
    header = _header_index(rows)
    added = data.draw(st.lists(st.sampled_from(UNRELATED), min_size=1, max_size=3, unique=True))
    out = [list(row) for row in rows]
    for column in added:
        at = data.draw(st.integers(0, len(out[header])))
        values = data.draw(
            st.lists(
                st.one_of(st.sampled_from(["", "Москва", "сайт", "партнёр"]), st.integers(1, 99)),
                min_size=len(out),
                max_size=len(out),
            )
        )
        for number, row in enumerate(out):
            cell = column if number == header else (str(values[number]) if number > header else "")
            row.insert(at, cell)
    _holds(_read(rows), _read(out))
