"""Remembers when each member last used the bot, for /team. After access control, so only
members count; the team service writes at most every few minutes per member."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.services.team import Team


class TeamSeenMiddleware(BaseMiddleware):
    def __init__(self, team: Team) -> None:
        self.team = team

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None and data.get("role") is not None:
            await self.team.seen(user.id)
        return await handler(event, data)
