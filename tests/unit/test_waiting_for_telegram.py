"""Start-up waits out a Telegram that times out, answers 5xx, floods or is behind a proxy's
error page, one log line per attempt, and goes on as soon as getMe succeeds."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web

from bot import app

pytestmark = pytest.mark.slow  # waits out start-up pauses: `pytest -m 'not slow'` skips it

TOKEN = "123456:TEST-token"
ME = {"id": 123456, "is_bot": True, "first_name": "Invoice Bot", "username": "invoice_bot"}


class FlakyTelegram:
    """Answers getMe with each scripted fault in turn, then with the bot."""

    def __init__(self, *faults: str) -> None:
        self.faults = deque(faults)
        self.requests = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        application = web.Application()
        application.router.add_post("/bot{token}/{method}", self._answer)
        self._runner = web.AppRunner(application, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        fault = self.faults.popleft() if self.faults else None
        if fault == "stall":  # the client's timeout ends it
            await asyncio.Event().wait()
        if fault == "proxy":
            return web.Response(
                status=502, text="<html>Bad Gateway</html>", content_type="text/html"
            )
        if fault == "5xx":
            body = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
            return web.json_response(body, status=500)
        if fault == "flood":
            body = {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            }
            return web.json_response(body, status=429)
        return web.json_response({"ok": True, "result": ME})


@pytest.fixture
async def telegram() -> AsyncIterator[FlakyTelegram]:
    fake = FlakyTelegram("stall", "proxy", "5xx", "flood")
    await fake.start()
    yield fake
    await fake.stop()


async def test_start_up_keeps_trying_until_telegram_answers(
    telegram: FlakyTelegram, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(app, "FIRST_PAUSE", 0.05)  # the pauses grow from here
    # The stall ends at the client's timeout: long enough that no quick answer hits it.
    session = AiohttpSession(api=TelegramAPIServer.from_base(telegram.url), timeout=3)
    bot = Bot(TOKEN, session=session)
    caplog.set_level(logging.INFO, logger="bot.app")
    try:
        async with asyncio.timeout(60):  # a ceiling for a busy machine, not a measurement
            assert await app._check_token(bot) is True
        assert (await bot.me()).username == "invoice_bot"  # cached: polling will not ask
    finally:
        await bot.session.close()

    attempts = [r.getMessage() for r in caplog.records if "not reachable" in r.getMessage()]
    assert len(attempts) == 4  # one line per failed attempt
    assert not [line for line in attempts if "\n" in line]
    assert "attempt 1: HTTP Client says - Request timeout error" in attempts[0]
    assert "attempt 2: " in attempts[1]
    assert "Failed to decode object" in attempts[1]
    assert "attempt 3: Telegram server says - Internal Server Error" in attempts[2]
    assert "attempt 4: Telegram server says - Flood control exceeded" in attempts[3]
    assert "trying again in 1 s" in attempts[3]  # flood control's retry_after is honoured
    assert any("bot @invoice_bot" in r.getMessage() for r in caplog.records)
    # Each failure is one getMe; the success is one getMe plus the cached one.
    assert telegram.requests == 4 + 2
