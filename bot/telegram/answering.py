"""Answering a button while the work it started goes on.

The answer (a toast, and the end of the button's spinner) is one Telegram round trip: awaited
before the work, it stood in front of every invoice's PayKeeper request (tens of milliseconds
to Telegram's servers). A button Telegram will no longer answer (pressed long ago, before a
restart) does not stop the work either: its result still reaches the chat.

The answer also lets the work go first: it waits a few milliseconds, so the PayKeeper request
that the link waits for is on its way before the toast's request is built (one manager's
press to link 10.9 -> 9.3 ms in tests/benchmarks/interactive.py); against the real Telegram's
round trip the toast is no later to the eye."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery

log = logging.getLogger(__name__)

YIELD_TO_WORK = 0.003  # seconds the toast waits for the work's first request to leave


@contextlib.asynccontextmanager
async def answering(query: CallbackQuery, text: str) -> AsyncIterator[None]:
    """Answers ``query`` with ``text`` while the body runs; done when both are (the body does
    not wait for the answer, which may be waiting out flood control)."""
    answer = asyncio.create_task(_answer(query, text), name=f"answer-{query.id}")
    try:
        yield
    finally:
        await answer


async def _answer(query: CallbackQuery, text: str) -> None:
    try:
        await asyncio.sleep(YIELD_TO_WORK)
        await query.answer(text)
    except TelegramAPIError as error:
        log.warning("could not answer a button press: %s", error)
