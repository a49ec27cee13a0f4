"""Whatever no other handler took: a short hint instead of silence. Registered last."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from bot.texts import Texts


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(hint, F.chat.type == "private")
    return router


async def hint(message: Message, texts: Texts) -> None:
    await message.answer(texts("fallback"))
