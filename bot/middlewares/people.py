"""Remembers each user's name and Telegram language, so that messages the bot sends on its
own (payment alerts, reminders) reach them in their language, and the invoice history names
whoever acted. Writes only when something changed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from storage.people import PeopleRepository


class PeopleMiddleware(BaseMiddleware):
    """Outer middleware on ``Update``, after access control: strangers are not remembered."""

    def __init__(self, people: PeopleRepository) -> None:
        self.people = people
        self._seen: dict[int, tuple[str, str | None]] = {}

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None:
            known = (user.full_name, user.language_code)
            if self._seen.get(user.id) != known:
                await self.people.remember(user.id, user.full_name, user.language_code)
                self._seen[user.id] = known
        return await handler(event, data)
