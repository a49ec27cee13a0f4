"""/dashboard (admins, viewers, managers): a button that opens the dashboard Mini App, which
also becomes the chat's menu button."""

from __future__ import annotations

import contextlib

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import MenuButtonWebApp, Message, WebAppInfo

from bot.keyboards.dashboard import dashboard_keyboard
from bot.settings import Settings
from bot.texts import Texts


def create_router() -> Router:
    router = Router(name="dashboard")
    router.message.register(open_dashboard, Command("dashboard"))
    return router


def app_url(settings: Settings) -> str | None:
    """The page's public address; None when the HTTP server or its address is not set."""
    base = settings.dashboard_url()
    if base is None or settings.web_port is None:
        return None
    return base + "/app/"


async def open_dashboard(message: Message, bot: Bot, texts: Texts, settings: Settings) -> None:
    # Every role may look: a manager's dashboard shows their own invoices (bot/dashboard/api.py).
    url = app_url(settings)
    if url is None:
        await message.answer(texts("dash.off"))
        return
    await message.answer(texts("dash.open"), reply_markup=dashboard_keyboard(texts, url))
    # The menu button is a convenience: the answer above already holds the way in.
    with contextlib.suppress(TelegramAPIError):
        await bot.set_chat_menu_button(
            chat_id=message.chat.id,
            menu_button=MenuButtonWebApp(text=texts("dash.menu"), web_app=WebAppInfo(url=url)),
        )
