"""Writing a table back in the format it came in: CSV with the same delimiter and encoding
(and BOM), or XLSX.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return, as OWASP's advice on CSV injection lists them) are written as text:
in CSV with a leading ``'``, which Excel and LibreOffice take as "text follows" (and our own
reader drops again); in XLSX as a string cell with Excel's quote prefix, so editing the cell
keeps it text (a phone is a plain text cell: it shows as typed, with no apostrophe).
Numbers stay numbers. A Windows-1251 CSV gets the characters that encoding
lacks in a readable form ("₽" as "руб."), never as "?".
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable
from typing import Final

from storage.bulk import Cell

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_ERRORS: Final = "bulk-readable"
# Characters Windows-1251 lacks, as a reader would write them instead.
_READABLE: Final = {
    "₽": "руб.",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "×": "x",
    "÷": "/",
    "→": "->",
    "←": "<-",
    "✓": "v",
    "✔": "v",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "′": "'",
    "″": '"',
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
}


def _readable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):  # pragma: no cover - only encoding uses it
        raise error
    return "".join(
        _instead(char, error.encoding) for char in error.object[error.start : error.end]
    ), error.end


def _instead(char: str, encoding: str) -> str:
    if char in _READABLE:
        return _READABLE[char]
    # "é" -> "e", "ﬁ" -> "fi": the letter without its accent, if the encoding has that.
    folded = "".join(
        part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
    )
    try:
        if folded and folded != char:
            folded.encode(encoding)
            return folded
    except UnicodeEncodeError:
        pass
    category = unicodedata.category(char)
    if category.startswith(("S", "M", "C")):
        return ""  # emoji, other symbols, joiners and variation selectors: decoration
    return f"[U+{ord(char):04X}]"  # a letter of another script: named, not lost as "?"


codecs.register_error(_ERRORS, _readable)


def file_name(original: str, format: str, rename: Callable[[str], str]) -> str:
    """``orders.csv`` -> ``orders-результат.csv``; ``rename`` makes the new stem."""
    stem, dot, extension = original.rpartition(".")
    if not dot:
        stem, extension = original, "csv"
    if format == "xlsx":
        extension = "xlsx"
    return f"{rename(stem)}.{extension}"


def looks_like_formula(value: Cell) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


# A phone as typed ("+7 910 123-45-67"): digits and separators only, nothing a formula could
# call, so an XLSX string cell holds it safely without the quote prefix that some
# spreadsheets show as an apostrophe.
_PHONE: Final = re.compile(r"\+\d[\d ()\-]{4,}")


def quote_prefixed(value: Cell) -> bool:
    """Whether an XLSX cell needs Excel's quote prefix to stay text once edited."""
    return looks_like_formula(value) and not (
        isinstance(value, str) and _PHONE.fullmatch(value) is not None
    )


def write_table(
    header: list[str],
    rows: list[list[Cell]],
    *,
    format: str,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> bytes:
    if format == "xlsx":
        return _xlsx(header, rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter or ";", lineterminator="\r\n")
    writer.writerow(_csv_cells(header))
    writer.writerows(_csv_cells(row) for row in rows)
    return buffer.getvalue().encode(encoding or "utf-8-sig", errors=_ERRORS)


def _csv_cells(values: list[Cell] | list[str]) -> list[Cell]:
    return [f"'{value}" if looks_like_formula(value) else value for value in values]


def _xlsx(header: list[str], rows: list[list[Cell]]) -> bytes:
    # Imported here: openpyxl takes a noticeable part of a second to load, and most files
    # are CSV; start-up does not pay for it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet()

    def cells(values: list[Cell] | list[str]) -> list[object]:
        out: list[object] = []
        for value in values:
            if looks_like_formula(value):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # openpyxl would take "=..." for a formula
                cell.quotePrefix = quote_prefixed(value)  # and Excel would, once edited
                out.append(cell)
            else:
                out.append(value)
        return out

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
