"""The bot's HTTP server wired, when WEB_PORT is set: PayKeeper's notifications, health,
metrics and the dashboard, over the services the composition root has already built."""

from __future__ import annotations

from aiogram import Bot

from bot.dashboard.api import DashboardServices
from bot.dashboard.auth import DashboardAuth
from bot.form_summary import FORM_STATES
from bot.metrics import MetricsPage
from bot.services.alerts import InvoiceAlerts
from bot.services.approvals import Approvals
from bot.services.background import BackgroundTasks
from bot.services.health import HealthCheck
from bot.services.invoice_actions import InvoiceActions
from bot.services.payments import PaymentNotifications
from bot.services.team import Team
from bot.services.tracking import StatusTracker
from bot.settings import Settings
from bot.web import WebServer, create_web_app
from paykeeper import PayKeeperClient
from storage import Database
from storage.dashboard_logins import DashboardLogins
from storage.report_queries import ReportQueries


def web_server(
    settings: Settings,
    bot: Bot,
    database: Database,
    paykeeper: PayKeeperClient,
    tasks: BackgroundTasks,
    tracker: StatusTracker,
    alerts: InvoiceAlerts,
    actions: InvoiceActions,
    team: Team,
    approvals: Approvals,
) -> WebServer | None:
    if settings.web_port is None:
        return None
    invoices = actions.invoices
    notifications = PaymentNotifications(
        invoices, tracker, settings.paykeeper_secret.get_secret_value(), alerts
    )
    return WebServer(
        create_web_app(
            notifications,
            HealthCheck(bot.get_me, database, paykeeper),
            tasks,
            notify_path=settings.notify_path,
            metrics=MetricsPage(database, form_states=FORM_STATES),
            metrics_token=settings.metrics_token.get_secret_value(),
            trusted_proxies=settings.trusted_proxies,
            dashboard=DashboardServices(
                DashboardAuth(settings.bot_token.get_secret_value(), team.access),
                ReportQueries(database),
                invoices,
                actions,
                team.repository,
                DashboardLogins(database),
                approvals.repository,
            ),
        )
    )
