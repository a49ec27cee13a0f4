"""End-to-end: the real ``python -m bot`` process, configured only through its settings,
long-polling a Bot API stand-in and calling a PayKeeper stand-in, both on 127.0.0.1.

Waits are on events (a call, a poll, a log line, the process's exit) with ceilings generous
enough for a slow, busy machine: a ceiling is never what a test measures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram
from tests.support.bot_process import PK_PASSWORD, BotProcess, StartBot, bot_env


@pytest.fixture
async def paykeeper() -> AsyncIterator[FakePayKeeper]:
    fake = FakePayKeeper(user="merchant", password=PK_PASSWORD)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token="987654:E2E-Secret-Token")
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def start_bot(
    tmp_path: Path, telegram: FakeTelegram, paykeeper: FakePayKeeper
) -> AsyncIterator[StartBot]:
    started: list[BotProcess] = []

    async def start(**extra: str) -> BotProcess:
        process = BotProcess(bot_env(telegram, paykeeper, tmp_path, **extra), tmp_path)
        await process.start(telegram)
        started.append(process)
        return process

    yield start
    failures = []
    for process in started:  # every process, even when one does not stop
        try:
            await process.stop()
        except AssertionError as failure:
            failures.append(failure)
    if failures:
        raise failures[0]
