"""The Telegram side of the wiring: the dispatcher, what handlers may ask for by name, the
middlewares in the order every update passes them, and the routers."""

from __future__ import annotations

from aiogram import Dispatcher
from aiogram.fsm.storage.base import BaseStorage

from bot.composition import Services
from bot.event_isolation import DroppingEventIsolation
from bot.fsm_storage import SQLiteStorage
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
from bot.services.cart_lines import CartLines
from handlers import get_routers


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
        inline_follow=services.inline_follow,
        catalogue=services.catalogue,
        dashboard_logins=services.dashboard_logins,
        payers=services.payers,
        schedules=services.schedules,
        cart_lines=CartLines(
            services.catalogue.repository,
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
