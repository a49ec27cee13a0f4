"""Dialogue tests: real Update objects fed to the Dispatcher the app factory builds.

The Bot talks over real HTTP to the Bot API stand-in, the services to the PayKeeper stand-in
and a real SQLite file, so a test sees what a manager would see and what reached PayKeeper."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.app import create_bot
from bot.composition import Services, create_dispatcher
from bot.settings import Settings
from tests.fakes.paykeeper import FakePayKeeper
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

    def last(self, user: User) -> StoredMessage:
        return self.telegram.chat_messages(user.id)[-1]

    def answers(self, method: str = "answerCallbackQuery") -> list[dict[str, Any]]:
        return [call.params for call in self.telegram.calls if call.method == method]


@pytest.fixture
async def paykeeper() -> AsyncIterator[FakePayKeeper]:
    fake = FakePayKeeper(user="merchant", password="pk-password")
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def settings(tmp_path: Path, paykeeper: FakePayKeeper, telegram: FakeTelegram) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=telegram.token,
        telegram_api_url=telegram.url,
        paykeeper_url=paykeeper.url,
        paykeeper_user="merchant",
        paykeeper_password="pk-password",
        paykeeper_timeout=2,
        admin_ids=frozenset({ADMIN.id}),
        manager_ids=frozenset({MANAGER.id, ENGLISH_MANAGER.id}),
        database_path=tmp_path / "data" / "invoices.db",
    )


@pytest.fixture
async def chat(settings: Settings, telegram: FakeTelegram) -> AsyncIterator[Chat]:
    bot = create_bot(settings)
    services = await Services.open(settings, bot)
    dispatcher = create_dispatcher(services)
    yield Chat(telegram, bot, dispatcher, services)
    await bot.session.close()
    await services.close()
