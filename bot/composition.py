"""The composition root: every long-lived object is built here, once per process, and wired.

Constructors elsewhere take their collaborators as arguments; nothing else builds a
repository, a client or a service. Handlers get the typed services from the dispatcher's
data (see ``create_dispatcher``), never the database, the PayKeeper client or the task set.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import BaseStorage

from bot.event_isolation import DroppingEventIsolation
from bot.fsm_storage import SQLiteStorage
from bot.metrics import MetricsPage, record_paykeeper_request
from bot.middlewares import (
    AccessMiddleware,
    InFlightMiddleware,
    LocaleMiddleware,
    PeopleMiddleware,
    PrivateChatsMiddleware,
)
from bot.middlewares.form_metrics import FormMetricsMiddleware
from bot.middlewares.log_context import LogContextMiddleware
from bot.middlewares.team_seen import TeamSeenMiddleware
from bot.services.access import TeamAccess
from bot.services.alerts import InvoiceAlerts
from bot.services.approvals import Approvals
from bot.services.background import BackgroundTasks
from bot.services.backups import NightlyBackups
from bot.services.bulk import BulkService
from bot.services.bulk.reading import Limits
from bot.services.cart_lines import CartLines
from bot.services.catalogue import Catalogue
from bot.services.digest import Digests
from bot.services.final_receipts import FinalReceipts
from bot.services.health import HealthCheck
from bot.services.invoice_actions import InvoiceActions
from bot.services.issuing import InvoiceIssuer
from bot.services.ledger import Ledger
from bot.services.payer_reminders import PayerReminders
from bot.services.payers import PayerBook
from bot.services.payments import PaymentNotifications
from bot.services.quick_invoices import QuickInvoices
from bot.services.receipts import receipt_rules
from bot.services.reconciliation import Reconciler
from bot.services.refunds import AfterPayment
from bot.services.reminders import Reminders
from bot.services.reports import Reports
from bot.services.schedule import Scheduler
from bot.services.team import Team
from bot.services.team_digest import TeamDigests
from bot.services.tracking import StatusTracker
from bot.settings import Settings
from bot.telegram.bulk_reports import TelegramBulkReports
from bot.telegram.notifier import OutboxNotifier
from bot.telegram.outbox import Outbox
from bot.telegram.team_digest import OutboxTeamDigests
from bot.views.bulk.messages import plain_problems, plain_refusal
from bot.web import WebServer, create_web_app
from handlers import get_routers
from paykeeper import PayKeeperClient
from storage import Database, InvoiceRepository
from storage.approvals import ApprovalRepository
from storage.bulk import BulkRepository
from storage.carts import CartRepository
from storage.catalogue import ServiceRepository
from storage.final_receipts import FinalReceiptRepository
from storage.form_state import FormStateRepository
from storage.inline_drafts import InlineDraftRepository
from storage.ledger import LedgerRepository
from storage.money import MoneyRepository
from storage.notices import NoticeRepository
from storage.order_aliases import OrderAliases
from storage.payer_reminders import PayerReminderRepository
from storage.payers import PayerRepository
from storage.people import PeopleRepository
from storage.refund_book import RefundBook
from storage.report_queries import ReportQueries
from storage.searches import SearchRepository
from storage.team import TeamRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the bot is made of, opened once per process and closed at shutdown."""

    settings: Settings
    database: Database
    paykeeper: PayKeeperClient
    tasks: BackgroundTasks
    access: TeamAccess
    team: Team  # roles, requests for access, the audit; keeps ``access`` in step
    # Repositories
    invoices: InvoiceRepository
    people: PeopleRepository
    notices: NoticeRepository
    searches: SearchRepository
    form_states: FormStateRepository
    # Invoices and what is done with them
    issuer: InvoiceIssuer
    tracker: StatusTracker
    actions: InvoiceActions
    quick: QuickInvoices
    bulk: BulkService
    approvals: Approvals  # invoices above APPROVAL_AMOUNT, held for an admin
    reports: Reports  # /report, built in the background
    after_payment: AfterPayment  # refunds and cash payments
    ledger: Ledger  # every movement of money, kept in step with PayKeeper
    final_receipts: FinalReceipts  # final-settlement receipts of prepaid invoices
    catalogue: Catalogue  # the services managers pick in the form
    # Watching them after they are issued
    outbox: Outbox
    alerts: InvoiceAlerts
    reconciler: Reconciler
    reminders: Reminders
    payer_reminders: PayerReminders  # PayKeeper e-mails unpaid invoices to payers again
    digests: Digests
    team_digests: TeamDigests  # the team's summary for admins and viewers
    scheduler: Scheduler
    web: WebServer | None  # PayKeeper's notifications and /healthz, when WEB_PORT is set

    @classmethod
    async def open(cls, settings: Settings, bot: Bot) -> Services:
        if warning := settings.tax_warning():
            log.warning(warning)
        database = await Database.open(settings.database_path)
        paykeeper = PayKeeperClient(
            settings.paykeeper_base_url,
            settings.paykeeper_user,
            settings.paykeeper_password.get_secret_value(),
            timeout=settings.paykeeper_timeout,
            connect_timeout=settings.paykeeper_connect_timeout,
            observer=record_paykeeper_request,
        )
        tasks = BackgroundTasks()
        access = TeamAccess(settings.admin_ids, settings.manager_ids)
        invoices = InvoiceRepository(database)
        people = PeopleRepository(database)
        notices = NoticeRepository(database)
        requests_max = settings.access_requests_max
        team = Team(TeamRepository(database), access, notices, people, requests_max=requests_max)
        await team.start()  # ADMIN_IDS and MANAGER_IDS seed the table; access reads it

        issuer = InvoiceIssuer(
            invoices,
            paykeeper,
            settings.default_service_name,
            max_amount=settings.max_amount,
            carts=(carts := CartRepository(database)),
            receipts=receipt_rules(settings),
            services=(services := ServiceRepository(database)),
            payer_reminder_days=settings.payer_reminder_days,
        )
        tracker = StatusTracker(invoices, paykeeper)
        ledger = Ledger(
            LedgerRepository(database),
            RefundBook(database),
            invoices,
            paykeeper,
            days=settings.ledger_days,
        )
        tracker.ledger = ledger
        after_payment = AfterPayment(
            invoices,
            MoneyRepository(database),
            carts,
            paykeeper,
            tracker,
            ledger,
            manager_refunds=settings.manager_refunds,
        )
        actions = InvoiceActions(invoices, paykeeper, issuer, tracker, people)
        quick = QuickInvoices(issuer, invoices, InlineDraftRepository(database))
        bulk = bulk_service(
            BulkRepository(database), invoices, issuer, tasks, bot, settings, access.may_issue
        )
        approvals = Approvals(
            ApprovalRepository(database),
            issuer,
            team.repository,
            bulk,
            threshold=settings.approval_amount,
            may_issue=access.may_issue,
        )

        # The queue for what must reach a manager even when Telegram does not take it now:
        # alerts, and the result of an invoice whose message could not be delivered.
        outbox = Outbox(notices, bot, tasks.stopping, may_receive=access.may_use)
        notifier = OutboxNotifier(outbox, people)
        alerts = InvoiceAlerts(notifier, invoices, access.admins)
        tracker.listeners.append(alerts)
        ledger.on_cabinet_refund.append(alerts.refunded_in_cabinet)
        reconciler = Reconciler(
            invoices,
            paykeeper,
            tracker,
            tasks.stopping,
            interval=settings.reconcile_interval,
            # The issuer may hold a fresh `requested` row for up to a token fetch, a token
            # refresh and the preview itself.
            grace=timedelta(seconds=max(60.0, 4 * settings.paykeeper_timeout)),
            started_at=datetime.now(UTC),
        )
        # Reminders go out at the digest's morning time, whether or not digests are on.
        payer_reminder_book = PayerReminderRepository(database)
        reminders = Reminders(notices, notifier, settings.digest_time, payer_reminder_book)
        payer_reminders = PayerReminders(
            payer_reminder_book, paykeeper, notifier, settings.digest_time
        )
        digests = Digests(
            notices, notifier, at=settings.digest_time, enabled=settings.digest_enabled
        )
        team_digests = TeamDigests(
            notices,
            people,
            access,
            OutboxTeamDigests(outbox, people),
            at=settings.digest_time,
            enabled=settings.digest_enabled,
        )
        backups = NightlyBackups(
            settings.database_path,
            settings.backup_folder,
            keep=settings.backup_keep,
            at=settings.backup_time,
        )
        scheduler = Scheduler(
            [
                payer_reminders.run_due,
                reminders.run_due,
                digests.run_due,
                team_digests.run_due,
                backups.run_due,
            ],
            tasks.stopping,
        )
        web = None
        if settings.web_port is not None:
            notifications = PaymentNotifications(
                invoices, tracker, settings.paykeeper_secret.get_secret_value(), alerts
            )
            health = HealthCheck(bot.get_me, database, paykeeper)
            web = WebServer(
                create_web_app(
                    notifications,
                    health,
                    tasks,
                    notify_path=settings.notify_path,
                    metrics=MetricsPage(database),
                    metrics_token=settings.metrics_token.get_secret_value(),
                    trusted_proxies=settings.trusted_proxies,
                )
            )
        return cls(
            settings=settings,
            database=database,
            paykeeper=paykeeper,
            tasks=tasks,
            access=access,
            team=team,
            invoices=invoices,
            people=people,
            notices=notices,
            searches=SearchRepository(database),
            form_states=FormStateRepository(database),
            issuer=issuer,
            tracker=tracker,
            actions=actions,
            quick=quick,
            bulk=bulk,
            approvals=approvals,
            reports=Reports(ReportQueries(database), tasks),
            after_payment=after_payment,
            ledger=ledger,
            final_receipts=FinalReceipts(FinalReceiptRepository(database), carts, paykeeper),
            catalogue=Catalogue(
                services,
                default_tax=settings.default_tax,
                default_item_type=settings.default_item_type,
                default_payment_type=settings.receipt_payment_type,
                max_amount=settings.max_amount,
            ),
            outbox=outbox,
            alerts=alerts,
            reconciler=reconciler,
            reminders=reminders,
            payer_reminders=payer_reminders,
            digests=digests,
            team_digests=team_digests,
            scheduler=scheduler,
            web=web,
        )

    async def close(self) -> None:
        """Waits for in-flight work first, so nothing is cut off between PayKeeper and SQLite."""
        await self.tasks.drain(timeout=self.settings.shutdown_timeout)
        await self.paykeeper.close()
        await self.database.close()


