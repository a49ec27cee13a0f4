"""Retries Bot API calls that Telegram did not take for a passing reason.

A 429 (flood control) is waited out for the ``retry_after`` Telegram names, a 5xx or a network
error after a short, growing pause; a few times at most, then the error goes to the caller
(who queues what must not be lost, see the outbox). Without this, a 429 on the edit that
carries a new invoice's link lost the link. ``getUpdates`` is left alone: aiogram's polling
loop has its own backoff."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


class RetryTransient(BaseRequestMiddleware):
    def __init__(
        self,
        *,
        retries: int = 3,
        first_pause: float = 0.5,
        longest_pause: float = 5.0,
        longest_flood_wait: float = 60.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.retries = retries
        self.first_pause = first_pause
        self.longest_pause = longest_pause
        # A longer flood wait than this holds a manager's update too long: give up and let
        # the caller queue the message instead.
        self.longest_flood_wait = longest_flood_wait
        self.sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if method.__api_method__ == GetUpdates.__api_method__:
            return await make_request(bot, method)
        attempt = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt >= self.retries or error.retry_after > self.longest_flood_wait:
                    raise
                pause = float(error.retry_after)
                why = f"flood control, retry after {error.retry_after}s"
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt >= self.retries:
                    raise
                pause = min(self.first_pause * 2**attempt, self.longest_pause)
                why = type(error).__name__
            attempt += 1
            log.warning(
                "Telegram %s failed (%s); retry %d of %d in %.1fs",
                method.__api_method__,
                why,
                attempt,
                self.retries,
                pause,
            )
            await self.sleep(pause)
