"""Keyboards built directly: aiogram's InlineKeyboardBuilder deep-copies every button when it
hands the markup over, which was a tenth of the bot's CPU on a busy team's form."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def rows(buttons: Sequence[InlineKeyboardButton], *widths: int) -> InlineKeyboardMarkup:
    """``buttons`` in rows of ``widths`` buttons, the last width repeated for the rest (as
    InlineKeyboardBuilder.adjust lays them out)."""
    laid: list[list[InlineKeyboardButton]] = []
    sizes = _repeat_last(widths or (1,))
    start = 0
    while start < len(buttons):
        width = next(sizes)
        laid.append(list(buttons[start : start + width]))
        start += width
    return InlineKeyboardMarkup(inline_keyboard=laid)


def _repeat_last(widths: Sequence[int]) -> Iterator[int]:
    yield from widths
    while True:
        yield widths[-1]
