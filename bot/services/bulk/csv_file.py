"""CSV uploads: the encoding, the delimiter and the rows.

Encodings: UTF-8 (with or without a BOM), UTF-16 with a BOM or without one (Excel's "Unicode
text"; told by where the zero bytes fall), or Windows-1251 as 1C writes it. The delimiter
(``;``, ``,`` or tab) is the one under which some row near the top reads as a header naming
the most known columns, so a decimal comma in the data cannot mislead it. A cell our own
result files wrote as ``'=...`` (to keep spreadsheets from running it) reads back as ``=...``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Final

from bot.services.bulk.layout import header_score
from bot.services.bulk.table import (
    EXCEL_CELL_CHARS,
    HEADER_SEARCH_ROWS,
    BulkFileError,
    Collector,
    Table,
    trimmed,
)
from storage.bulk import Cell

DELIMITERS: Final = (";", ",", "\t")  # in order of preference: 1C writes ";"
# Control characters other than tab, line ends and the DOS end-of-file mark.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_QUOTED_FORMULA: Final = re.compile(r"'[=+\-@\t\r]")
_SAMPLE: Final = 4096  # bytes looked at to tell UTF-16 without a BOM


def read_csv(content: bytes, max_rows: int) -> Table:
    text, encoding = _decode(content)
    delimiter = _pick_delimiter(text)
    collector = Collector(max_rows)
    reader = _records(text, delimiter)
    try:
        # Excel shows one row per record, blank lines included, so records number rows.
        for number, record in enumerate(reader, start=1):
            collector.add(number, [_unquoted(cell) for cell in record])
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise BulkFileError("bulk.file.cell_too_long", maximum=EXCEL_CELL_CHARS) from error
        raise BulkFileError("bulk.file.unreadable") from error
    return Table("csv", collector.records, encoding=encoding, delimiter=delimiter)


def _unquoted(cell: str) -> Cell:
    return cell[1:] if _QUOTED_FORMULA.match(cell) else cell


def _decode(content: bytes) -> tuple[str, str]:
    """(text, encoding to write back with)."""
    if content.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif b"\x00" in content:
        encodings = _utf16_without_bom(content)
    else:
        encodings = ["utf-8", "cp1251"]
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Text files have no control characters besides tab and line ends; binary junk
        # decoded as Windows-1251 is full of them.
        if _CONTROL.search(text):
            raise BulkFileError("bulk.file.unreadable")
        # Written back with a BOM: without one Excel does not recognise UTF-16 at all.
        return text, "utf-16" if encoding.startswith("utf-16") else encoding
    raise BulkFileError("bulk.file.unreadable")


def _utf16_without_bom(content: bytes) -> list[str]:
    """UTF-16 puts a zero in the high byte of every digit, delimiter and line end, and none in
    the low byte of a Latin or Cyrillic letter: zeros in the odd places only are little-endian.
    Anything else with zero bytes is not text."""
    sample = content[: _SAMPLE - _SAMPLE % 2]
    pairs = len(sample) // 2
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    if pairs and odd >= pairs * 0.05 and even == 0:
        guess = "utf-16-le"
    elif pairs and even >= pairs * 0.05 and odd == 0:
        guess = "utf-16-be"
    else:
        return []
    # A few stray zeros in a Windows-1251 file fit that pattern too; read as UTF-16 it turns
    # into CJK. A spreadsheet's text is Latin, Cyrillic, punctuation and currency signs.
    text = sample.decode(guess, errors="replace")
    usual = sum(1 for char in text if ord(char) < 0x0530 or 0x2000 <= ord(char) < 0x2200)
    return [guess] if usual >= len(text) * 0.9 else []


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)


def _top(text: str, delimiter: str) -> list[list[str]]:
    """The first non-blank records under this delimiter (those that parse)."""
    found: list[list[str]] = []
    try:
        for record in _records(text, delimiter):
            if trimmed(list[Cell](record)):
                found.append(record)
                if len(found) >= HEADER_SEARCH_ROWS:
                    break
    except csv.Error:
        pass
    return found


def _pick_delimiter(text: str) -> str:
    def score(delimiter: str) -> tuple[int, int, int]:
        top = _top(text, delimiter)
        header = max((header_score(list[Cell](record)) or 0 for record in top), default=0)
        width = max((len(record) for record in top[:1]), default=0)
        return header, width, -DELIMITERS.index(delimiter)

    return max(DELIMITERS, key=score)
