"""XLSX written part by part, as Excel and 1C write it, not as openpyxl would.

openpyxl saves formulas without the value Excel last computed (a reader asking for values
gets None), and cannot write a malformed or hostile workbook at all. Here every part is
written by hand: formula cells carry their cached value, numbers stored as text are strings
with the quote prefix, dates are serial numbers with a date style, merged cells leave their
other cells empty, and a part may be anything a test needs (a bomb, a lie about its size).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - Excel's serial dates have no time zone
_STAMP = (2026, 3, 10, 12, 0, 0)  # fixed, so the same workbook is the same bytes

# Cell styles (cellXfs): general, date, date and time, #,##0.00, text typed with a quote.
GENERAL, DATE, DATE_TIME, MONEY, QUOTED = range(5)


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell with the value Excel computed and saved beside it."""

    expression: str
    cached: float | int | str


@dataclass(frozen=True, slots=True)
class Text:
    """A number stored as text: typed with a leading quote, or exported as a string."""

    value: str


Value = str | int | float | date | Formula | Text | None


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class _Strings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def xml(self) -> str:
        items = "".join(
            f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in self.index
        )
        return f'<sst xmlns="{MAIN}" count="{len(self.index)}">{items}</sst>'


def _cell(ref: str, value: Value, strings: _Strings) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        formula = f"<f>{escape(value.expression)}</f>"
        if isinstance(value.cached, str):
            return f'<c r="{ref}" t="str">{formula}<v>{escape(value.cached)}</v></c>'
        return f'<c r="{ref}" s="{MONEY}">{formula}<v>{value.cached}</v></c>'
    if isinstance(value, Text):
        return f'<c r="{ref}" s="{QUOTED}" t="s"><v>{strings.add(value.value)}</v></c>'
    if isinstance(value, str):
        return f'<c r="{ref}" t="s"><v>{strings.add(value)}</v></c>'
    if isinstance(value, datetime):
        serial = (value - _EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{DATE_TIME}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        serial = (datetime(value.year, value.month, value.day) - _EPOCH).days  # noqa: DTZ001
        return f'<c r="{ref}" s="{DATE}"><v>{serial}</v></c>'
    style = MONEY if isinstance(value, float) else GENERAL
    return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'


def sheet_xml(rows: Sequence[Sequence[Value]], merged: Sequence[str], strings: _Strings) -> str:
    body = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            _cell(f"{column_letter(index)}{number}", value, strings)
            for index, value in enumerate(row)
        )
        if cells:
            body.append(f'<row r="{number}">{cells}</row>')
    merges = ""
    if merged:
        refs = "".join(f'<mergeCell ref="{ref}"/>' for ref in merged)
        merges = f'<mergeCells count="{len(merged)}">{refs}</mergeCells>'
    return f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(body)}</sheetData>{merges}</worksheet>'


STYLES = (
    f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"'
    ' quotePrefix="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
    f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
    '<sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STYLES_PART = "xl/styles.xml"

Part = str | bytes | Iterable[bytes]  # text, bytes, or bytes streamed in chunks


def package(parts: Mapping[str, Part]) -> bytes:
    """A workbook of these parts over the usual package skeleton (a part given replaces the
    skeleton's). Chunked parts are streamed into the archive, never held whole."""
    skeleton: dict[str, Part] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        STYLES_PART: STYLES,
        STRINGS: f'<sst xmlns="{MAIN}" count="0"></sst>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in (skeleton | dict(parts)).items():
            info = zipfile.ZipInfo(name, _STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as stream:
                for chunk in _chunks(part):
                    stream.write(chunk)
    return buffer.getvalue()


def renamed(parts: Mapping[str, Part], *, sheet: str = SHEET, strings: str = STRINGS) -> bytes:
    """:func:`package`, its sheet and shared strings stored under other names (``parts`` keyed
    by those), the content types and the workbook's relationships saying so: what an odd
    writer, or a hostile one, may do. The skeleton's own shared strings stay, a plain part."""
    types = CONTENT_TYPES.replace(f'"/{SHEET}"', f'"/{sheet}"').replace(
        f'"/{STRINGS}"', f'"/{strings}"'
    )
    relations = WORKBOOK_RELS.replace('"worksheets/sheet1.xml"', f'"/{sheet}"').replace(
        '"sharedStrings.xml"', f'"/{strings}"'
    )
    return package(
        {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": relations, **parts}
    )


def _chunks(part: Part) -> Iterator[bytes]:
    if isinstance(part, str):
        yield part.encode()
    elif isinstance(part, bytes):
        yield part
    else:
        yield from part


def workbook(rows: Sequence[Sequence[Value]], merged: Sequence[str] = ()) -> bytes:
    """A one-sheet workbook of these rows (row 1 first; ``None``: no cell)."""
    strings = _Strings()
    sheet = sheet_xml(rows, merged, strings)
    return package({SHEET: sheet, STRINGS: strings.xml()})