def bulk_service(
    runs: BulkRepository,
    invoices: InvoiceRepository,
    issuer: InvoiceIssuer,
    tasks: BackgroundTasks,
    bot: Bot,
    settings: Settings,
    may_issue: Callable[[int], bool] = lambda _manager_id: True,
) -> BulkService:
    """Bulk files, given the few settings they need, reporting to the manager in Telegram."""
    return BulkService(
        runs,
        invoices,
        issuer,
        tasks,
        TelegramBulkReports(bot),
        aliases=OrderAliases(runs.database),
        describe=plain_problems,
        explain=plain_refusal,
        limits=Limits(
            max_rows=settings.bulk_max_rows,
            max_bytes=settings.bulk_max_bytes,
            max_amount=settings.max_amount,
        ),
        concurrency=settings.bulk_concurrency,
        may_issue=may_issue,
    )


def create_dispatcher(services: Services, *, storage: BaseStorage | None = None) -> Dispatcher:
    dispatcher = Dispatcher(
        storage=storage or SQLiteStorage(services.form_states),
        # One user's updates are handled one at a time: a double tap on "confirm" waits for
        # the first to finish instead of racing it.
        events_isolation=DroppingEventIsolation(),
        # What handlers may ask for, by name and type: services, never their parts.
        settings=services.settings,
        invoices=services.invoices,
        searches=services.searches,
        issuer=services.issuer,
        actions=services.actions,
        quick=services.quick,
        bulk=services.bulk,
        outbox=services.outbox,
        team=services.team,
        approvals=services.approvals,
        reports=services.reports,
        after_payment=services.after_payment,
        final_receipts=services.final_receipts,
        catalogue=services.catalogue,
        payers=PayerBook(PayerRepository(services.database), services.invoices),
        cart_lines=CartLines(
            services.catalogue.services,
            services.issuer.receipts,
            max_amount=services.settings.max_amount,
        ),
    )
    dispatcher.update.outer_middleware(LogContextMiddleware())
    dispatcher.update.outer_middleware(InFlightMiddleware(services.tasks))
    dispatcher.update.outer_middleware(LocaleMiddleware())
    # Before the access check: nothing from a group reaches a handler, whoever sent it.
    dispatcher.update.outer_middleware(PrivateChatsMiddleware())
    dispatcher.update.outer_middleware(AccessMiddleware(services.access))
    dispatcher.update.outer_middleware(PeopleMiddleware(services.people))
    dispatcher.update.outer_middleware(TeamSeenMiddleware(services.team))
    dispatcher.update.outer_middleware(FormMetricsMiddleware())
    dispatcher.include_routers(*get_routers())
    return dispatcher
