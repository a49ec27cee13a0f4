"""Keyboards built directly are laid out exactly as aiogram's builder lays them out."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton
from aiogram.utils.keyboard import InlineKeyboardBuilder
from hypothesis import given
from hypothesis import strategies as st

from bot.keyboards.layout import rows


@given(
    st.integers(min_value=1, max_value=20),
    st.lists(st.integers(min_value=1, max_value=8), min_size=1, max_size=4),
)
def test_rows_match_the_builders_adjust(count: int, widths: list[int]) -> None:
    buttons = [InlineKeyboardButton(text=str(n), callback_data=str(n)) for n in range(count)]
    builder = InlineKeyboardBuilder()
    builder.add(*buttons)
    builder.adjust(*widths)
    assert rows(buttons, *widths) == builder.as_markup()
