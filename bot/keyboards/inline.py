"""Buttons of messages posted through inline mode."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import Texts


class QuickCallback(CallbackData, prefix="qc"):
    """The "create" button of a quick-creation message; the draft waits under ``token``."""

    token: str


def create_keyboard(texts: Texts, token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=texts("inv.inline.btn_create"),
                    callback_data=QuickCallback(token=token).pack(),
                )
            ]
        ]
    )
