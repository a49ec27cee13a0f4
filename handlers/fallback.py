"""Whatever no other handler took: a short hint instead of silence. Registered last."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.texts import Texts


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(hint)
    # A button no other handler took (an old message, unknown or tampered data): answer it,
    # or the user's client shows it spinning.
    router.callback_query.register(out_of_date)
    return router


async def hint(message: Message, texts: Texts) -> None:
    await message.answer(texts("fallback"))


async def out_of_date(query: CallbackQuery, texts: Texts) -> None:
    await query.answer(texts("button.outdated"), show_alert=True)
