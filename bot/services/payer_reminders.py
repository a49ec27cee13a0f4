"""Reminders to payers: an invoice's chosen number of days before its last payable day, if it
is still unpaid, PayKeeper e-mails it to the payer again (the card's "resend" call), once.

They go out from the morning time (DIGEST_TIME, Moscow), with the managers' own reminders, and
each one sent tells its manager. PayKeeper's state is read right before sending: nothing goes
to a paid, cancelled or expired invoice. The reminder is marked before PayKeeper is asked to
send it, so it is sent at most once across restarts: an unclear answer is recorded and never
retried (a second letter to a payer is worse than a missed reminder); only a send that
certainly never reached PayKeeper (no connection, wrong credentials) is tried again next tick.
"""

from __future__ import annotations

import logging
from datetime import datetime, time

from bot.services.alerts import Alert, AlertKind, Notifier
from bot.services.issue_outcomes import FailureKind, classify
from paykeeper import PayKeeperClient, PayKeeperError
from paykeeper.moscow import MSK
from storage.models import InvoiceRecord
from storage.payer_reminders import PayerReminderRepository

log = logging.getLogger(__name__)

PAYABLE = frozenset({"created", "sent"})  # PayKeeper's statuses of an invoice still to be paid
_NEVER_REACHED = frozenset({FailureKind.UNREACHABLE, FailureKind.AUTH})


class PayerReminders:
    def __init__(
        self,
        reminders: PayerReminderRepository,
        paykeeper: PayKeeperClient,
        notifier: Notifier,
        morning: time,
    ) -> None:
        self.reminders = reminders
        self.paykeeper = paykeeper
        self.notifier = notifier
        self.morning = morning

    async def run_due(self, now: datetime) -> int:
        """Send the reminders due at ``now`` (aware); returns how many went out."""
        local = now.astimezone(MSK)
        if local.time() < self.morning:
            return 0
        start_of_today = datetime.combine(local.date(), time(0), tzinfo=MSK)
        sent = 0
        for invoice in await self.reminders.due(local.date(), start_of_today):
            try:
                sent += await self._remind(invoice)
            except Exception:  # one invoice never keeps the others' reminders back
                log.exception("payer reminder for %s failed", invoice.order_id)
        return sent

    async def _remind(self, invoice: InvoiceRecord) -> int:
        paykeeper_id = invoice.paykeeper_id or ""
        try:
            current = await self.paykeeper.get_invoice(paykeeper_id)
        except PayKeeperError as error:
            log.warning("payer reminder for %s waits: %s", invoice.order_id, error.message)
            return 0  # nothing claimed: the next tick asks again
        if current.status not in PAYABLE:
            await self.reminders.finish(invoice.id, "skipped", f"PayKeeper: {current.status}")
            return 0
        if not await self.reminders.claim(invoice.id):
            return 0
        try:
            await self.paykeeper.send_invoice(paykeeper_id)
        except PayKeeperError as error:
            failure = classify(error)
            if failure.kind in _NEVER_REACHED:
                await self.reminders.release(invoice.id)
                log.warning("payer reminder for %s not sent: %s", invoice.order_id, failure.kind)
                return 0
            unclear = failure.kind is FailureKind.UNCERTAIN
            await self.reminders.finish(
                invoice.id,
                "unclear" if unclear else "failed",
                failure.message,
                event="payer_reminder_unclear" if unclear else "payer_reminder_failed",
            )
            return 0
        await self.reminders.finish(
            invoice.id, "sent", invoice.client_email, event="payer_reminded"
        )
        key = f"payer_reminded:{invoice.id}"
        await self.notifier.notify(
            Alert(AlertKind.PAYER_REMINDED, key, invoice.manager_id, invoice)
        )
        return 1
