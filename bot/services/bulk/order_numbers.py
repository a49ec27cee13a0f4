"""Whether a column holds order numbers, judged by its values.

An order number is unique per order: rows sharing one are lines of one order, so they share
its payer. A column whose values repeat across rows of different payers («Номер группы», a
room, a contract) is not one; taking it would join several payers' rows into one invoice
billed to the first of them. And a column named like a row counter («№») whose values are
not a running count 1, 2, 3 … is an order number after all (МойСклад's «№» «00031»).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from bot.services.bulk.columns import Columns, Field, normalize
from bot.services.bulk.table import cell_text
from storage.bulk import Cell

_PAYER: Final = (Field.CLIENT, Field.EMAIL, Field.PHONE)
_COUNTER_NAMES: Final = frozenset({"№", "n", "no", "nn", "№ №"})


def _text(cells: list[Cell], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return " ".join(cell_text(cells[index]).split()).casefold()


def payer_key(cells: list[Cell], columns: Columns) -> str:
    """Who a row bills: its client (or the contact beside an empty company), else its e-mail
    or phone; empty when the row names no one."""
    for field in _PAYER:
        indexes = [columns.fields[field]] if field in columns.fields else []
        indexes += columns.alternatives.get(field, []) if field is Field.CLIENT else []
        for index in indexes:
            if text := _text(cells, index):
                return f"{field.value}:{text}"
    return ""


def is_order_number(rows: Sequence[list[Cell]], index: int, columns: Columns) -> bool:
    """Whether no value of the column is shared by rows of two different payers."""
    payers: dict[str, str] = {}
    for cells in rows:
        value = _text(cells, index)
        payer = payer_key(cells, columns)
        if not value or not payer:
            continue
        if payers.setdefault(value, payer) != payer:
            return False
    return True


def _running_count(rows: Sequence[list[Cell]], index: int) -> bool:
    """Whether the column's numbers run 1, 2, 3 … (words, as «Итого» there, aside)."""
    numbers = [text for cells in rows if (text := _text(cells, index)).isdigit()]
    return numbers == [str(n) for n in range(1, len(numbers) + 1)]


def checked_orders(rows: Sequence[list[Cell]], names: list[str], columns: Columns) -> Columns:
    """``columns`` with the order number only where its values are one; a counter-named
    column with values of its own taken when no column is named for orders."""
    candidates = [columns.fields[Field.ORDER]] if Field.ORDER in columns.fields else []
    candidates += columns.alternatives.get(Field.ORDER, [])
    if not candidates:
        candidates = [
            index
            for index in columns.ignored
            if normalize(names[index]) in _COUNTER_NAMES and not _running_count(rows, index)
        ]
    valid = [index for index in candidates if is_order_number(rows, index, columns)]
    fields: dict[Field, int] = {f: i for f, i in columns.fields.items() if f is not Field.ORDER}
    alternatives: dict[Field, list[int]] = {
        f: i for f, i in columns.alternatives.items() if f is not Field.ORDER
    }
    if valid:
        fields[Field.ORDER] = valid[0]
        if valid[1:]:
            alternatives[Field.ORDER] = valid[1:]
    ignored = [index for index in columns.ignored if index not in valid]
    ignored += [index for index in candidates if index not in valid]
    return replace(columns, fields=fields, alternatives=alternatives, ignored=sorted(ignored))
