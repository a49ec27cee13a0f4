"""An upload's bytes to a :class:`Table`: which format it is, and the limits on its size."""

from __future__ import annotations

from typing import Final

from bot.services.bulk.csv_file import read_csv
from bot.services.bulk.table import BulkFileError, Table
from bot.services.bulk.xlsx_file import read_sheets

_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) container


def read_table(content: bytes, file_name: str, *, max_rows: int, max_bytes: int) -> Table:
    """The rows in ``content`` (an XLSX's first sheet with rows); raises
    :class:`BulkFileError` for anything unusable."""
    return read_tables(content, file_name, max_rows=max_rows, max_bytes=max_bytes)[0]


def read_tables(content: bytes, file_name: str, *, max_rows: int, max_bytes: int) -> list[Table]:
    """Every sheet's rows (a CSV has one); raises :class:`BulkFileError` for anything
    unusable."""
    if len(content) > max_bytes:
        raise BulkFileError("bulk.file.too_big", size=len(content), maximum=max_bytes)
    if not content.strip():
        raise BulkFileError("bulk.file.empty")
    name = file_name.casefold()
    if content.startswith(_OLE_MAGIC) or name.endswith(".xls"):
        raise BulkFileError("bulk.file.old_excel")
    if content.startswith(_ZIP_MAGIC):
        tables = read_sheets(content, max_rows)
    elif name.endswith((".xlsx", ".xlsm")):
        raise BulkFileError("bulk.file.bad_xlsx")
    else:
        tables = [read_csv(content, max_rows)]
    if not any(table.records for table in tables):
        raise BulkFileError("bulk.file.empty")
    return tables
