"""An upload read the way an accountant reads it: the sheet, the rows, the header, the
columns, the rows that are not invoices (totals, notes, rows already paid or cancelled), and
every invoice row checked with the form's rules. Where two readings would bill differently,
the reading carries the question (see :mod:`questions`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bot.services.bulk.amount_columns import unnamed_amounts, with_unnamed
from bot.services.bulk.columns import Columns, Field, match_columns
from bot.services.bulk.file_reader import read_tables
from bot.services.bulk.layout import Layout, filled_counts, find_layout
from bot.services.bulk.order_lines import join_orders
from bot.services.bulk.order_numbers import checked_orders
from bot.services.bulk.partly_paid import billed_for_rest
from bot.services.bulk.questions import Ask, Question, amount_question
from bot.services.bulk.rows import CheckedRow, check_rows, content_hash
from bot.services.bulk.sheets import pick_sheet
from bot.services.bulk.skipping import SETTLED, Skipped, sort_rows
from bot.services.bulk.statuses import settled_columns
from bot.services.bulk.table import BulkFileError, Table


@dataclass(frozen=True, slots=True)
class Limits:
    max_rows: int
    max_bytes: int
    max_amount: Decimal


@dataclass(frozen=True, slots=True)
class Reading:
    file_name: str
    table: Table
    layout: Layout
    columns: Columns
    skipped: list[Skipped]
    checked: list[CheckedRow]
    content_hash: str
    sheets: list[str] = field(default_factory=list)  # XLSX: every sheet's title
    questions: list[Question] = field(default_factory=list)  # to answer before issuing
    include_settled: bool = False  # rows already paid or cancelled are billed too


def read_upload(
    content: bytes,
    file_name: str,
    *,
    limits: Limits,
    today: date,
    choices: Mapping[Field, int] | None = None,
    sheet: int | None = None,
    include_settled: bool = False,
) -> Reading:
    """Raises BulkFileError for a file that cannot be used at all. ``sheet``: the manager's
    choice of sheet (an index into ``Reading.sheets``); ``include_settled``: bill rows already
    paid or cancelled too."""
    tables = read_tables(content, file_name, max_rows=limits.max_rows, max_bytes=limits.max_bytes)
    table, sheet_options = pick_sheet(tables, sheet)
    layout = find_layout(table)
    columns = match_columns(layout.names, choices, filled_counts(layout))
    if Field.AMOUNT not in columns.fields:
        # Only a two-level header gets here: "Сумма" over "НДС" is no amount.
        raise BulkFileError("bulk.file.no_amount_column", columns=layout.names)
    body = [cells for _, cells in layout.body[layout.data_from :]]
    unnamed = unnamed_amounts(layout.names, columns, body)
    columns = checked_orders(body, layout.names, with_unnamed(columns, unnamed, choices))
    candidates, skipped = sort_rows(layout, columns, include_settled=include_settled)
    if not candidates and not any(row.kind in SETTLED for row in skipped):
        raise BulkFileError("bulk.file.no_rows")
    if len(candidates) > limits.max_rows:
        raise BulkFileError("bulk.file.too_many_rows", maximum=limits.max_rows)
    checked = check_rows(candidates, columns, today=today, max_amount=limits.max_amount)
    checked = join_orders(
        billed_for_rest(checked, settled_columns(layout.names)), limits.max_amount
    )
    questions = []
    if sheet_options:
        chosen = sheet_options.index(table.sheet) if table.sheet in sheet_options else 0
        questions.append(Question(Ask.SHEET, tuple(sheet_options), chosen))
    asked = amount_question(layout.names, columns, candidates, choices, unnamed)
    if asked is not None:
        questions.append(asked)
    return Reading(
        file_name,
        table,
        layout,
        columns,
        skipped,
        checked,
        content_hash(layout),
        sheets=[str(t.sheet) for t in tables if t.sheet is not None],
        questions=questions,
        include_settled=include_settled,
    )
