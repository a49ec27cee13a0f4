"""Where two readings of a file bill differently, the manager chooses: the reading does not.

* Two amount columns the names rank alike («Бюджет» and «Сумма предоплаты») that hold
  different amounts in some row: which one is to be billed?
* Two sheets that both look like orders (a sheet per month): which one is to be billed?

A question lists its options (column indexes, or sheet titles); the summary shows them as
buttons whose data carries the run and the option's index, never an amount.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from bot.parsing import InputError, parse_amount
from bot.services.bulk.columns import Columns, Field, meaning_of
from bot.services.bulk.skipping import Candidate
from bot.services.bulk.table import cell_text
from storage.bulk import Cell

_ANY_AMOUNT: Final = Decimal("1e15")


class Ask(StrEnum):
    AMOUNT_COLUMN = "amount_column"
    SHEET = "sheet"


@dataclass(frozen=True, slots=True)
class Question:
    ask: Ask
    options: tuple[str, ...]  # sheet titles, or column indexes as text
    chosen: int  # the option the reading shows until the manager answers


def _amount(cells: list[Cell], index: int) -> Decimal | str | None:
    text = cell_text(cells[index]).strip() if index < len(cells) else ""
    try:
        return parse_amount(text, _ANY_AMOUNT) if text else None
    except InputError:
        return text


def amount_question(
    names: list[str],
    columns: Columns,
    candidates: Sequence[Candidate],
    choices: Mapping[Field, int] | None,
    unnamed: Sequence[int] = (),
) -> Question | None:
    """A question when another amount column ranks with the chosen one (or is a second
    reading of it by its values: ``unnamed``) and bills otherwise."""
    chosen = columns.fields.get(Field.AMOUNT)
    if chosen is None or (choices and Field.AMOUNT in choices):
        return None
    weight = meaning_of(names[chosen])
    equals = [
        index
        for index in columns.alternatives.get(Field.AMOUNT, [])
        if (meaning_of(names[index]) == weight or index in unnamed)
        and any(_amount(row.cells, index) != _amount(row.cells, chosen) for row in candidates)
    ]
    if not equals:
        return None
    return Question(Ask.AMOUNT_COLUMN, tuple(str(i) for i in [chosen, *equals]), 0)
