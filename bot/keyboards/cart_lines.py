"""The summary's "add a line" button."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import Texts


class CartLineCallback(CallbackData, prefix="cl"):
    nonce: str  # the summary's: only the latest summary takes lines


def with_add_line(
    keyboard: InlineKeyboardMarkup, texts: Texts, nonce: str
) -> InlineKeyboardMarkup:
    add = InlineKeyboardButton(
        text=texts("cart.btn.add"), callback_data=CartLineCallback(nonce=nonce).pack()
    )
    rows = list(keyboard.inline_keyboard)
    return InlineKeyboardMarkup(inline_keyboard=[*rows[:-1], [add], *rows[-1:]])
