"""Editing a message the bot sent: the one place that knows Telegram answers an edit that
changes nothing with an error ("message is not modified"), which means it already shows it."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

log = logging.getLogger(__name__)


def not_modified(error: TelegramAPIError) -> bool:
    """The edit asked for what the message already shows."""
    return isinstance(error, TelegramBadRequest) and "message is not modified" in error.message


async def edit_message(
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    *,
    message: Message | None = None,
    inline: tuple[Bot, str] | None = None,
    what: str = "message",
) -> bool:
    """Turn ``message`` (or an inline message: the bot and its ``inline_message_id``, posted
    through inline mode) into ``text`` and ``keyboard``. True when it shows them now, also
    when it already did; False when there is nothing to edit or Telegram would not (logged,
    with ``what``): the caller sends or queues a new message instead."""
    try:
        if inline is not None:
            bot, inline_message_id = inline
            await bot.edit_message_text(
                text=text, inline_message_id=inline_message_id, reply_markup=keyboard
            )
        elif message is not None:
            await message.edit_text(text, reply_markup=keyboard)
        else:
            return False
    except TelegramAPIError as error:
        if not_modified(error):
            return True
        log.warning("could not edit the %s: %s", what, error.message)
        return False
    return True


async def edit_or_send(
    query: CallbackQuery,
    bot: Bot,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    *,
    in_place: bool,
) -> None:
    """Show ``text`` on the message whose button was pressed (``in_place``), or in a new
    message to the presser: also when that message can no longer be edited."""
    message = query.message if isinstance(query.message, Message) else None
    if in_place and await edit_message(text, keyboard, message=message, what="pressed message"):
        return
    await bot.send_message(query.from_user.id, text, reply_markup=keyboard)


async def set_keyboard(message: Message, keyboard: InlineKeyboardMarkup | None) -> None:
    """Give ``message`` these buttons (None: none). A second tap that arrives after the first
    took them away asks for what the message already shows: that is done, not an error."""
    try:
        await message.edit_reply_markup(reply_markup=keyboard)
    except TelegramAPIError as error:
        if not not_modified(error):
            raise
