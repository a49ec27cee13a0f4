"""/dashboard (admins, viewers, managers): a button that opens the dashboard Mini App, which
also becomes the chat's menu button."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import CallbackQuery, MenuButtonWebApp, Message, WebAppInfo

from bot.filters import Magic
from bot.keyboards.dashboard import LOGIN_LINK, dashboard_keyboard, login_keyboard
from bot.settings import Settings
from bot.texts import Texts
from storage.dashboard_logins import DashboardLogins, LoggedIn


def create_router() -> Router:
    router = Router(name="dashboard")
    router.message.register(open_dashboard, Command("dashboard"))
    router.callback_query.register(login_link, Magic(F.data == LOGIN_LINK))
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


async def login_link(
    query: CallbackQuery, texts: Texts, settings: Settings, dashboard_logins: DashboardLogins
) -> None:
    """A one-time link (10 minutes, one use) for the one who pressed, in their chat only."""
    url = app_url(settings)
    if url is None or query.message is None:
        await query.answer(texts("dash.off"), show_alert=True)
        return
    await query.answer()
    user = LoggedIn(query.from_user.id, query.from_user.full_name, texts.lang)
    token = await dashboard_logins.new_link(user, datetime.now(UTC))
    await query.message.answer(
        texts("dash.login.link"), reply_markup=login_keyboard(texts, f"{url}login/{token}")
    )
