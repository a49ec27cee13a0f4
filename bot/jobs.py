"""The background jobs of a running bot: the alert outbox, reconciliation, reminders and
digests, and the HTTP server for PayKeeper's notifications and /healthz. Built by the
composition root; this only starts them and stops them (through BackgroundTasks.stopping)."""

from __future__ import annotations

import logging

from bot.composition import Services
from bot.settings import StartupError

log = logging.getLogger(__name__)


class BackgroundJobs:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def start(self) -> None:
        services = self.services
        tasks = services.tasks
        tasks.spawn(services.outbox.run(), name="alerts")
        tasks.spawn(services.reconciler.run(), name="reconciliation")
        ledger_run = services.ledger.run(tasks.stopping, services.settings.ledger_interval)
        tasks.spawn(ledger_run, name="ledger")
        tasks.spawn(services.scheduler.run(), name="reminders")
        if services.web is not None:
            settings = services.settings
            try:
                url = await services.web.start(settings.web_host, settings.web_port or 0)
            except OSError as error:
                raise StartupError(
                    f"Cannot serve HTTP on WEB_HOST={settings.web_host} "
                    f"WEB_PORT={settings.web_port}: {error.strerror or error}"
                ) from None
            log.info("payment notifications: POST %s%s", url, settings.notify_path)

    async def stop(self) -> None:
        """Stop taking notifications; the jobs stop when BackgroundTasks drains."""
        if self.services.web is not None:
            await self.services.web.stop()
