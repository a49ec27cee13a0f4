"""Checking each row of a file with the /invoice form's own parsers, and naming the orders.

A row's order id is derived from what identifies the row, never drawn at random, so that the
same row uploaded again (or a run resumed after a restart) maps onto the invoice already in
the log instead of making a second one:

* ``bo<owner>-<order number>`` when the file has an order column (``bh<owner>-<hash>``
  when the number is long or has characters awkward in PayKeeper's cabinet);
* ``bf<owner>-<content hash>-<n>`` otherwise: the n-th data row of a table with this
  content. The hash is of the header row and every non-blank row below it (totals and
  repeated headers included, so rows keep their numbers), not of the file's bytes: re-saving
  the file in Excel, or as CSV instead of XLSX, changes nothing, and neither do blank lines
  or a title above the header.

A later attempt after a failure gets ``~2``, ``~3``... appended (see :func:`attempt_order_id`).

The owner is the manager's stored alias (storage/order_aliases.py): payers see order ids, and
the alias names no one. Ids made before the alias carry the manager's Telegram id there; the
planner still finds those (bot/services/bulk/planning.py).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final, TypeVar

from bot.drafts import InvoiceDraft
from bot.parsing import (
    InputError,
    is_skip,
    parse_amount,
    parse_email,
    parse_expiry,
    parse_phone,
    parse_quantity,
    parse_service,
)
from bot.services.bulk.cell_fixes import first_email, without_extension
from bot.services.bulk.columns import Columns, Field
from bot.services.bulk.layout import Layout
from bot.services.bulk.line_cells import Line, parse_rate, row_line
from bot.services.bulk.skipping import Candidate
from bot.services.bulk.table import cell_text
from storage.bulk import Cell

_T = TypeVar("_T")

CLIENT_MAX_LENGTH: Final = 128
ORDER_MAX_LENGTH: Final = 64
_READABLE_ORDER: Final = re.compile(r"[0-9A-Za-zА-Яа-яЁё_./#№-]{1,32}")
# 1C writes dates with a time ("31.12.2026 0:00:00"); the form's parser wants the date alone.
_DATE_WITH_TIME: Final = re.compile(r"(\S+)[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?")


@dataclass(frozen=True, slots=True)
class Problem:
    field: Field | None  # None: the row as a whole
    error: InputError


@dataclass(frozen=True, slots=True)
class CheckedRow:
    row_number: int  # as the spreadsheet shows it
    ordinal: int  # place among the non-blank rows below the header, from 1
    cells: list[Cell]
    draft: InvoiceDraft | None  # None when there are problems
    order: str | None
    problems: list[Problem]
    lines: list[Line] | None = None  # receipt lines, when the file has their columns
    notes: tuple[str, ...] = ()  # text keys: what was read other than as written


def content_hash(layout: Layout) -> str:
    """sha256 of ``[header, rows]`` as compact JSON, written piece by piece (a whole table
    as one string would double its memory)."""

    def dumped(value: list[str]) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()

    digest = hashlib.sha256(b"[" + dumped(layout.header_cells) + b",[")
    for index, (_, cells) in enumerate(layout.body):
        digest.update((b"," if index else b"") + dumped([cell_text(c).strip() for c in cells]))
    digest.update(b"]]")
    return digest.hexdigest()


def base_order_id(owner: str, order: str | None, table_hash: str, ordinal: int) -> str:
    """A row's first order id; ``owner`` is the manager's alias (or, for ids made before the
    alias, their Telegram id)."""
    if order:
        if _READABLE_ORDER.fullmatch(order):
            return f"bo{owner}-{order}"
        digest = hashlib.sha256(order.encode()).hexdigest()[:16]
        return f"bh{owner}-{digest}"
    return f"bf{owner}-{table_hash[:12]}-{ordinal}"


def attempt_order_id(base: str, attempt: int) -> str:
    """The order id of the ``attempt``-th try of a row (``~`` never occurs in a base)."""
    return base if attempt <= 1 else f"{base}~{attempt}"


def _at(cells: list[Cell], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    text = cell_text(cells[index]).strip()
    return "" if is_skip(text) else text


def _cell(cells: list[Cell], columns: Columns, column: Field) -> str:
    text = _at(cells, columns.fields.get(column))
    if not text and column is Field.CLIENT:
        # The company is empty: the payer is the person (a CRM's contact beside it).
        others = (_at(cells, index) for index in columns.alternatives.get(column, []))
        text = next((other for other in others if other), "")
    return text


def _optional(parse: Callable[[str], _T]) -> Callable[[str], _T | None]:
    return lambda text: parse(text) if text else None


def _parsed(
    problems: list[Problem], column: Field, text: str, parse: Callable[[str], _T]
) -> _T | None:
    try:
        return parse(text)
    except InputError as error:
        problems.append(Problem(column, error))
        return None


def _no_control_chars(value: str) -> str:
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise InputError("bulk.row.control_chars")
    return value


def _client(text: str) -> str:
    value = _no_control_chars(" ".join(text.split()))
    if len(value) > CLIENT_MAX_LENGTH:
        raise InputError("bulk.row.client_too_long", maximum=CLIENT_MAX_LENGTH)
    return value


def _order(text: str) -> str:
    value = _no_control_chars(text.strip())
    if len(value) > ORDER_MAX_LENGTH:
        raise InputError("bulk.row.order_too_long", maximum=ORDER_MAX_LENGTH)
    return value


def _expiry(text: str, today: date) -> date:
    if match := _DATE_WITH_TIME.fullmatch(text):
        text = match.group(1)
    return parse_expiry(text, today)


def _amount(text: str, maximum: Decimal) -> Decimal:
    if not text:
        raise InputError("bulk.row.no_amount")
    return parse_amount(text, maximum)


def check_row(
    row_number: int,
    ordinal: int,
    cells: list[Cell],
    columns: Columns,
    *,
    today: date,
    max_amount: Decimal,
) -> CheckedRow:
    """One row checked with the form's rules; every problem in it is reported, not only the
    first, so the manager fixes the row in one go."""
    problems: list[Problem] = []
    notes: list[str] = []

    def value(column: Field, parse: Callable[[str], _T]) -> _T | None:
        return _parsed(problems, column, _cell(cells, columns, column), parse)

    def fixed(column: Field, fix: Callable[[str], tuple[str, str | None]]) -> str:
        text, note = fix(_cell(cells, columns, column))
        notes.extend([note] if note else [])
        return text

    amount = value(Field.AMOUNT, lambda text: _amount(text, max_amount))
    email = _parsed(problems, Field.EMAIL, fixed(Field.EMAIL, first_email), _optional(parse_email))
    phone = _parsed(
        problems, Field.PHONE, fixed(Field.PHONE, without_extension), _optional(parse_phone)
    )
    last_day = value(Field.EXPIRY, _optional(lambda text: _expiry(text, today)))
    service = value(Field.SERVICE, _optional(parse_service))
    client = value(Field.CLIENT, _optional(_client))
    order = value(Field.ORDER, _optional(_order))
    quantity = value(Field.QUANTITY, _optional(parse_quantity))
    price = value(Field.PRICE, _optional(lambda text: _amount(text, max_amount)))
    tax = value(Field.TAX, _optional(parse_rate))
    lines = None
    if not problems and amount is not None and (quantity or price or tax):
        try:
            lines = [row_line(service, amount, quantity, price, tax)]
        except InputError as error:
            problems.append(Problem(Field.PRICE, error))
    draft = None
    if not problems and amount is not None:
        draft = InvoiceDraft(
            amount=amount,
            email=email,
            phone=phone,
            last_day=last_day,
            service=service,
            client_name=client,
        )
    return CheckedRow(row_number, ordinal, cells, draft, order, problems, lines, tuple(notes))


def check_rows(
    candidates: list[Candidate], columns: Columns, *, today: date, max_amount: Decimal
) -> list[CheckedRow]:
    """Every candidate row checked (rows of one order are joined afterwards: order_lines)."""
    return [
        check_row(
            candidate.row_number,
            candidate.ordinal,
            candidate.cells,
            columns,
            today=today,
            max_amount=max_amount,
        )
        for candidate in candidates
    ]
