"""End-to-end: the real ``python -m bot`` process, configured only through its settings,
long-polling a Bot API stand-in and calling a PayKeeper stand-in, both on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram

REPO = Path(__file__).resolve().parents[2]
PK_PASSWORD = "pk-Secret-Pa55"


class BotProcess:
    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.env = env
        self.workdir = workdir
        self.log_path = workdir / "bot.log"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, telegram: FakeTelegram) -> None:
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=self.workdir,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        log.close()
        try:
            await telegram.wait_polling(timeout=30)
        except TimeoutError:
            raise AssertionError(f"the bot did not start polling:\n{self.log()}") from None

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        try:
            return await asyncio.wait_for(self.process.wait(), 15)
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


StartBot = Callable[..., Awaitable[BotProcess]]


def refused_start(workdir: Path, **env: str) -> list[str]:
    """Start ``python -m bot`` with only ``env``, expect it to refuse (exit code 2, no
    traceback), and return the lines naming bad settings."""
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=workdir,
        env={"PATH": "", "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    return [line for line in done.stderr.splitlines() if line.startswith("Setting ")]


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


def bot_env(
    telegram: FakeTelegram, paykeeper: FakePayKeeper, workdir: Path, **extra: str
) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "BOT_TOKEN": telegram.token,
        "TELEGRAM_API_URL": telegram.url,
        "PAYKEEPER_URL": paykeeper.url,
        "PAYKEEPER_USER": "merchant",
        "PAYKEEPER_PASSWORD": PK_PASSWORD,
        "PAYKEEPER_TIMEOUT": "3",
        "ADMIN_IDS": "1001",
        "MANAGER_IDS": "2002, 3003",
        "DATABASE_PATH": str(workdir / "db" / "invoices.db"),
        "LOG_LEVEL": "DEBUG",
    }
    env.update(extra)
    return env


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
    for process in started:
        await process.stop()
