"""One place for what no handler expected: the error is logged once with its update id, and
the user gets a short apology in their language instead of silence (or a spinning button)."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent, User

from bot.texts import texts_for

log = logging.getLogger(__name__)


def create_router() -> Router:
    router = Router(name="errors")
    router.errors.register(apologise)
    return router


async def apologise(event: ErrorEvent, **data: Any) -> bool:
    update = event.update
    log.error("update %s failed", update.update_id, exc_info=event.exception)
    user: User | None = data.get("event_from_user")
    texts = texts_for(user.language_code if user else None)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts("error.unexpected_short"), show_alert=True)
        elif update.message is not None and update.message.chat.type == "private":
            await update.message.answer(texts("error.unexpected"))
    except TelegramAPIError as error:  # e.g. the callback was answered before the failure
        log.warning("update %s: could not apologise: %s", update.update_id, error)
    return True  # handled: aiogram does not log it a second time
