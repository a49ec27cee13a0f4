"""Buttons under a bulk file's summary."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.texts import Texts


class BulkCallback(CallbackData, prefix="bulk"):
    action: str  # email | link | cancel
    run: int  # the run's id: the draft lives in SQLite, so the buttons survive a restart


def choice_keyboard(texts: Texts, *, run_id: int, can_email: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if can_email:
        builder.button(
            text=texts("bulk.btn.email"), callback_data=BulkCallback(action="email", run=run_id)
        )
    builder.button(
        text=texts("bulk.btn.link"), callback_data=BulkCallback(action="link", run=run_id)
    )
    builder.button(
        text=texts("bulk.btn.cancel"), callback_data=BulkCallback(action="cancel", run=run_id)
    )
    builder.adjust(1)
    return builder.as_markup()
