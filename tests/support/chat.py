"""Driving the bot like a user in a private chat: real Update objects fed to the Dispatcher the
composition root builds, and what the bot answered read back from the Bot API stand-in."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.composition import Services
from bot.dispatching import create_dispatcher
from bot.middlewares import AccessMiddleware
from bot.settings import Settings
from tests.fakes.telegram import FakeTelegram, StoredMessage, User

ADMIN = User(id=1001, first_name="Анна", language_code="ru")
MANAGER = User(id=2002, first_name="Иван", language_code="ru")
ENGLISH_MANAGER = User(id=3003, first_name="John", language_code="en")
STRANGER = User(id=6666, first_name="Посторонний", language_code="ru")


class Chat:
    """Drives the Dispatcher like a user in a private chat and reads what the bot answered."""

    def __init__(
        self, telegram: FakeTelegram, bot: Bot, dispatcher: Dispatcher, services: Services
    ) -> None:
        self.telegram = telegram
        self.bot = bot
        self.dispatcher = dispatcher
        self.services = services

    async def restarted(self, settings: Settings | None = None) -> Chat:
        """The bot restarted, with ``settings`` or the same ones: these services closed, new
        ones and a new Dispatcher on the same database file, Bot and Bot API stand-in. The
        caller closes the new chat's services."""
        settings = settings or self.services.settings
        await self.services.close()
        services = await Services.open(settings, self.bot)
        return Chat(self.telegram, self.bot, create_dispatcher(services), services)

    async def feed(self, update: dict[str, Any]) -> None:
        await self.dispatcher.feed_update(
            self.bot, Update.model_validate(update, context={"bot": self.bot})
        )

    async def say(self, user: User, text: str) -> list[StoredMessage]:
        """Send ``text`` as ``user``; returns the messages the bot sent in reply."""
        return await self._reply_to(user, self.telegram.send_message(user, text))

    async def press(self, user: User, message: StoredMessage, data: str) -> list[StoredMessage]:
        return await self._reply_to(user, self.telegram.press(user, message, data))

    async def press_text(
        self, user: User, message: StoredMessage, text: str
    ) -> list[StoredMessage]:
        """Press the button whose caption contains ``text``."""
        button = next(b for b in message.buttons if text in b["text"])
        return await self.press(user, message, button["callback_data"])

    async def _reply_to(self, user: User, update: dict[str, Any]) -> list[StoredMessage]:
        before = {key for key, message in self.telegram.messages.items() if message.from_bot}
        await self.feed(update)
        return [
            message
            for key, message in self.telegram.messages.items()
            if message.from_bot and key not in before and message.chat_id == user.id
        ]

    def minutes_pass(self) -> None:
        """Enough time passes for a stranger to be answered again (the flood limit of
        bot/middlewares/stranger_answers.py)."""
        [access] = [
            m for m in self.dispatcher.update.outer_middleware if isinstance(m, AccessMiddleware)
        ]
        answers, clock = access.answers, access.answers.clock
        answers.clock = lambda: clock() + answers.every

    def last(self, user: User) -> StoredMessage:
        return self.telegram.chat_messages(user.id)[-1]

    def answers(self, method: str = "answerCallbackQuery") -> list[dict[str, Any]]:
        return [call.params for call in self.telegram.calls if call.method == method]
