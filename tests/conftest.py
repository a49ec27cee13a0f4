"""Fixtures shared by the tests: the PayKeeper and Bot API stand-ins on 127.0.0.1, settings
pointing at them with a real SQLite file, and a chat with the Dispatcher the app builds.

The Bot talks over real HTTP to the Bot API stand-in, the services to the PayKeeper stand-in
and a real SQLite file, so a test sees what a manager would see and what reached PayKeeper.
Helpers are in the ordinary package tests/support; tests/e2e/conftest.py has the stand-ins
the real bot process is started against."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import create_bot
from bot.composition import Services
from bot.dispatching import create_dispatcher
from bot.settings import Settings
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, Chat


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
    # As the app does: work still in flight sends messages while it finishes, so the services
    # drain before the bot's session closes (a call after it would open a session nobody closes).
    await services.close()
    await bot.session.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``PYTEST_REVERSE=1 pytest`` runs the tests in reverse order: none may depend on it."""
    if os.environ.get("PYTEST_REVERSE"):
        items.reverse()
