"""Delivering what became of an invoice so that it is never lost.

The retry middleware already waited out flood control and passing faults; if Telegram still
does not take the message (or the summary to edit is gone), it goes to the outbox, which keeps
it in SQLite and sends it as soon as Telegram takes it, across restarts too."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message

from bot.telegram.editing import edit_message
from bot.telegram.outbox import Outbox
from bot.views.content import Content

log = logging.getLogger(__name__)


async def edit_or_queue(
    message: Message, content: Content, *, outbox: Outbox, key: str, invoice_id: int
) -> bool:
    """Turn ``message`` into ``content``; queue it as a new message if Telegram refuses.
    True if it was shown now."""
    text, keyboard = content
    if await edit_message(text, keyboard, message=message, what="result message"):
        return True
    log.warning("invoice %s: result not shown; queued", invoice_id)
    await outbox.put(key, message.chat.id, content, invoice_id=invoice_id)
    return False


async def send_or_queue(
    bot: Bot, chat_id: int, content: Content, *, outbox: Outbox, key: str, invoice_id: int
) -> bool:
    """Send ``content``; queue it if Telegram refuses. True if it was sent now."""
    text, keyboard = content
    try:
        await bot.send_message(chat_id, text, reply_markup=keyboard)
    except TelegramAPIError as error:
        log.warning("invoice %s: message not sent (%s); queued", invoice_id, error)
        await outbox.put(key, chat_id, content, invoice_id=invoice_id)
        return False
    return True
