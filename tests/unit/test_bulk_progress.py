"""The progress message: throttled edits, flood control waited out, unchanged edits ignored."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot

from bot.app import create_bot
from bot.services.bulk.tally import Tally
from bot.settings import Settings
from bot.telegram.bulk_progress import ProgressReporter, Throttle, telegram_call
from storage.bulk import RowOutcome
from tests.fakes.telegram import FakeTelegram, User

USER = User(id=2002)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_throttle_allows_one_edit_per_interval() -> None:
    clock = Clock()
    throttle = Throttle(2.0, clock)
    assert throttle.delay() == 0  # the first edit may go at once
    throttle.sent()
    assert throttle.delay() == 2.0
    clock.now += 1.5
    assert throttle.delay() == pytest.approx(0.5)
    clock.now += 0.5
    assert throttle.delay() == 0


def test_flood_control_pushes_the_next_edit_back() -> None:
    clock = Clock()
    throttle = Throttle(2.0, clock)
    throttle.sent()
    throttle.flood(7)
    assert throttle.delay() == 7
    throttle.flood(1)  # a shorter wait never shortens the one already imposed
    assert throttle.delay() == 7
    clock.now += 7
    assert throttle.delay() == 0


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    bot = create_bot(
        Settings(_env_file=None, bot_token=telegram.token, telegram_api_url=telegram.url)
    )
    yield bot
    await bot.session.close()


async def progress_message(telegram: FakeTelegram, bot: Bot) -> int:
    telegram.send_message(USER, "/bulk")  # makes the chat known, as a real user would
    sent = await bot.send_message(USER.id, "0 / 100")
    return sent.message_id


def render(tally: Tally) -> str:
    return f"{tally.done} / {tally.total}"


async def test_many_changes_make_few_edits_and_the_last_state_is_shown(
    telegram: FakeTelegram, bot: Bot
) -> None:
    message_id = await progress_message(telegram, bot)
    reporter = ProgressReporter(bot, USER.id, message_id, render, interval=0.05)
    reporter.start("0 / 100")
    tally = Tally(total=100)
    for _ in range(100):
        tally.add(RowOutcome.ISSUED)
        reporter.changed(tally)
    await reporter.finish("done 100 / 100")
    assert telegram.message(USER.id, message_id).text == "done 100 / 100"
    edits = [c for c in telegram.calls if c.method == "editMessageText"]
    assert 1 <= len(edits) <= 2  # 100 changes within one interval: at most one edit, then the end


async def test_not_modified_is_not_an_error(telegram: FakeTelegram, bot: Bot) -> None:
    message_id = await progress_message(telegram, bot)
    reporter = ProgressReporter(bot, USER.id, message_id, render, interval=0)
    reporter.start("something else")  # believes the message shows another text
    await reporter.finish("0 / 100")
    [refused] = telegram.failed
    assert refused.error is not None
    assert "message is not modified" in refused.error


async def test_flood_control_is_waited_out(telegram: FakeTelegram, bot: Bot) -> None:
    message_id = await progress_message(telegram, bot)
    telegram.fail_next("editMessageText", 429, retry_after=1)
    reporter = ProgressReporter(bot, USER.id, message_id, render, interval=0)
    reporter.start("0 / 100")
    await reporter.finish("done")
    assert [c.error for c in telegram.failed] == ["Too Many Requests: retry after 1"]
    assert telegram.message(USER.id, message_id).text == "done"


async def test_telegram_call_retries_after_flood_and_gives_up_on_refusals(
    telegram: FakeTelegram, bot: Bot
) -> None:
    await progress_message(telegram, bot)
    telegram.fail_next("sendMessage", 429, retry_after=1)
    sent = await telegram_call(lambda: bot.send_message(USER.id, "result"), what="test")
    assert sent is not None
    assert sent.text == "result"
    telegram.fail_next("sendMessage", 403, description="Forbidden: bot was blocked by the user")
    assert await telegram_call(lambda: bot.send_message(USER.id, "x"), what="test") is None
