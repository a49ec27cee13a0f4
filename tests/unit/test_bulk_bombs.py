"""Files made to hurt the reader: XLSX bombs and CSV extremes. Each is refused with a clear
reason, and reading all of them in one fresh process keeps its peak memory within ~100 MB of
what it was before the first one (measured, not hoped: ``ru_maxrss`` in a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

import pytest

from bot.services.bulk.file_reader import read_table
from bot.services.bulk.table import EXCEL_CELL_CHARS, EXCEL_COLUMNS, BulkFileError
from bot.services.bulk.xlsx_guard import MAX_UNPACKED
from tests.corpus.xlsx_writer import MAIN, SHEET, STRINGS, STYLES_PART, package, renamed

# Inflates files of tens of megabytes: `pytest -m 'not slow'` skips it.
pytestmark = pytest.mark.slow

MB: Final = 1024 * 1024
GROWTH_CEILING_MB: Final = 100
CHUNK: Final = 64 * 1024

SHEET_START = f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
SHEET_END = b"</sheetData></worksheet>"
HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Amount</t></is></c></row>'


def _repeat(piece: bytes, total: int) -> Iterator[bytes]:
    """``piece`` over and over, ``total`` bytes in all, in chunks of about 64 KB."""
    chunk = piece * max(1, CHUNK // len(piece))
    written = 0
    while written < total:
        yield chunk
        written += len(chunk)


def _sheet(*parts: bytes | Iterator[bytes]) -> Iterator[bytes]:
    yield SHEET_START
    for part in parts:
        if isinstance(part, bytes):
            yield part
        else:
            yield from part
    yield SHEET_END


def inflated() -> bytes:
    """A few hundred KB that inflate to 150 MB of empty rows: refused by its declared size."""
    return package({SHEET: _sheet(HEADER_ROW, _repeat(b'<row r="2"/>', 150 * MB))})


def lying() -> bytes:
    """The same bomb, its directory claiming 1 MB: read no further than that, and refused."""
    content = bytearray(inflated())
    name = SHEET.encode()
    at = content.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(content[at + 28 : at + 30], "little")
        if content[at + 46 : at + 46 + length] == name:
            content[at + 24 : at + 28] = MB.to_bytes(4, "little")
        at = content.find(b"PK\x01\x02", at + 4)
    return bytes(content)


def many_cells() -> bytes:
    """More cells than a table of invoices has, in rows the row budget allows."""
    cells = b"<c><v>1</v></c>" * 450
    rows = (f'<row r="{n}">'.encode() + cells + b"</row>" for n in range(2, 1200))
    return package({SHEET: _sheet(HEADER_ROW, rows)})


def fat_row() -> bytes:
    """One row of 3000 cells of 30 000 characters each: 90 MB that openpyxl would gather
    before handing the row over."""
    cell = b'<c t="inlineStr"><is><t>' + b"x" * 30_000 + b"</t></is></c>"
    row = (b'<row r="2">', _repeat(cell, 90 * MB), b"</row>")
    return package({SHEET: _sheet(HEADER_ROW, *row)})


def wide_row() -> bytes:
    cells = b"<c><v>1</v></c>" * (EXCEL_COLUMNS + 1)
    return package({SHEET: _sheet(HEADER_ROW, b'<row r="2">' + cells + b"</row>")})


def long_cell() -> bytes:
    text = b"x" * (EXCEL_CELL_CHARS + 1)
    strings = f'<sst xmlns="{MAIN}"><si><t>'.encode() + text + b"</t></si></sst>"
    cell = b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return package({SHEET: _sheet(HEADER_ROW, cell), STRINGS: strings})


def entities() -> bytes:
    """Billion laughs: ten entities, each ten of the one before."""
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    strings = f'<!DOCTYPE sst [{"".join(lines)}]><sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'
    return package({SHEET: _sheet(HEADER_ROW), STRINGS: strings})


def blank_rows() -> bytes:
    """A header, a million empty rows, and one invoice at the bottom of the sheet."""
    rows = _repeat(b"<row/>", 999_998 * len(b"<row/>"))  # numbered by their place
    last = b'<row r="1000000"><c r="A1000000"><v>100</v></c></row>'
    return package({SHEET: _sheet(HEADER_ROW, rows, last)})


def far_row() -> bytes:
    """One invoice on the sheet's last row: every row above it is read as blank."""
    last = b'<row r="1048576"><c r="A1048576"><v>100</v></c></row>'
    return package({SHEET: _sheet(HEADER_ROW, last)})


def shared_text() -> bytes:
    """90 MB of shared strings, each short enough for a cell: more text than invoices have."""
    piece = b"<si><t>" + b"x" * 30_000 + b"</t></si>"
    strings = (
        chunk
        for part in (f'<sst xmlns="{MAIN}">'.encode(), _repeat(piece, 90 * MB), b"</sst>")
        for chunk in ([part] if isinstance(part, bytes) else part)
    )
    return package({SHEET: _sheet(HEADER_ROW), STRINGS: strings})


