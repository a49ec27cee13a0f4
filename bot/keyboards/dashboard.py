"""The /dashboard buttons: the Mini App inside Telegram, and a one-time link for a browser."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.texts import Texts

LOGIN_LINK = "dash:login"  # carries nothing: the link is made for whoever presses


def dashboard_keyboard(texts: Texts, url: str) -> InlineKeyboardMarkup:
    app = InlineKeyboardButton(text=texts("dash.btn.open"), web_app=WebAppInfo(url=url))
    link = InlineKeyboardButton(text=texts("dash.btn.login"), callback_data=LOGIN_LINK)
    return InlineKeyboardMarkup(inline_keyboard=[[app], [link]])


def login_keyboard(texts: Texts, url: str) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(text=texts("dash.login.open"), url=url)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])
