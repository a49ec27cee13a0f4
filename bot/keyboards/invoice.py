"""Callback data for actions on one invoice, shared by the card, alerts and reminders."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class InvoiceCallback(CallbackData, prefix="inv"):
    # open | refresh | resend | cancel | cancel_yes | repeat | qr | share  (ids, never links:
    # callback data is limited to 64 bytes)
    action: str
    id: int
