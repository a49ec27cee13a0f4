"""The company's data is shown and changed in private chats only: a group's other members
must not read a report, the team or anyone's invoices because a member typed a command there.

Every update from a chat that is not private stops here, before the access check and every
handler: a command addressed to the bot gets one short answer ("write to me in private"), a
button pressed on a message in a group gets the same as an alert only the presser sees, and
anything else is ignored. Inline mode (``@bot`` in any chat) carries no chat and passes: its
answers are personal by design."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, Message, TelegramObject, Update

from bot.texts import Texts

log = logging.getLogger(__name__)


class PrivateChatsMiddleware(BaseMiddleware):
    """Outer middleware on ``Update``; runs after aiogram has resolved ``event_chat``."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat: Chat | None = data.get("event_chat")
        if chat is None or chat.type == ChatType.PRIVATE:
            return await handler(event, data)
        if isinstance(event, Update):
            await _point_to_private(event, data["texts"], data["bot"])
        return None


async def _point_to_private(update: Update, texts: Texts, bot: Bot) -> None:
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts("private_only"), show_alert=True)
        elif update.message is not None and await _command_to_us(update.message, bot):
            await update.message.reply(texts("private_only"))
    except TelegramAPIError as error:  # a group where the bot may not write, say
        log.info("update %s from a group not answered: %s", update.update_id, error)


async def _command_to_us(message: Message, bot: Bot) -> bool:
    """A command, and not one addressed to another bot of the group (``/report@other``)."""
    text = message.text or ""
    if not text.startswith("/"):
        return False
    _, at, mention = text.split(maxsplit=1)[0].partition("@")
    return not at or mention.lower() == ((await bot.me()).username or "").lower()
