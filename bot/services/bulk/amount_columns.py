"""Amount columns judged by their values, where names do not tell.

Names rank the amount columns (to pay > with VAT > the bare «Сумма»; never the discount or
the VAT itself: :mod:`columns`). But a column may carry a name no rule knows («К получению»,
a CRM's custom field) and still be a second reading of the amount: its values are amounts,
none above the chosen column's, equal to it in some rows and below it in others (what is
left after a discount, a prepayment). Billing either would be a guess, so such a column is
offered beside the chosen one, and the reading asks (:mod:`questions`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Final

from bot.parsing import InputError, parse_amount
from bot.services.bulk.columns import Columns, Field, meaning_of
from bot.services.bulk.table import cell_text, is_blank
from storage.bulk import Cell

_ANY_AMOUNT: Final = Decimal("1e15")


def _amount(cells: list[Cell], index: int) -> Decimal | None:
    if index >= len(cells) or is_blank(cells[index]):
        return None
    try:
        return parse_amount(cell_text(cells[index]).strip(), _ANY_AMOUNT)
    except InputError:
        return None


def _second_reading(rows: Sequence[list[Cell]], index: int, chosen: int) -> bool:
    equal = below = False
    for cells in rows:
        ours, theirs = _amount(cells, chosen), _amount(cells, index)
        if ours is None:
            continue
        if theirs is None or theirs > ours:
            return False
        equal = equal or theirs == ours
        below = below or theirs < ours
    return equal and below


def unnamed_amounts(names: list[str], columns: Columns, rows: Sequence[list[Cell]]) -> list[int]:
    """Columns no rule knows whose values read as a second amount beside the chosen one."""
    chosen = columns.fields.get(Field.AMOUNT)
    if chosen is None:
        return []
    return [
        index
        for index in columns.ignored
        if meaning_of(names[index]) is None and _second_reading(rows, index, chosen)
    ]


def with_unnamed(
    columns: Columns, unnamed: list[int], choices: Mapping[Field, int] | None
) -> Columns:
    """``columns`` with those columns offered for the amount (taken, if the manager chose)."""
    if not unnamed:
        return columns
    fields = dict(columns.fields)
    others = [*columns.alternatives.get(Field.AMOUNT, []), *unnamed]
    wanted = (choices or {}).get(Field.AMOUNT)
    if wanted in unnamed:
        others = [fields[Field.AMOUNT], *(index for index in others if index != wanted)]
        fields[Field.AMOUNT] = wanted
    return replace(
        columns,
        fields=fields,
        alternatives={**columns.alternatives, Field.AMOUNT: others},
        ignored=[index for index in columns.ignored if index not in unnamed],
    )
