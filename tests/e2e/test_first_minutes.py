"""The first minutes of a bot whose PayKeeper login is refused: the admins are told in chat
once (a restart does not repeat it), the log says so in one line, /healthz names the reason,
and recovers once the login works."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import aiohttp

from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import Call, FakeTelegram
from tests.support.bot_process import CEILING, PK_PASSWORD, StartBot, free_port, refusal

ADMIN = 1001
REFUSED = "PayKeeper не принял логин и пароль"
LOG_LINE = "PayKeeper at start: login refused"


def to_admin_refused(call: Call) -> bool:
    return str(call.params.get("chat_id")) == str(ADMIN) and REFUSED in call.params.get("text", "")


async def healthz(port: int) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/healthz") as answer,
    ):
        return answer.status, await answer.json()


def login_notices(tmp_path: Path) -> list[tuple[str, int]]:
    with closing(sqlite3.connect(tmp_path / "db" / "invoices.db")) as db:
        query = "SELECT key, chat_id FROM notices WHERE key LIKE 'paykeeper-login:%'"
        return list(db.execute(query))


async def test_a_refused_paykeeper_login_is_told_once_and_named_by_healthz(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    paykeeper.password = "changed-in-the-cabinet"  # the bot still has the old one
    # A stray .env beside it names another database: the environment's wins, and is named.
    (tmp_path / ".env").write_text("DATABASE_PATH=stray.db\n", encoding="utf-8")
    port = free_port()
    bot = await start_bot(WEB_PORT=str(port), PAYKEEPER_SECRET="notify-Secret-1")
    assert f"database: {tmp_path / 'db' / 'invoices.db'} (from environment)" in bot.log()
    assert not (tmp_path / "stray.db").exists()

    told = await telegram.wait_for("sendMessage", to_admin_refused)
    assert "PAYKEEPER_PASSWORD" in told.params["text"]
    await bot.wait_log(LOG_LINE)
    assert bot.log().count(LOG_LINE) == 1
    assert PK_PASSWORD not in bot.log()
    status, health = await healthz(port)
    assert (status, health["ok"], health["paykeeper"]) == (503, False, "login refused")

    # A restart (a unit or a container restarting the bot) checks again but tells nobody again.
    assert await bot.stop() == 0
    bot = await start_bot(WEB_PORT=str(port), PAYKEEPER_SECRET="notify-Secret-1")
    async with asyncio.timeout(CEILING):
        while bot.log().count(LOG_LINE) < 2:  # noqa: ASYNC110 - the log has no event to await
            await asyncio.sleep(0.1)
    assert "admins told now: 0" in bot.log().rpartition(LOG_LINE)[2].splitlines()[0]
    assert login_notices(tmp_path) == [
        (f"paykeeper-login:login refused:{ADMIN}:{key_day(tmp_path)}", ADMIN)
    ]
    assert len([call for call in telegram.calls if to_admin_refused(call)]) == 1

    # The password is put right in PayKeeper's cabinet: /healthz recovers without a restart.
    paykeeper.password = PK_PASSWORD
    async with asyncio.timeout(CEILING):
        while (await healthz(port))[0] != 200:  # noqa: ASYNC110 - kept a few seconds, then asked
            await asyncio.sleep(0.5)
    assert (await healthz(port))[1]["paykeeper"] is True


def key_day(tmp_path: Path) -> str:
    [(key, _)] = login_notices(tmp_path)
    return key.rsplit(":", 1)[1]


async def test_a_token_telegram_refuses_ends_with_one_line_and_nothing_after(
    tmp_path: Path, telegram: FakeTelegram
) -> None:
    # Every ResourceWarning shown (an unclosed session or connector would print here), without
    # -X dev's asyncio debug mode, whose slow-callback lines come from a busy machine.
    stderr = await asyncio.to_thread(  # the Bot API stand-in answers on this event loop
        refusal,
        tmp_path,
        "-W",
        "always::ResourceWarning",
        BOT_TOKEN="111:revoked-token",
        TELEGRAM_API_URL=telegram.url,
        DATABASE_PATH=str(tmp_path / "invoices.db"),
        PAYKEEPER_URL="http://127.0.0.1:9",  # not the demo server: no DEMO MODE warning
    )
    assert [(call.method, call.error) for call in telegram.failed] == [("getMe", "Unauthorized")]
    assert stderr.splitlines()[-1] == (
        "Setting BOT_TOKEN: Telegram does not accept this token (revoked or mistyped)"
    )
    before = stderr.splitlines()[:-1]  # the start's own log lines, none of them a complaint
    assert [line for line in before if "WARNING" in line or "ERROR" in line] == []
    assert "Unclosed" not in stderr
    assert "111:revoked-token" not in stderr
