"""The invoice log in SQLite. Knows nothing of aiogram or PayKeeper."""

from storage.database import Database
from storage.invoices import DuplicateOrderError, InvoiceRepository
from storage.models import (
    Delivery,
    EventKind,
    InvoiceEvent,
    InvoiceRecord,
    InvoiceStatus,
    NewInvoice,
)

__all__ = [
    "Database",
    "Delivery",
    "DuplicateOrderError",
    "EventKind",
    "InvoiceEvent",
    "InvoiceRecord",
    "InvoiceRepository",
    "InvoiceStatus",
    "NewInvoice",
]
