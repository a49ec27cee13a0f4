"""The real ``python -m bot`` process for end-to-end tests, configured only through its
environment, and the one-shot starts that must refuse bad settings.

Waits are on events (a call, a poll, a log line, the process's exit) with ceilings generous
enough for a slow, busy machine: a ceiling is never what a test measures."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram

REPO = Path(__file__).resolve().parents[2]
PK_PASSWORD = "pk-Secret-Pa55"
CEILING = 60.0  # seconds: the longest wait for anything the bot does, importing aiogram included


class BotProcess:
    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.env = env
        self.workdir = workdir
        self.log_path = workdir / "bot.log"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, telegram: FakeTelegram) -> None:
        """Start the process and wait until it polls ``telegram``."""
        polls = len(telegram.polls)  # a killed predecessor's poll may still be pending
        await self.launch()
        await self.wait_polling(telegram, after=polls)

    async def launch(self) -> None:
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

    async def wait_polling(self, telegram: FakeTelegram, *, after: int = 0) -> None:
        try:
            await telegram.wait_polling(timeout=CEILING, after=after)
        except TimeoutError:
            raise AssertionError(f"the bot did not start polling:\n{self.log()}") from None

    async def wait_log(self, text: str) -> None:
        """Wait until the log has ``text`` (the process writes it; there is no event to await)."""
        assert self.process is not None
        async with asyncio.timeout(CEILING):
            while text not in self.log():
                if self.process.returncode is not None:
                    raise AssertionError(f"the bot exited before logging {text!r}:\n{self.log()}")
                await asyncio.sleep(0.1)

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        try:
            return await asyncio.wait_for(self.process.wait(), CEILING)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise AssertionError(f"the bot did not stop on {sig!r}:\n{self.log()}") from None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


StartBot = Callable[..., Awaitable[BotProcess]]


def refusal(workdir: Path, *python_options: str, **env: str) -> str:
    """Start ``python [options] -m bot`` with only ``env``, expect it to refuse (exit code 2,
    no traceback), and return what it printed on stderr."""
    done = subprocess.run(
        [sys.executable, *python_options, "-m", "bot"],
        cwd=workdir,
        env={"PATH": "", "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=CEILING,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def refused_start(workdir: Path, **env: str) -> list[str]:
    """Like :func:`refusal`; returns the lines naming bad settings."""
    return [line for line in refusal(workdir, **env).splitlines() if line.startswith("Setting ")]


def free_port() -> int:
    """A loopback port nothing listens on (for a moment: the OS hands it out again later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
