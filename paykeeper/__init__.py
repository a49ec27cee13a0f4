"""Reusable async client for PayKeeper's JSON API (no aiogram, no storage)."""

from .client import PayKeeperClient
from .errors import (
    PayKeeperAuthError,
    PayKeeperError,
    PayKeeperRejected,
    PayKeeperUnavailable,
)
from .models import CreatedInvoice, Invoice, InvoiceRequest, Payment
from .moscow import MSK, format_msk, parse_msk
from .notifications import acknowledgement, is_genuine, notification_key

__all__ = [
    "MSK",
    "CreatedInvoice",
    "Invoice",
    "InvoiceRequest",
    "PayKeeperAuthError",
    "PayKeeperClient",
    "PayKeeperError",
    "PayKeeperRejected",
    "PayKeeperUnavailable",
    "Payment",
    "acknowledgement",
    "format_msk",
    "is_genuine",
    "notification_key",
    "parse_msk",
]
