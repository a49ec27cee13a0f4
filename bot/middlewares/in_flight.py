"""Counts updates being handled, so shutdown can wait for them (see BackgroundTasks)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.services.background import BackgroundTasks


class InFlightMiddleware(BaseMiddleware):
    def __init__(self, tasks: BackgroundTasks) -> None:
        self.tasks = tasks

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.tasks.track():
            return await handler(event, data)