def many_styles() -> bytes:
    xfs = _repeat(b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', 60 * MB)
    styles = (
        chunk
        for part in (f'<styleSheet xmlns="{MAIN}"><cellXfs>'.encode(), xfs, b"</cellXfs>")
        for chunk in ([part] if isinstance(part, bytes) else part)
    )
    return package({STYLES_PART: (*styles, b"</styleSheet>")})


def long_attribute() -> bytes:
    """A tag that never ends: 90 MB in one attribute, which a parser buffers whole."""
    value = _repeat(b"x", 90 * MB)
    sheet = (
        chunk
        for part in (SHEET_START, b'<row r="2" spans="', value, b'"/>', SHEET_END)
        for chunk in ([part] if isinstance(part, bytes) else part)
    )
    return package({SHEET: sheet})


def disguised_sheet() -> bytes:
    """The fat row again, its sheet stored as ``sheet1.dat``: the content types and the
    workbook's relationships say what it is, and openpyxl reads it all the same."""
    cell = b'<c t="inlineStr"><is><t>' + b"x" * 30_000 + b"</t></is></c>"
    row = (b'<row r="2">', _repeat(cell, 90 * MB), b"</row>")
    return renamed(
        {"xl/worksheets/sheet1.dat": _sheet(HEADER_ROW, *row)}, sheet="xl/worksheets/sheet1.dat"
    )


def disguised_strings() -> bytes:
    """90 MB of shared strings stored as ``xl/strings.bin``."""
    piece = b"<si><t>" + b"x" * 30_000 + b"</t></si>"
    strings = (
        chunk
        for part in (f'<sst xmlns="{MAIN}">'.encode(), _repeat(piece, 90 * MB), b"</sst>")
        for chunk in ([part] if isinstance(part, bytes) else part)
    )
    return renamed(
        {SHEET: _sheet(HEADER_ROW), "xl/strings.bin": strings}, strings="xl/strings.bin"
    )


BOMBS: dict[str, tuple[Callable[[], bytes], str]] = {
    "inflated": (inflated, "bulk.file.xlsx_too_large"),
    "lying": (lying, "bulk.file.bad_xlsx"),
    "many_cells": (many_cells, "bulk.file.too_many_cells"),
    "wide_row": (wide_row, "bulk.file.xlsx_too_wide"),
    "fat_row": (fat_row, "bulk.file.too_much_text"),
    "long_cell": (long_cell, "bulk.file.cell_too_long"),
    "entities": (entities, "bulk.file.bad_xlsx"),
    "blank_rows": (blank_rows, "bulk.file.too_many_rows"),
    "far_row": (far_row, "bulk.file.too_many_rows"),
    "shared_text": (shared_text, "bulk.file.too_much_text"),
    "many_styles": (many_styles, "bulk.file.too_complex"),
    "long_attribute": (long_attribute, "bulk.file.too_complex"),
    "disguised_sheet": (disguised_sheet, "bulk.file.too_much_text"),
    "disguised_strings": (disguised_strings, "bulk.file.too_much_text"),
}

# Runs in a fresh interpreter: the baseline is taken once the reader is imported (openpyxl,
# which the first XLSX imports, counts as growth), then every bomb is read in turn. The peak
# is the kernel's high-water mark of resident memory, reset after the imports where Linux
# allows it (clear_refs), so a peak during start-up cannot hide one while reading.
_MEASURE = """
import json, resource, sys, time
from bot.services.bulk.file_reader import read_table
from bot.services.bulk.table import BulkFileError

def peak_mb():
    try:
        with open("/proc/self/status") as status:
            line = next(l for l in status if l.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

try:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
except OSError:
    pass
baseline = peak_mb()
report = {"baseline_mb": baseline, "files": {}}
for path in sys.argv[1:]:
    content = open(path, "rb").read()
    started = time.perf_counter()
    try:
        read_table(content, path, max_rows=1000, max_bytes=2 * 1024 * 1024)
        key = None
    except BulkFileError as error:
        key = error.key
    report["files"][path] = {
        "key": key,
        "seconds": time.perf_counter() - started,
        "size_kb": len(content) / 1024,
        "growth_mb": peak_mb() - baseline,
    }
print(json.dumps(report))
"""


def test_bombs_are_refused_without_the_process_growing_past_the_ceiling(tmp_path: Path) -> None:
    paths: list[str] = []
    for name, (build, _) in BOMBS.items():
        file = tmp_path / f"{name}.xlsx"
        file.write_bytes(build())
        paths.append(str(file))
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *paths],
        capture_output=True,
        text=True,
        timeout=600,  # a ceiling against a hang, not a timing goal
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    files = report["files"]
    for (name, (_, key)), path in zip(BOMBS.items(), paths, strict=True):
        assert files[path]["key"] == key, name
        # Each within the reach of an upload: under Telegram's and the bot's 2 MB limit.
        assert files[path]["size_kb"] < 2048, name
    grown = max(file["growth_mb"] for file in files.values())
    assert grown < GROWTH_CEILING_MB, files


def test_the_inflated_bomb_declares_more_than_the_limit() -> None:
    with zipfile.ZipFile(__import__("io").BytesIO(inflated())) as archive:
        assert archive.getinfo(SHEET).file_size > MAX_UNPACKED


# --- CSV ----------------------------------------------------------------------------------


def csv_error(content: bytes) -> BulkFileError:
    with pytest.raises(BulkFileError) as caught:
        read_table(content, "a.csv", max_rows=1000, max_bytes=2 * MB)
    return caught.value


def test_a_csv_row_wider_than_excel_allows_is_refused() -> None:
    error = csv_error(b"Amount;Email\n" + b"1;" * (EXCEL_COLUMNS + 1) + b"\n")
    assert (error.key, error.params) == (
        "bulk.file.too_wide",
        {"row": 2, "maximum": EXCEL_COLUMNS},
    )


def test_a_csv_cell_longer_than_excel_allows_is_refused() -> None:
    error = csv_error(b"Amount;Service\n100;" + b"x" * (EXCEL_CELL_CHARS + 1) + b"\n")
    assert error.key == "bulk.file.cell_too_long"


def test_a_csv_line_without_an_end_is_refused() -> None:
    # One "cell" of 1.5 MB: no line break, no delimiter, or one quote that never closes.
    assert csv_error(b"Amount\n" + b"7" * (3 * MB // 2)).key == "bulk.file.cell_too_long"
    assert csv_error(b'Amount\n"' + b"7\n" * (MB // 2)).key == "bulk.file.cell_too_long"
