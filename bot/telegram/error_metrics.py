"""Counts the Bot API calls Telegram did not take, by method and kind (see bot.metrics).

Registered on the session inside the retrying middleware, so each attempt is seen: a burst of
429s shows even when the retries then got the message through."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import AiogramError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bot.metrics import record_telegram_error

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response


class CountTelegramErrors(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except AiogramError as error:  # TelegramAPIError, ClientDecodeError (not JSON) ...
            record_telegram_error(method.__api_method__, type(error).__name__)
            raise
