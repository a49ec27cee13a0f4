"""The composition root: every long-lived object is built here, once per process, and wired.

Constructors elsewhere take their collaborators as arguments; nothing else builds a
repository, a client or a service. Handlers get the typed services from the dispatcher's
data (see ``bot.dispatching``), never the database, the PayKeeper client or the task set.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiogram import Bot

from bot.bulk_wiring import bulk_service
from bot.metrics import record_paykeeper_request
from bot.services.access import TeamAccess
from bot.services.alerts import InvoiceAlerts
from bot.services.approvals import Approvals
from bot.services.background import BackgroundTasks
from bot.services.backups import NightlyBackups
from bot.services.bulk import BulkService
from bot.services.catalogue import Catalogue
from bot.services.digest import Digests
from bot.services.final_receipts import FinalReceipts
from bot.services.invoice_actions import InvoiceActions
from bot.services.issuing import InvoiceIssuer
from bot.services.ledger import Ledger
from bot.services.payer_reminders import PayerReminders
from bot.services.payers import PayerBook
from bot.services.quick_invoices import QuickInvoices
from bot.services.receipts import receipt_rules
from bot.services.reconciliation import Reconciler
from bot.services.refunds import AfterPayment
from bot.services.reminders import Reminders
from bot.services.reports import Reports
from bot.services.schedule import Scheduler
from bot.services.schedule_runs import ScheduleRuns
from bot.services.schedules import Schedules
from bot.services.team import Team
from bot.services.team_digest import TeamDigests
from bot.services.tracking import StatusTracker
from bot.settings import Settings
from bot.telegram.inline_follow import InlineFollow
from bot.telegram.notifier import OutboxNotifier
from bot.telegram.outbox import Outbox
from bot.telegram.schedule_reports import OutboxScheduleReports
from bot.telegram.team_digest import OutboxTeamDigests
from bot.web import WebServer
from bot.web_wiring import web_server
from paykeeper import PayKeeperClient
from storage import Database, InvoiceRepository
from storage.approvals import ApprovalRepository
from storage.bulk import BulkRepository
from storage.carts import CartRepository
from storage.catalogue import ServiceRepository
from storage.dashboard_logins import DashboardLogins
from storage.final_receipts import FinalReceiptRepository
from storage.form_state import FormStateRepository
from storage.inline_drafts import InlineDraftRepository
from storage.inline_messages import InlineMessageRepository
from storage.ledger import LedgerRepository
from storage.money import MoneyRepository
from storage.notices import NoticeRepository
from storage.payer_reminders import PayerReminderRepository
from storage.payers import PayerRepository
from storage.people import PeopleRepository
from storage.refund_book import RefundBook
from storage.report_queries import ReportQueries
from storage.saved_searches import SearchRepository
from storage.schedules import ScheduleRepository
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
    schedules: Schedules  # recurring invoices; their periods are issued by schedule_runs
    schedule_runs: ScheduleRuns
    # Watching them after they are issued
    outbox: Outbox
    inline_follow: InlineFollow  # shared payment messages edited as their invoice settles
    alerts: InvoiceAlerts
    reconciler: Reconciler
    reminders: Reminders
    payer_reminders: PayerReminders  # PayKeeper e-mails unpaid invoices to payers again
    payers: PayerBook  # everyone the team has billed
    digests: Digests
    team_digests: TeamDigests  # the team's summary for admins and viewers
    scheduler: Scheduler
    dashboard_logins: DashboardLogins  # one-time links to the dashboard for a browser
    web: WebServer | None  # PayKeeper's notifications and /healthz, when WEB_PORT is set

    @classmethod
    async def open(cls, settings: Settings, bot: Bot) -> Services:
        if warning := settings.tax_warning():
            log.warning(warning)
        database = await Database.open(settings.database_path)
        paykeeper = settings.paykeeper_client(observer=record_paykeeper_request)
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
            catalogue=(catalogue_repository := ServiceRepository(database)),
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
        inline_follow = InlineFollow(InlineMessageRepository(database), outbox, people)
        tracker.listeners.append(inline_follow)
        ledger.on_cabinet_refund.append(alerts.refunded_in_cabinet)
        reconciler = Reconciler(
            invoices,
            paykeeper,
            tracker,
            tasks.stopping,
            interval=settings.reconcile_interval,
            rate=settings.reconcile_rate,
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
        schedules = Schedules(
            ScheduleRepository(database),
            actions,
            approvals,
            at=settings.schedule_time,
            clock=settings.schedule_clock(),
            is_suspended=access.is_suspended,
        )
        approvals.on_schedule = schedules.decided
        reports = OutboxScheduleReports(outbox, people)
        runs = ScheduleRuns(
            schedules, reports, may_issue=access.may_issue, resolve=reconciler.resolve
        )
        scheduler = Scheduler(
            [
                payer_reminders.run_due,
                reminders.run_due,
                digests.run_due,
                team_digests.run_due,
                backups.run_due,
                runs.tick,
            ],
            tasks.stopping,
        )
        web = web_server(
            settings, bot, database, paykeeper, tasks, tracker, alerts, actions, team, approvals
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
                catalogue_repository,
                default_tax=settings.default_tax,
                default_item_type=settings.default_item_type,
                default_payment_type=settings.receipt_payment_type,
                max_amount=settings.max_amount,
            ),
            schedules=schedules,
            schedule_runs=runs,
            outbox=outbox,
            inline_follow=inline_follow,
            alerts=alerts,
            reconciler=reconciler,
            reminders=reminders,
            payer_reminders=payer_reminders,
            payers=PayerBook(PayerRepository(database), invoices),
            digests=digests,
            team_digests=team_digests,
            scheduler=scheduler,
            dashboard_logins=DashboardLogins(database),
            web=web,
        )

    async def close(self) -> None:
        """Waits for in-flight work first, so nothing is cut off between PayKeeper and SQLite."""
        await self.tasks.drain(timeout=self.settings.shutdown_timeout)
        await self.paykeeper.close()
        await self.database.close()
