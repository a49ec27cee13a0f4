"""Only the company's managers and admins get past this; everyone else gets one clear answer
with their Telegram id to pass to an admin, and nothing else happens."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import (
    InlineQueryResultsButton,
    TelegramObject,
    Update,
    User,
)

from bot.services.access import Role, TeamAccess
from bot.texts import Texts

log = logging.getLogger(__name__)


class AccessMiddleware(BaseMiddleware):
    """Outer middleware on ``Update``; runs after aiogram has resolved ``event_from_user``."""

    def __init__(self, access: TeamAccess) -> None:
        self.access = access

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return None  # channel posts, service updates: nothing for us
        role: Role | None = self.access.role_of(user.id)
        if role is not None:
            data["role"] = role
            return await handler(event, data)
        log.info("refused user %s", user.id)
        if isinstance(event, Update):
            await _refuse(event, user, data["texts"])
        return None


async def _refuse(update: Update, user: User, texts: Texts) -> None:
    if update.message is not None:
        # Only in private chats: the bot must not chatter in groups it was added to.
        if update.message.chat.type == "private":
            await update.message.answer(texts("no_access", user_id=user.id))
    elif update.callback_query is not None:
        await update.callback_query.answer(
            texts("no_access_short", user_id=user.id), show_alert=True
        )
    elif update.inline_query is not None:
        await update.inline_query.answer(
            [],
            cache_time=0,
            is_personal=True,
            button=InlineQueryResultsButton(
                text=texts("no_access_inline"), start_parameter="access"
            ),
        )
