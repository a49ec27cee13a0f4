"""The /dashboard button: opens the Mini App inside Telegram."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.texts import Texts


def dashboard_keyboard(texts: Texts, url: str) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(text=texts("dash.btn.open"), web_app=WebAppInfo(url=url))
    return InlineKeyboardMarkup(inline_keyboard=[[button]])
