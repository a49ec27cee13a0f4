"""A database restored from a backup taken before a period was issued: PayKeeper keeps no
idempotency by order id, so the restored job must not issue that period again.

A nightly backup (BACKUP_TIME 03:00) restored after SCHEDULE_TIME (09:00) lacks that day's
periods: the job looks a period's order id up in PayKeeper before issuing one the log lacks,
so PayKeeper, the book of record, keeps one invoice per period."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.services.schedule_rules import Kind
from bot.services.schedules import Plan
from tests.dialogue.test_schedules import at, previews, scheduled, settings, source
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.chat import Chat

__all__ = ["settings"]  # TEST_CLOCK fixed as the schedule tests have it


async def test_a_period_issued_after_the_backup_is_not_issued_again_after_a_restore(
    chat: Chat, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    schedule = await scheduled(chat, await source(chat), Plan(Kind.DAYS, 1))
    backup = tmp_path / "backup.db"
    live, copy = sqlite3.connect(chat.services.settings.database_path), sqlite3.connect(backup)
    try:
        live.backup(copy)  # the nightly backup, before the period's time
    finally:
        live.close()
        copy.close()
    await chat.services.schedule_runs.run_due(at(schedule.start_day, 10))
    assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-1"]

    restored = await chat.restarted(
        chat.services.settings.model_copy(update={"database_path": backup})
    )
    try:
        await restored.services.schedule_runs.run_due(at(schedule.start_day, 12))
        await restored.services.schedule_runs.run_due(
            at(schedule.start_day + timedelta(days=1), 10)
        )
        # One invoice per period in PayKeeper: sch1-1 once, then the next day's sch1-2.
        assert [p["orderid"] for p in previews(paykeeper)[1:]] == ["sch1-1", "sch1-2"]
    finally:
        await restored.services.close()
