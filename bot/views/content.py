"""What a view hands to whoever sends it."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

# A message as the bot sends it: HTML text and its buttons, if any.
Content = tuple[str, InlineKeyboardMarkup | None]
