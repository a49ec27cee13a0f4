"""The real bot process restarted: a run of a manager suspended while the bot was down is not
carried on; its result file says which rows were issued and that the rest were stopped."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.test_bulk import MANAGER, press, previews, result, upload
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram
from tests.support.bot_process import CEILING, StartBot
from tests.support.bulk_samples import HEADER_RU, as_dicts, order_rows, read_csv, to_csv

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them

ROWS = 10


async def test_a_suspended_managers_run_is_not_resumed_after_a_restart(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    bot = await start_bot(BULK_CONCURRENCY="1")
    await upload(telegram, to_csv(HEADER_RU, order_rows(ROWS)))
    paykeeper.latency = 0.3
    await press(telegram, "ссылки")
    async with asyncio.timeout(CEILING):
        while len(paykeeper.invoices) < 2:  # noqa: ASYNC110 - the stand-in has no event for it
            await asyncio.sleep(0.01)
    assert await bot.stop(signal.SIGTERM) == 0  # the run pauses, to be resumed at start
    issued = len(previews(paykeeper))
    assert issued < ROWS
    # Suspended while the bot was down, and no longer in MANAGER_IDS to be seeded back.
    with closing(sqlite3.connect(tmp_path / "db" / "invoices.db")) as db, db:
        db.execute("UPDATE team_members SET suspended = 1 WHERE user_id = ?", (MANAGER.id,))

    after = len(telegram.calls)
    await start_bot(BULK_CONCURRENCY="1", MANAGER_IDS="3003")
    done = await result(telegram, after)

    assert len(previews(paykeeper)) == issued  # nothing more reached PayKeeper
    upload_sent = done.params["document"]
    table = as_dicts(read_csv(upload_sent.content, encoding="utf-8-sig"))
    statuses = [row["Статус"] for row in table]
    assert statuses == ["создан"] * issued + ["остановлено: доступ отозван"] * (ROWS - issued)
    assert "Остановлено, доступ отозван: " in str(done.params["caption"])
    texts = [str(c.params.get("text")) for c in telegram.calls[after:]]
    assert not any("Бот перезапускался" in text for text in texts)  # no "carrying on"
    assert any("Доступ к боту отозван администратором" in text for text in texts)
