"""An upload read the way an accountant reads it: the rows, the header, the columns, the rows
that are not invoices, and every invoice row checked with the form's rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.services.bulk.columns import Columns, Field, match_columns
from bot.services.bulk.file_reader import read_table
from bot.services.bulk.layout import Layout, filled_counts, find_layout
from bot.services.bulk.order_lines import join_orders
from bot.services.bulk.rows import CheckedRow, check_rows, content_hash
from bot.services.bulk.skipping import Skipped, sort_rows
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


def read_upload(
    content: bytes,
    file_name: str,
    *,
    limits: Limits,
    today: date,
    choices: Mapping[Field, int] | None = None,
) -> Reading:
    """Raises BulkFileError for a file that cannot be used at all."""
    table = read_table(content, file_name, max_rows=limits.max_rows, max_bytes=limits.max_bytes)
    layout = find_layout(table)
    columns = match_columns(layout.names, choices, filled_counts(layout))
    if Field.AMOUNT not in columns.fields:
        # Only a two-level header gets here: "Сумма" over "НДС" is no amount.
        raise BulkFileError("bulk.file.no_amount_column", columns=layout.names)
    candidates, skipped = sort_rows(layout, columns)
    if not candidates:
        raise BulkFileError("bulk.file.no_rows")
    if len(candidates) > limits.max_rows:
        raise BulkFileError("bulk.file.too_many_rows", maximum=limits.max_rows)
    checked = join_orders(
        check_rows(candidates, columns, today=today, max_amount=limits.max_amount),
        limits.max_amount,
    )
    return Reading(file_name, table, layout, columns, skipped, checked, content_hash(layout))
