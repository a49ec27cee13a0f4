"""Start-up of the real ``python -m bot``: bad settings are one line each before the heavy
imports, a database that cannot be opened is one line, and a Telegram that is not there yet is
waited for (and the wait can be stopped)."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram, User
from tests.support.bot_process import (
    CEILING,
    BotProcess,
    bot_env,
    free_port,
    refusal,
    refused_start,
)

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them

MANAGER = User(id=2002, first_name="Иван", language_code="ru")
TOKEN = "987654:E2E-Secret-Token"


def test_a_missing_token_is_reported_before_aiogram_is_imported(tmp_path: Path) -> None:
    stderr = refusal(tmp_path, "-X", "importtime")

    imported = [line for line in stderr.splitlines() if line.startswith("import time:")]
    assert any(line.endswith("| bot.settings") for line in imported)  # importtime did report
    assert not [line for line in imported if "aiogram" in line]
    assert "Setting BOT_TOKEN: is required but not set" in stderr.splitlines()
    assert f"from {tmp_path / '.env'} (not found); see .env.example" in stderr


def test_each_malformed_setting_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    (tmp_path / ".env").write_text(
        "BOT_TOKEN=1:abc\nLOG_LEVEL=verbose\nDIGEST_TIME=9:00\n", encoding="utf-8"
    )
    lines = refused_start(tmp_path, DATABASE_PATH=str(tmp_path), BULK_CONCURRENCY="many")
    assert lines == [
        f"Setting DATABASE_PATH: expected a file in a folder the bot can create and write; "
        f"{tmp_path} is a folder",
        "Setting LOG_LEVEL: expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL (any case)",
        "Setting DIGEST_TIME: expected HH:MM (24-hour, Moscow time), e.g. 09:00",
        "Setting BULK_CONCURRENCY: expected a whole number from 1 to 64",
    ]

    (tmp_path / ".env").write_text("BOT_TOKEN=1:abc\n", encoding="utf-8")
    stderr = refusal(
        tmp_path, DATABASE_PATH=str(tmp_path / "a-file" / "db" / "invoices.db"), LOG_LEVEL="debug"
    )
    assert stderr.splitlines() == [
        f"Setting DATABASE_PATH: expected a file in a folder the bot can create and write; "
        f"{tmp_path / 'a-file'} is a file, so the folder {tmp_path / 'a-file' / 'db'} cannot "
        "be created",
        f"Settings are read from the environment and from {tmp_path / '.env'} (found); "
        "see .env.example",
    ]


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    database = tmp_path / "invoices.db"
    database.write_text("BOT_TOKEN=1:abc\n", encoding="utf-8")  # .env given by mistake
    lines = refused_start(tmp_path, BOT_TOKEN="1:abc", DATABASE_PATH=str(database))
    assert lines == [
        f"Setting DATABASE_PATH: expected an SQLite database or a new file; {database} is some "
        "other file"
    ]


async def test_a_database_sqlite_cannot_open_is_one_line(
    tmp_path: Path, telegram: FakeTelegram
) -> None:
    # Passes the settings check (a link, its folder writable), fails at open: the link points
    # into a volume that is not mounted.
    database = tmp_path / "invoices.db"
    database.symlink_to(tmp_path / "unmounted" / "invoices.db")
    lines = await asyncio.to_thread(  # the Bot API stand-in answers on this event loop
        refused_start,
        tmp_path,
        BOT_TOKEN=telegram.token,
        TELEGRAM_API_URL=telegram.url,
        DATABASE_PATH=str(database),
    )
    assert lines == [
        f"Setting DATABASE_PATH: cannot open {database} as an SQLite database "
        "(No such file or directory)"
    ]


async def test_a_bot_started_before_telegram_is_reachable_serves_once_it_is(
    tmp_path: Path, paykeeper: FakePayKeeper
) -> None:
    port = free_port()  # nothing listens here yet: every connection is refused
    telegram = FakeTelegram(token=TOKEN)
    env = bot_env(telegram, paykeeper, tmp_path, TELEGRAM_API_URL=f"http://127.0.0.1:{port}")
    bot = BotProcess(env, tmp_path)
    await bot.launch()
    try:
        # Two attempts, the pause growing: it keeps trying rather than giving up or crashing.
        await bot.wait_log("Telegram is not reachable yet (attempt 2: ")
        assert "(attempt 1: " in bot.log()
        assert "trying again in 1 s" in bot.log()
        assert "trying again in 2 s" in bot.log()

        await telegram.start(port=port)
        await bot.wait_polling(telegram)
        after = len(telegram.calls)
        telegram.send_message(MANAGER, "/start")
        reply = await telegram.wait_for("sendMessage", after=after)
        assert reply.params["chat_id"] == MANAGER.id

        assert await bot.stop() == 0
        assert "Traceback" not in bot.log()
    finally:
        if bot.process is not None and bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()
        await telegram.stop()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
async def test_a_stop_while_waiting_for_telegram_is_a_clean_exit(
    tmp_path: Path, paykeeper: FakePayKeeper, sig: signal.Signals
) -> None:
    telegram = FakeTelegram(token=TOKEN)  # never started
    env = bot_env(
        telegram, paykeeper, tmp_path, TELEGRAM_API_URL=f"http://127.0.0.1:{free_port()}"
    )
    bot = BotProcess(env, tmp_path)
    await bot.launch()
    assert bot.process is not None
    try:
        await bot.wait_log("Telegram is not reachable yet (attempt 1: ")
        bot.process.send_signal(sig)
        # A ceiling on waiting, not a measurement: it stops during a pause of 1 s or more.
        code = await asyncio.wait_for(bot.process.wait(), CEILING)
    finally:
        if bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()
    assert code == 0, bot.log()
    assert "stopped while waiting for Telegram" in bot.log()
    assert "Traceback" not in bot.log()
    # It stopped before opening the database (only the running lock beside it was taken).
    assert not (tmp_path / "db" / "invoices.db").exists()
