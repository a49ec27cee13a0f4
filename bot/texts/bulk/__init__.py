"""Texts: issuing many invoices from a CSV or XLSX file (/bulk), by stage."""

from bot.texts.bulk import reading, run, summary, upload
from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    **upload.TEXTS,
    **summary.TEXTS,
    **reading.TEXTS,
    **run.TEXTS,
}
