"""A row partly paid already is billed for the rest («Оплачено» 20 000 of 57 600: 37 600),
and its result says so (``bulk.note.partly_paid``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from bot.services.bulk.line_cells import row_line
from bot.services.bulk.rows import CheckedRow
from bot.services.bulk.statuses import SettledColumns, paid_amount

PARTLY_PAID: Final = "bulk.note.partly_paid"


def billed_for_rest(rows: list[CheckedRow], columns: SettledColumns) -> list[CheckedRow]:
    if columns.paid is None:
        return rows
    out = []
    for row in rows:
        paid = paid_amount(row.cells, columns)
        draft = row.draft
        if draft is None or paid is None or not 0 < paid < draft.amount:
            out.append(row)
            continue
        rest = draft.amount - paid
        # The receipt is one line for what is left: the goods' lines would sum to the whole.
        lines = [row_line(draft.service, rest, None, None, None)] if row.lines else None
        out.append(
            replace(
                row,
                draft=replace(draft, amount=rest),
                lines=lines,
                notes=(*row.notes, PARTLY_PAID),
            )
        )
    return out
