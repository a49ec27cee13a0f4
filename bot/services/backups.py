"""The nightly backup: once a day, from BACKUP_TIME (Moscow), a consistent copy of the database
into BACKUP_DIR, keeping the newest BACKUP_KEEP (0: none made). A scheduler job (see
bot.services.schedule); the copy is made on a thread, so the bot keeps serving meanwhile."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time, timedelta
from pathlib import Path

from bot.metrics import record_backup
from paykeeper.moscow import MSK
from storage.backup import (
    backup_database,
    nightly_copies,
    nightly_name,
    prune,
)
from storage.backup_check import BackupError

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(hours=1)  # after a failure: not every minute, not only tomorrow


class NightlyBackups:
    def __init__(self, database: Path, folder: Path, *, keep: int, at: time) -> None:
        self.database = database
        self.folder = folder
        self.keep = keep
        self.at = at
        self._retry_at: datetime | None = None

    async def run_due(self, now: datetime) -> int:
        """Make today's backup if it is due at ``now`` (aware) and not made yet; returns how
        many were made (0 or 1). A copy already in the folder for today (made before a
        restart, say) counts: a restart does not make a second one."""
        local = now.astimezone(MSK)
        if self.keep <= 0 or local.time() < self.at or self._made_on(local):
            return 0
        if self._retry_at is not None and now < self._retry_at:
            return 0
        target = self.folder / nightly_name(self.database, local)
        try:
            info = await asyncio.to_thread(backup_database, self.database, target)
            removed = await asyncio.to_thread(prune, self.folder, self.database, self.keep)
        except (BackupError, OSError) as error:
            self._retry_at = now + RETRY_AFTER
            record_backup(ok=False)
            log.error("nightly backup to %s failed (%s); trying again in an hour", target, error)
            return 0
        self._retry_at = None
        record_backup(ok=True)
        log.info(
            "nightly backup %s written (%d invoices); %d old copies removed",
            target,
            info.invoices,
            len(removed),
        )
        return 1

    def _made_on(self, local: datetime) -> bool:
        day = f"-{local.date().isoformat()}T"
        return any(day in path.name for path in nightly_copies(self.folder, self.database))
