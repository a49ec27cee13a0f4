"""The Notifier services tell their alerts to: rendered in the manager's language (the one
Telegram reported the last time they used the bot) and queued in the outbox."""

from __future__ import annotations

from bot.services.alerts import Alert
from bot.telegram.outbox import Outbox
from bot.texts import texts_for
from bot.views.alerts import alert_message
from storage.people import PeopleRepository


class OutboxNotifier:
    def __init__(self, outbox: Outbox, people: PeopleRepository) -> None:
        self.outbox = outbox
        self.people = people

    async def notify(self, alert: Alert) -> bool:
        texts = texts_for(await self.people.language(alert.manager_id))
        invoice_id = alert.invoice.id if alert.invoice is not None else None
        return await self.outbox.put(
            alert.key, alert.manager_id, alert_message(alert, texts), invoice_id=invoice_id
        )
