"""Buttons of the final-settlement receipt: the card's, and its confirmation. They carry the
invoice's id only: what the receipt holds is read from the invoice's stored cart."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.texts import Texts


def _button(texts: Texts, key: str, action: InvoiceAction, number: int) -> InlineKeyboardButton:
    data = InvoiceCallback(action=action, id=number)
    return InlineKeyboardButton(text=texts(key), callback_data=data.pack())


def final_receipt_button(texts: Texts, invoice_id: int) -> InlineKeyboardButton:
    return _button(texts, "rcpt.btn.final", InvoiceAction.RECEIPT, invoice_id)


def confirm_final_receipt_keyboard(texts: Texts, invoice_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(texts, "rcpt.btn.final_yes", InvoiceAction.RECEIPT_CONFIRMED, invoice_id)],
            [_button(texts, "rcpt.btn.final_no", InvoiceAction.OPEN, invoice_id)],
        ]
    )
