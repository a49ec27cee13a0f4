"""Many invoices at once from a CSV or XLSX file (/bulk)."""

from bot.services.bulk.service import BulkService, Prepared
from bot.services.bulk.table import BulkFileError

__all__ = ["BulkFileError", "BulkService", "Prepared"]
