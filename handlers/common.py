"""/start, /help and /cancel: registered first, so they work in every state of every form."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.formatting import format_amount
from bot.settings import Settings
from bot.texts import Texts


def create_router() -> Router:
    router = Router(name="common")
    router.message.register(start, CommandStart())
    router.message.register(show_help, Command("help"))
    router.message.register(cancel, Command("cancel"))
    return router


async def start(message: Message, bot: Bot, texts: Texts, settings: Settings) -> None:
    name = message.from_user.first_name if message.from_user else ""
    text = texts("start", name=name, username=(await bot.me()).username or "")
    if settings.demo_mode:
        text += "\n\n" + texts("demo_mode")
    await message.answer(text)


async def show_help(message: Message, bot: Bot, texts: Texts, settings: Settings) -> None:
    await message.answer(
        texts(
            "help",
            max_amount=format_amount(settings.max_amount, texts.lang),
            username=(await bot.me()).username or "",
        )
    )


async def cancel(message: Message, state: FSMContext, texts: Texts) -> None:
    if await state.get_state() is None:
        await message.answer(texts("nothing_to_cancel"))
        return
    await state.clear()
    await message.answer(texts("form.cancelled"))
