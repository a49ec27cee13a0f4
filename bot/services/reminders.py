"""Reminders: the day before an unpaid invoice's last payable day, one message to its manager.

They go out from the morning time (DIGEST_TIME, Moscow) of that day, or as soon as the bot is
up later that day. An invoice issued that same day gets none: its manager has just seen it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.services import outbox_keys as keys
from bot.services.alerts import Alert, AlertKind, Notifier
from paykeeper.moscow import MSK
from storage.notices import NoticeRepository
from storage.payer_reminders import PayerReminderRepository


class Reminders:
    def __init__(
        self,
        notices: NoticeRepository,
        notifier: Notifier,
        morning: time,
        payer_reminders: PayerReminderRepository | None = None,
    ) -> None:
        self.notices = notices
        self.notifier = notifier
        self.morning = morning
        self.payer_reminders = payer_reminders  # to say the payer was reminded too

    async def run_due(self, now: datetime) -> int:
        """Queue the reminders due at ``now`` (aware); returns how many were queued."""
        local = now.astimezone(MSK)
        if local.time() < self.morning:
            return 0
        start_of_today = datetime.combine(local.date(), time(0), tzinfo=MSK)
        due = await self.notices.due_reminders(local.date() + timedelta(days=1), start_of_today)
        queued = 0
        for invoice in due:
            key = keys.reminder(invoice.id)
            reminded = self.payer_reminders is not None and (
                await self.payer_reminders.state(invoice.id) == "sent"
            )
            alert = Alert(
                AlertKind.REMINDER, key, invoice.manager_id, invoice, payer_reminded=reminded
            )
            queued += await self.notifier.notify(alert)
        return queued
