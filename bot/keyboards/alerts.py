"""Buttons under the bot's own messages (alerts, reminders). They carry InvoiceCallback, so
the invoice card's handlers serve them; only ids go into the callback data."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.texts import Texts

# (action, text key) per button, in the order shown.
_BUTTONS = {
    InvoiceAction.OPEN: "notify.btn.open",
    InvoiceAction.REPEAT: "notify.btn.repeat",
    InvoiceAction.RESEND: "notify.btn.resend",
    InvoiceAction.CANCEL: "notify.btn.cancel",
}


def invoice_buttons(
    texts: Texts, invoice_id: int, *actions: InvoiceAction
) -> InlineKeyboardMarkup:
    """One button per action, one per row."""
    builder = InlineKeyboardBuilder()
    for action in actions:
        builder.button(
            text=texts(_BUTTONS[action]),
            callback_data=InvoiceCallback(action=action, id=invoice_id),
        )
    builder.adjust(1)
    return builder.as_markup()
