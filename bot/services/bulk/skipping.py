"""Rows below the header that are not invoices, and why.

Exports carry rows a careful accountant reads past, and issuing one bills a payer for nothing
they owe; the worst is a total, which bills someone for everyone's invoices. A row is skipped
when it is:

* the header again, as 1C repeats it on every printed page, or a row of column numbers
  (1, 2, 3, ... under the header of 1C's printed forms);
* a total, by its words or its structure (see :mod:`totals`);
* a sum: it names no payer, and its amount equals the sum of the invoice rows above it
  (all of them, or those since the last total), in a table whose rows hold more than numbers;
* a note: no amount and at most one filled cell (a title, a group's name, a signature);
* settled: paid or cancelled already (see :mod:`statuses`), unless the manager includes
  such rows.

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
from bot.services.bulk.statuses import Settled, settled, settled_columns
from bot.services.bulk.table import cell_text, is_blank
from bot.services.bulk.totals import first_word_label, payerless_label
from storage.bulk import Cell

_PAYER: Final = (Field.CLIENT, Field.EMAIL, Field.PHONE, Field.ORDER)
_NUMBER: Final = re.compile(r"[\d\s.,%\u00a0\u202f-]+")
_ANY_AMOUNT: Final = Decimal("1e15")


class Skip(StrEnum):
    HEADER = "header"
    COLUMN_NUMBERS = "column_numbers"
    TOTAL = "total"
    SUM = "sum"
    NOTE = "note"
    PAID = "paid"
    CANCELLED = "cancelled"


SETTLED: Final = (Skip.PAID, Skip.CANCELLED)  # invoices, not billed unless included


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

    def matches(self, amount: Decimal, least: int = 1) -> bool:
        """Whether ``amount`` sums ``least`` or more rows above (all, or the group's)."""
        return self.with_text and (
            (self.rows >= least and amount == self.total)
            or (self.group_rows >= least and amount == self.group)
        )

    def close_group(self) -> None:
        self.group, self.group_rows = Decimal(0), 0


def sort_rows(
    layout: Layout, columns: Columns, *, include_settled: bool = False
) -> tuple[list[Candidate], list[Skipped]]:
    """The body's rows as candidate invoices and skipped rows, each in file order."""
    amount_at = columns.fields.get(Field.AMOUNT)
    payer_at = [columns.fields[f] for f in _PAYER if f in columns.fields]
    payer_at += [i for f in _PAYER for i in columns.alternatives.get(f, [])]
    status_at = settled_columns(layout.names)
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
        payer = any(not is_blank(cells[i]) for i in payer_at if i < len(cells))
        kind, label = _kind(cells, (header, second), amount_at, amount_text, amount, sums, payer)
        if kind is None:
            sums.add(amount, cells, amount_at)
            state = None if include_settled else settled(cells, status_at, amount)
            if state is None:
                candidates.append(Candidate(number, index + 1, cells))
            else:
                kind = Skip.PAID if state is Settled.PAID else Skip.CANCELLED
                skipped.append(Skipped(number, kind, amount, None))
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
    payer: bool,
) -> tuple[Skip | None, str | None]:
    if any(_repeats(cells, names) for names in headers):
        return Skip.HEADER, None
    if _column_numbers(cells):
        return Skip.COLUMN_NUMBERS, None
    if (label := first_word_label(cells)) is not None:
        return Skip.TOTAL, label
    if not payer and amount is not None and (label := payerless_label(cells)) is not None:
        return Skip.TOTAL, label
    filled = [cell for cell in cells if not is_blank(cell)]
    if not amount_text and len(filled) <= 1:
        return Skip.NOTE, (" ".join(cell_text(filled[0]).split()) if filled else None)
    # Numbers only, or words and the sum of several rows (one row's amount may well recur
    # in a row that lacks a payer's details).
    least = 1 if _numbers_only(cells, amount_at) else 2
    if amount is not None and not payer and sums.matches(amount, least):
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


def _numbers_only(cells: list[Cell], amount_at: int | None) -> bool:
    """Whether the row holds nothing but numbers (the amount may carry "₽" or "руб.")."""
    return all(
        isinstance(cell, int | float) or _NUMBER.fullmatch(cell_text(cell)) is not None
        for index, cell in enumerate(cells)
        if index != amount_at and not is_blank(cell)
    )
