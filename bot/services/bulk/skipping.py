"""Rows below the header that are not invoices, and why.

Exports carry rows a careful accountant reads past, and issuing one bills a payer for nothing
they owe; the worst is a total, which bills someone for everyone's invoices. A row is skipped
when it is:

* the header again, as 1C repeats it on every printed page, or a row of column numbers
  (1, 2, 3, ... under the header of 1C's printed forms);
* a total: a cell says «Итого», «Всего», «Total»... (so does «Итого к оплате»);
* a sum: it holds numbers only, and its amount equals the sum of the invoice rows above it
  (all of them, or those since the last total), in a table whose rows hold more than numbers;
* a note: no amount and at most one filled cell (a title, a group's name, a signature).

Blank rows never get here. Everything else is a candidate invoice, checked in :mod:`rows`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from bot.parsing import InputError, parse_amount
from bot.services.bulk.columns import Columns, Field, normalize
from bot.services.bulk.layout import Layout
from bot.services.bulk.table import cell_text, is_blank
from storage.bulk import Cell

TOTAL_WORDS: Final = frozenset({"итого", "итог", "всего", "total", "totals", "subtotal", "grand"})
_LABEL_WORDS: Final = 6  # a longer text starting with "Всего" is a sentence, not a label
_NUMBER: Final = re.compile(r"[\d\s.,%\u00a0\u202f-]+")
_ANY_AMOUNT: Final = Decimal("1e15")


class Skip(StrEnum):
    HEADER = "header"
    COLUMN_NUMBERS = "column_numbers"
    TOTAL = "total"
    SUM = "sum"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Skipped:
    row_number: int
    kind: Skip
    amount: Decimal | None = None
    text: str | None = None  # the label of a total, the text of a note


@dataclass(frozen=True, slots=True)
class Candidate:
    row_number: int
    ordinal: int  # place among the non-blank rows below the header: part of the order id
    cells: list[Cell]


@dataclass(slots=True)
class _Sums:
    """The invoice rows above: in all, and since the last total (a group's)."""

    total: Decimal = Decimal(0)
    rows: int = 0
    group: Decimal = Decimal(0)
    group_rows: int = 0
    with_text: bool = False  # some row holds more than numbers

    def add(self, amount: Decimal | None, cells: list[Cell], amount_at: int | None) -> None:
        if amount is not None:
            self.total += amount
            self.rows += 1
            self.group += amount
            self.group_rows += 1
        self.with_text = self.with_text or not _numbers_only(cells, amount_at)

    def matches(self, amount: Decimal) -> bool:
        return self.with_text and (
            (self.rows > 0 and amount == self.total)
            or (self.group_rows > 0 and amount == self.group)
        )

    def close_group(self) -> None:
        self.group, self.group_rows = Decimal(0), 0


def sort_rows(layout: Layout, columns: Columns) -> tuple[list[Candidate], list[Skipped]]:
    """The body's rows as candidate invoices and skipped rows, each in file order."""
    amount_at = columns.fields.get(Field.AMOUNT)
    header = [normalize(name) for name in layout.header_cells]
    second = [normalize(name) for name in layout.second_cells]
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    sums = _Sums()
    for index, (number, cells) in enumerate(layout.body):
        if index < layout.data_from:
            continue  # the second header row
        amount_text = _text_at(cells, amount_at)
        amount = _amount(amount_text)
        kind, label = _kind(cells, (header, second), amount_at, amount_text, amount, sums)
        if kind is None:
            candidates.append(Candidate(number, index + 1, cells))
            sums.add(amount, cells, amount_at)
            continue
        skipped.append(Skipped(number, kind, amount, label))
        if kind in (Skip.TOTAL, Skip.SUM):
            sums.close_group()
    return candidates, skipped


def _kind(
    cells: list[Cell],
    headers: tuple[list[str], list[str]],
    amount_at: int | None,
    amount_text: str,
    amount: Decimal | None,
    sums: _Sums,
) -> tuple[Skip | None, str | None]:
    if any(_repeats(cells, names) for names in headers):
        return Skip.HEADER, None
    if _column_numbers(cells):
        return Skip.COLUMN_NUMBERS, None
    if (label := _total_label(cells)) is not None:
        return Skip.TOTAL, label
    filled = [cell for cell in cells if not is_blank(cell)]
    if not amount_text and len(filled) <= 1:
        return Skip.NOTE, (" ".join(cell_text(filled[0]).split()) if filled else None)
    if amount is not None and _numbers_only(cells, amount_at) and sums.matches(amount):
        return Skip.SUM, None
    return None, None


def _text_at(cells: list[Cell], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cell_text(cells[index]).strip()


def _amount(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        return parse_amount(text, _ANY_AMOUNT)
    except InputError:
        return None


def _repeats(cells: list[Cell], names: list[str]) -> bool:
    """Whether the row is the header again: most of its filled cells are the column's name."""
    named = sum(1 for name in names if name)
    filled = [(index, cell) for index, cell in enumerate(cells) if not is_blank(cell)]
    hits = sum(
        1
        for index, cell in filled
        if isinstance(cell, str) and index < len(names) and names[index]
        if normalize(cell) == names[index]
    )
    return hits >= min(2, named) and hits * 2 >= len(filled)


def _column_numbers(cells: list[Cell]) -> bool:
    numbers = [cell_text(cell).strip() for cell in cells if not is_blank(cell)]
    return len(numbers) >= 3 and numbers == [str(n) for n in range(1, len(numbers) + 1)]


def _total_label(cells: list[Cell]) -> str | None:
    for cell in cells:
        if isinstance(cell, str):
            words = normalize(cell).split()
            if words and words[0] in TOTAL_WORDS and len(words) <= _LABEL_WORDS:
                return " ".join(cell.split())
    return None


def _numbers_only(cells: list[Cell], amount_at: int | None) -> bool:
    """Whether the row holds nothing but numbers (the amount may carry "₽" or "руб.")."""
    return all(
        isinstance(cell, int | float) or _NUMBER.fullmatch(cell_text(cell)) is not None
        for index, cell in enumerate(cells)
        if index != amount_at and not is_blank(cell)
    )
