"""Which sheet of a workbook holds the orders.

Excel puts a new pivot table on a sheet of its own, before the data; a manager keeps a sheet
per month. Every sheet is read, and the one that looks like orders is taken: the most rows
with an amount and a payer, never a pivot (its captions «Названия строк», «Сумма по полю …»
say so). When two sheets both look like orders, which month to bill is the manager's choice:
the reading asks (see :mod:`questions`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.services.bulk.columns import Field, match_columns, normalize
from bot.services.bulk.layout import find_layout
from bot.services.bulk.order_numbers import payer_key
from bot.services.bulk.table import BulkFileError, Table, is_blank

SHEETS_SHOWN: Final = 5  # named and offered as buttons; a workbook of dozens is a database
_PIVOT: Final = re.compile(
    r"^(названия строк|названия столбцов|сумма по полю|количество по полю|среднее по полю"
    r"|row labels|column labels|sum of|count of)\b"
)


@dataclass(frozen=True, slots=True)
class SheetLook:
    table: Table
    orders: int  # rows with an amount and a payer; 0 for a pivot or a sheet without a header


def look(table: Table) -> SheetLook:
    try:
        layout = find_layout(table)
    except BulkFileError:
        return SheetLook(table, 0)
    if any(_PIVOT.search(normalize(name)) for name in layout.names):
        return SheetLook(table, 0)
    columns = match_columns(layout.names)
    amount_at = columns.fields.get(Field.AMOUNT)
    if amount_at is None:
        return SheetLook(table, 0)
    orders = sum(
        1
        for _, cells in layout.body[layout.data_from :]
        if amount_at < len(cells) and not is_blank(cells[amount_at]) and payer_key(cells, columns)
    )
    return SheetLook(table, orders)


def pick_sheet(tables: Sequence[Table], wanted: int | None) -> tuple[Table, list[str]]:
    """The sheet to read (the manager's by its index, else the one most like orders) and,
    when more than one sheet looks like orders, their titles: the choice to put to them."""
    if len(tables) == 1:
        return tables[0], []
    if wanted is not None and 0 <= wanted < len(tables):
        return tables[wanted], []
    looks = [look(table) for table in tables]
    orders = [seen for seen in looks if seen.orders]
    asked = [str(seen.table.sheet) for seen in orders] if len(orders) > 1 else []
    if not orders:
        # No sheet has a payer: the first one an amount's header is found on.
        usable = [table for table in tables if _has_layout(table)]
        return (usable or list(tables))[0], []
    return max(orders, key=lambda seen: seen.orders).table, asked


def _has_layout(table: Table) -> bool:
    try:
        find_layout(table)
    except BulkFileError:
        return False
    return True
