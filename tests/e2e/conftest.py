"""End-to-end: the real ``python -m bot`` process, configured only through its settings,
long-polling a Bot API stand-in and calling a PayKeeper stand-in, both on 127.0.0.1.

``start_bot`` starts fresh processes for one test (start-up, shutdown, restarts, settings,
faults on start); ``shared_bot`` is the one process the other tests share (see shared_bot.py).
Waits are on events (a call, a poll, a log line, the process's exit) with ceilings generous
enough for a slow, busy machine: a ceiling is never what a test measures."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e.shared_bot import SharedBot, shared_bot_env
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram
from tests.support.bot_process import PK_PASSWORD, BotProcess, StartBot, bot_env

TOKEN = "987654:E2E-Secret-Token"


@pytest.fixture
async def paykeeper() -> AsyncIterator[FakePayKeeper]:
    fake = FakePayKeeper(user="merchant", password=PK_PASSWORD)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token=TOKEN)
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


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def shared_bot_process(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[SharedBot]:
    workdir = tmp_path_factory.mktemp("shared-bot")
    async with (
        FakeTelegram(token=TOKEN) as telegram,
        FakePayKeeper(user="merchant", password=PK_PASSWORD) as paykeeper,
    ):
        process = BotProcess(bot_env(telegram, paykeeper, workdir, **shared_bot_env()), workdir)
        await process.start(telegram)
        try:
            yield SharedBot(telegram, paykeeper, process, workdir)
        finally:
            code = await process.stop()
    assert code == 0, process.log()
    log = process.log()
    for secret in (TOKEN.split(":")[1], PK_PASSWORD):
        assert secret not in log


@pytest.fixture
def shared_bot(shared_bot_process: SharedBot) -> Iterator[SharedBot]:
    yield shared_bot_process
    shared_bot_process.reset()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests on the shared bot one after another: between them its stand-ins'
    event loop is idle, and the bot's long poll waits unanswered."""
    shared = [item for item in items if "shared_bot_process" in getattr(item, "fixturenames", ())]
    if not shared:
        return
    first = items.index(shared[0])
    ids = {id(item) for item in shared}
    rest = [item for item in items if id(item) not in ids]
    items[:] = rest[:first] + shared + rest[first:]
