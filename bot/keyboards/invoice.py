"""Callback data for actions on one invoice, shared by the card, alerts and reminders."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class InvoiceAction(StrEnum):
    OPEN = "open"
    REFRESH = "refresh"
    RESEND = "resend"
    CANCEL = "cancel"  # asks for confirmation
    CANCEL_CONFIRMED = "cancel_yes"
    REPEAT = "repeat"  # once: a new invoice like this one, through the form's summary
    SCHEDULE = "sched"  # regularly: a recurring invoice (handlers/schedule_form.py)
    QR = "qr"
    SHARE = "share"
    RECEIPT = "receipt"  # the final-settlement receipt: asks for confirmation
    RECEIPT_CONFIRMED = "receipt_yes"


class InvoiceCallback(CallbackData, prefix="inv"):
    # An InvoiceAction; kept a plain string so that a forged or retired action still unpacks
    # and gets a clear "unknown action" answer. Ids, never links: callback data holds 64 bytes.
    action: str
    id: int
