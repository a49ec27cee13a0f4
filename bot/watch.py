"""Watching invoices after they are issued (issue 4), wired into the running bot: the alert
outbox, reconciliation, reminders and digests as background jobs, and the HTTP server for
PayKeeper's notifications and /healthz. Everything stops through BackgroundTasks.stopping."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from aiogram import Bot

from bot.services.alerts import InvoiceAlerts
from bot.services.digest import Digests
from bot.services.health import HealthCheck
from bot.services.payments import PaymentNotifications
from bot.services.reconciliation import Reconciler
from bot.services.reminders import Reminders
from bot.services.schedule import Scheduler
from bot.settings import StartupError
from bot.web import WebServer, create_web_app
from storage.people import PeopleRepository

if TYPE_CHECKING:
    from bot.app import Services

log = logging.getLogger(__name__)


class InvoiceWatch:
    def __init__(self, services: Services, bot: Bot) -> None:
        settings = services.settings
        stopping = services.tasks.stopping
        self.services = services
        self.notices = services.outbox.notices
        self.outbox = services.outbox
        self.alerts = InvoiceAlerts(
            self.outbox, services.invoices, PeopleRepository(services.database)
        )
        self.reconciler = Reconciler(
            services.invoices,
            services.paykeeper,
            services.tracker,
            stopping,
            interval=settings.reconcile_interval,
            # The issuer may hold a fresh `requested` row for up to a token fetch, a token
            # refresh and the preview itself.
            grace=timedelta(seconds=max(60.0, 4 * settings.paykeeper_timeout)),
            started_at=datetime.now(UTC),
        )
        # Reminders go out at the digest's morning time, whether or not digests are on.
        self.reminders = Reminders(self.notices, self.outbox, self.alerts, settings.digest_time)
        self.digests = Digests(
            self.notices,
            self.outbox,
            self.alerts,
            at=settings.digest_time,
            enabled=settings.digest_enabled,
        )
        self.scheduler = Scheduler([self.reminders.run_due, self.digests.run_due], stopping)
        self.web: WebServer | None = None
        if settings.web_port is not None:
            notifications = PaymentNotifications(
                services.invoices,
                services.tracker,
                settings.paykeeper_secret.get_secret_value(),
                self.alerts,
            )
            health = HealthCheck(bot, services.database, services.paykeeper)
            app = create_web_app(
                notifications, health, services.tasks, notify_path=settings.notify_path
            )
            self.web = WebServer(app)

    async def start(self) -> None:
        self.services.tracker.listeners.append(self.alerts)
        tasks = self.services.tasks
        tasks.spawn(self.outbox.run(), name="alerts")
        tasks.spawn(self.reconciler.run(), name="reconciliation")
        tasks.spawn(self.scheduler.run(), name="reminders")
        if self.web is not None:
            settings = self.services.settings
            try:
                url = await self.web.start(settings.web_host, settings.web_port or 0)
            except OSError as error:
                raise StartupError(
                    f"Cannot serve HTTP on WEB_HOST={settings.web_host} "
                    f"WEB_PORT={settings.web_port}: {error.strerror or error}"
                ) from None
            log.info("payment notifications: POST %s%s", url, settings.notify_path)

    async def stop(self) -> None:
        """Stop taking notifications; the jobs stop when BackgroundTasks drains."""
        if self.web is not None:
            await self.web.stop()
