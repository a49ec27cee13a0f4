"""Names the update and the user in every log line written while an update is handled."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User

from bot import logs


class LogContextMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user = data.get("event_from_user")
        # Set, not reset afterwards: each update runs in a task of its own (polling and the
        # webhook alike), and aiogram's error handling, which logs the failure, runs after
        # this middleware has returned, still in that task.
        logs.update_id.set(event.update_id if isinstance(event, Update) else None)
        logs.user_id.set(user.id if isinstance(user, User) else None)
        logs.order_id.set(None)
        return await handler(event, data)
