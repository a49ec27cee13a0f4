"""The memory baseline: the smallest aiogram bot that long-polls, run by path:

    BOT_TOKEN=... TELEGRAM_API_URL=http://127.0.0.1:PORT python tests/benchmarks/bare_bot.py

One router and one handler answering /start, polling as the real bot does (same aiogram,
aiohttp session pointed at the Bot API stand-in). Its resident memory while it waits for
updates is what any aiogram bot costs; the real bot's is compared with it.
"""

from __future__ import annotations

import asyncio
import os
import sys

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandStart
from aiogram.types import Message


async def start(message: Message) -> None:
    await message.answer("Hello")


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    router = Router()
    router.message.register(start, CommandStart())
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    await dispatcher.start_polling(bot, handle_signals=True)


if __name__ == "__main__":
    sys.path.pop(0)
    asyncio.run(main())
