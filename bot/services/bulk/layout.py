"""Where the table is in the sheet: its header row, and the column names.

Exports rarely start with the header: 1C puts a title, the period and the organisation above
it, banks their name and the account. The header is the row among the first
:data:`HEADER_SEARCH_ROWS` non-blank rows that names an amount column and the most other known
columns (the earliest of equals). Under it may be a second header row, as 1C writes a
two-level header with merged cells ("Покупатель" over "Наименование" and "ИНН"): a row right
below made only of column names, some of them under a gap in the first row. Its names are
joined to those above ("Покупатель Наименование", "Сумма с НДС"), a gap taking the name to
its left, as a merged cell spans to the right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.services.bulk.columns import Field, is_column_name, meaning_of
from bot.services.bulk.table import (
    HEADER_SEARCH_ROWS,
    BulkFileError,
    Record,
    Table,
    cell_text,
    is_blank,
)
from storage.bulk import Cell

_VALUE: Final = re.compile(r"[\d\s.,:;/+()%№-]+")  # numbers, dates, phones: data, not names
# A title's text, not a column's name: "Сумма к оплате: 3 000 ₽" (a label with a number
# after it), "Выписка за 01.03.2026", "р/с 40702810900000000001" (a date, a long number).
# "Контакт: Рабочий телефон" (as CRMs name columns) stays a name.
_TITLE: Final = re.compile(r":\D*\d|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{5,}")


@dataclass(frozen=True, slots=True)
class Layout:
    header_rows: tuple[int, ...]  # the header's row numbers: one, or two for a two-level one
    names: list[str]  # the column names (both levels joined)
    header_cells: list[str]  # the header row as written: part of what identifies the content
    second_cells: list[str]  # the second header row as written; empty without one
    body: list[Record]  # every non-blank row below the header row
    data_from: int  # index in body of the first row that may be an invoice


def filled_counts(layout: Layout) -> list[int]:
    """For each column, in how many rows below the header it holds something."""
    counts = [0] * len(layout.names)
    for _, cells in layout.body[layout.data_from :]:
        for index, cell in enumerate(cells[: len(counts)]):
            counts[index] += not is_blank(cell)
    return counts


def looks_like_name(cell: Cell) -> bool:
    """Whether a cell could be a column's name: text, and neither data nor a title's line."""
    return (
        isinstance(cell, str)
        and bool(cell.strip())
        and _VALUE.fullmatch(cell) is None
        and _TITLE.search(cell) is None
    )


def header_score(cells: list[Cell]) -> int | None:
    """How many known column names a row has, if one of them is an amount's; else None."""
    meanings = [
        meaning_of(cell) for cell in cells if isinstance(cell, str) and looks_like_name(cell)
    ]
    if not any(meaning is not None and meaning.field is Field.AMOUNT for meaning in meanings):
        return None
    return sum(meaning is not None for meaning in meanings)


def find_layout(table: Table) -> Layout:
    """The table's layout; raises BulkFileError when no row names an amount column."""
    top = table.records[:HEADER_SEARCH_ROWS]
    best: tuple[int, int] | None = None  # (score, index)
    for index, (_, cells) in enumerate(top):
        score = header_score(cells)
        if score is not None and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        raise BulkFileError("bulk.file.no_amount_column", columns=_names_seen(top))
    index = best[1]
    above = index - 1
    if (
        above >= 0
        and _filled(table.records[above][1]) > 1  # one cell above is a title, not a level
        and header_score(table.records[above][1]) is not None
        and _second_header(*_pair(table, above)) is not None
    ):
        # The best row is the second level of a two-level header ("с НДС" under "Сумма"
        # names an amount too): the header starts a row higher.
        index = above
    header_row, header = table.records[index]
    body = table.records[index + 1 :]
    header_cells = [cell_text(cell).strip() for cell in header]
    second = _second_header(header, body[0] if body else None, header_row)
    if second is None:
        return Layout((header_row,), header_cells, header_cells, [], body, 0)
    second_cells = [cell_text(cell).strip() for cell in second]
    names = _joined(header, second)
    return Layout((header_row, header_row + 1), names, header_cells, second_cells, body, 1)


def _pair(table: Table, index: int) -> tuple[list[Cell], Record | None, int]:
    row, cells = table.records[index]
    below = table.records[index + 1] if index + 1 < len(table.records) else None
    return cells, below, row


def _filled(cells: list[Cell]) -> int:
    return sum(not is_blank(cell) for cell in cells)


def _names_seen(top: list[Record]) -> list[str]:
    """The row most like a header (the most known names, then the most names): what to show
    when none names an amount, so the manager sees which columns the bot did find."""
    if not top:
        return []

    def likeness(record: Record) -> tuple[int, int]:
        names = [cell for cell in record[1] if looks_like_name(cell)]
        return sum(is_column_name(cell_text(name)) for name in names), len(names)

    _, cells = max(top, key=likeness)
    return [cell_text(cell).strip() for cell in cells if not is_blank(cell)]


def _second_header(header: list[Cell], below: Record | None, header_row: int) -> list[Cell] | None:
    if below is None or below[0] != header_row + 1:
        return None
    cells = below[1]
    filled = [(index, cell) for index, cell in enumerate(cells) if not is_blank(cell)]
    if not all(looks_like_name(cell) for _, cell in filled):
        return None
    # What makes it a second level: a name under a gap in the first, where a merged cell
    # spans from the left ("Покупатель" over "Наименование" and "ИНН").
    under_gap = any(index >= len(header) or is_blank(header[index]) for index, _ in filled)
    if under_gap and any(is_column_name(cell_text(cell)) for _, cell in filled):
        return cells
    return None


def _joined(header: list[Cell], second: list[Cell]) -> list[str]:
    names = []
    parent = ""
    for index in range(max(len(header), len(second))):
        top = cell_text(header[index]).strip() if index < len(header) else ""
        sub = cell_text(second[index]).strip() if index < len(second) else ""
        if top:
            parent = top
        names.append(f"{top or parent} {sub}".strip() if sub else top)
    return names
