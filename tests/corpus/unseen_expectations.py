"""What a careful accountant expects from each file of ``tests/corpus/unseen``.

Every export file ``X.ext`` there has ``X.yaml`` beside it (the format is in the folder's
README). This module reads them into typed records and reads the files' raw rows, without the
bot's reader, so a test can hold the reader to the accountant and the YAMLs to their files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

import yaml
from openpyxl import load_workbook

FOLDER: Final = Path(__file__).parent / "unseen"
TODAY: Final = date(2026, 3, 1)  # the day the expectations assume (last days in the future)
_DATA_SUFFIXES: Final = frozenset({".csv", ".txt", ".tsv", ".xlsx"})
_INVOICE_KEYS: Final = frozenset(
    {"rows", "amount", "email", "phone", "client", "service", "last_day", "order"}
)
_TOP_KEYS: Final = frozenset({"source", "sheet", "invoices", "not_billed", "ask", "notes"})


class Why(StrEnum):
    """Why a row that looks like data is not billed by default."""

    TOTAL = "total"
    PAID = "paid"
    CANCELLED = "cancelled"
    LOST = "lost"
    HEADER = "header"
    NOTE = "note"


class Ask(StrEnum):
    """A choice the bot must put to the manager, because the readings bill differently."""

    AMOUNT_COLUMN = "amount_column"
    SHEET = "sheet"


@dataclass(frozen=True, slots=True)
class Invoice:
    rows: tuple[int, ...]  # spreadsheet row numbers, 1-based; two or more are joined
    amount: Decimal  # what is billed (for a partly paid row, the rest)
    email: str | None = None
    phone: str | None = None  # +7XXXXXXXXXX
    client: str | None = None
    service: str | None = None
    last_day: date | None = None
    order: str | None = None


@dataclass(frozen=True, slots=True)
class NotBilled:
    row: int
    why: Why


@dataclass(frozen=True, slots=True)
class Expectation:
    source: str
    sheet: str | None  # XLSX only: the sheet an accountant reads
    invoices: tuple[Invoice, ...]
    not_billed: tuple[NotBilled, ...]
    ask: frozenset[Ask]
    notes: str


def _optional_text(entry: Mapping[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return None if value is None else str(value)


def _day(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _invoice(entry: Mapping[str, Any]) -> Invoice:
    unknown = set(entry) - _INVOICE_KEYS
    if unknown:
        raise ValueError(f"unknown invoice keys: {sorted(unknown)}")
    rows = tuple(int(row) for row in entry["rows"])
    if not rows:
        raise ValueError("an invoice needs at least one row")
    return Invoice(
        rows=rows,
        amount=Decimal(str(entry["amount"])),
        email=_optional_text(entry, "email"),
        phone=_optional_text(entry, "phone"),
        client=_optional_text(entry, "client"),
        service=_optional_text(entry, "service"),
        last_day=_day(entry.get("last_day")),
        order=_optional_text(entry, "order"),
    )


def parse(text: str) -> Expectation:
    """One YAML's text as an expectation; ValueError or KeyError for a malformed one."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError("an expectation is a mapping")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ValueError(f"unknown keys: {sorted(unknown)}")
    return Expectation(
        source=str(data["source"]),
        sheet=_optional_text(data, "sheet"),
        invoices=tuple(_invoice(entry) for entry in data["invoices"] or []),
        not_billed=tuple(
            NotBilled(int(entry["row"]), Why(entry["why"])) for entry in data["not_billed"] or []
        ),
        ask=frozenset(Ask(item) for item in data.get("ask") or []),
        notes=str(data.get("notes") or ""),
    )


def data_files() -> list[Path]:
    return sorted(path for path in FOLDER.iterdir() if path.suffix in _DATA_SUFFIXES)


def expectations() -> Iterator[tuple[Path, Expectation]]:
    """(export file, its expectation), in name order; FileNotFoundError for a missing YAML."""
    for path in data_files():
        yield path, parse(path.with_suffix(".yaml").read_text(encoding="utf-8"))


def _decoded(content: bytes) -> str:
    """The text of a corpus file: UTF-8 (with or without BOM), else Windows-1251."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1251")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M:%S")
    return str(value)


def raw_rows(path: Path, sheet: str | None = None) -> list[list[str]]:
    """The file's rows as plain text, row 1 first, read with the standard library and openpyxl
    (not the bot's reader): what a person sees when opening the file."""
    if path.suffix == ".xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
            return [
                [_cell_text(value) for value in row]
                for row in worksheet.iter_rows(values_only=True)
            ]
        finally:
            workbook.close()
    text = _decoded(path.read_bytes())
    first = text.splitlines()[0]
    # The delimiter that splits the first row into the most fields (quotes respected).
    delimiter = max(",;\t", key=lambda d: len(next(csv.reader([first], delimiter=d))))
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
