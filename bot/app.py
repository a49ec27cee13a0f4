"""The app factory: builds the Bot, the Dispatcher and the services, and runs them."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sqlite3
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.methods import GetMe
from aiogram.types import BotCommand, BotCommandScopeDefault

from bot.fsm_storage import SQLiteStorage
from bot.middlewares import (
    AccessMiddleware,
    InFlightMiddleware,
    LocaleMiddleware,
    PeopleMiddleware,
)
from bot.services.alerts import Outbox
from bot.services.background import BackgroundTasks
from bot.services.bulk import BulkService
from bot.services.issuing import InvoiceIssuer
from bot.services.tracking import StatusTracker
from bot.settings import Settings, StartupError
from bot.telegram.retry import RetryTransient
from bot.texts import LANGUAGES, Texts
from bot.watch import InvoiceWatch
from handlers import get_routers
from paykeeper import PayKeeperClient
from storage import Database, InvoiceRepository
from storage.bulk import BulkRepository
from storage.form_state import FormStateRepository
from storage.notices import NoticeRepository
from storage.people import PeopleRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Services:
    """Everything handlers need, opened once per process and closed at shutdown."""

    settings: Settings
    database: Database
    invoices: InvoiceRepository
    paykeeper: PayKeeperClient
    issuer: InvoiceIssuer
    tracker: StatusTracker
    tasks: BackgroundTasks
    bulk: BulkService
    outbox: Outbox

    @classmethod
    async def open(cls, settings: Settings, bot: Bot) -> Services:
        database = await Database.open(settings.database_path)
        invoices = InvoiceRepository(database)
        paykeeper = PayKeeperClient(
            settings.paykeeper_base_url,
            settings.paykeeper_user,
            settings.paykeeper_password.get_secret_value(),
            timeout=settings.paykeeper_timeout,
            connect_timeout=settings.paykeeper_connect_timeout,
        )
        issuer = InvoiceIssuer(invoices, paykeeper, settings.default_service_name)
        tracker = StatusTracker(invoices, paykeeper)
        tasks = BackgroundTasks()
        bulk = BulkService(BulkRepository(database), invoices, issuer, tasks, settings)
        access = settings.admin_ids | settings.manager_ids
        # The queue for what must reach a manager even when Telegram does not take it now:
        # alerts, and the result of an invoice whose message could not be delivered.
        outbox = Outbox(
            NoticeRepository(database), bot, tasks.stopping, may_receive=access.__contains__
        )
        return cls(settings, database, invoices, paykeeper, issuer, tracker, tasks, bulk, outbox)

    async def close(self) -> None:
        """Waits for in-flight work first, so nothing is cut off between PayKeeper and SQLite."""
        await self.tasks.drain(timeout=self.settings.shutdown_timeout)
        await self.paykeeper.close()
        await self.database.close()


def create_bot(settings: Settings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_base_url))
    session.middleware(RetryTransient())
    return Bot(
        settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_dispatcher(services: Services, *, storage: BaseStorage | None = None) -> Dispatcher:
    settings = services.settings
    dispatcher = Dispatcher(
        storage=storage or SQLiteStorage(FormStateRepository(services.database)),
        # One user's updates are handled one at a time: a double tap on "confirm" waits for
        # the first to finish instead of racing it.
        events_isolation=SimpleEventIsolation(),
        settings=settings,
        database=services.database,
        invoices=services.invoices,
        paykeeper=services.paykeeper,
        issuer=services.issuer,
        tracker=services.tracker,
        tasks=services.tasks,
        bulk=services.bulk,
        outbox=services.outbox,
    )
    dispatcher.update.outer_middleware(InFlightMiddleware(services.tasks))
    dispatcher.update.outer_middleware(LocaleMiddleware())
    dispatcher.update.outer_middleware(AccessMiddleware(settings.admin_ids, settings.manager_ids))
    dispatcher.update.outer_middleware(PeopleMiddleware(PeopleRepository(services.database)))
    dispatcher.include_routers(*get_routers())
    return dispatcher


async def set_commands(bot: Bot) -> None:
    for lang in LANGUAGES:
        texts = Texts(lang)
        commands = [
            BotCommand(command=name, description=texts(f"cmd.{name}"))
            for name in ("invoice", "invoices", "bulk", "cancel", "help")
        ]
        await bot.set_my_commands(
            commands,
            scope=BotCommandScopeDefault(),
            language_code=None if lang == "ru" else lang,
        )


# Pauses between start-up attempts to reach Telegram: 1, 2, 4 ... seconds, at most a minute.
FIRST_PAUSE = 1.0
LONGEST_PAUSE = 60.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


async def _check_token(bot: Bot) -> bool:
    """Waits until Telegram answers getMe; False when SIGTERM or Ctrl-C comes first.

    A token of the right shape that Telegram refuses is a setting error: one line, no
    traceback. An unreachable or failing Telegram (DNS, refused connection, timeout, 5xx) is
    not: a bot started before the network is up keeps trying and serves once Telegram answers.
    The bot's session is closed when this returns False or raises."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    # aiogram handles these signals only once polling starts; until then the default would
    # end the process with a traceback (Ctrl-C) or a signal's exit code (SIGTERM).
    for sig in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError):  # no such handlers on Windows
            loop.add_signal_handler(sig, stop.set)
    reach = asyncio.create_task(_reach_telegram(bot))
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait((reach, stopped), return_when=asyncio.FIRST_COMPLETED)
    finally:
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(sig)
        stopped.cancel()
        reach.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reach
    if stop.is_set():
        await bot.session.close()
        log.info("stopped while waiting for Telegram")
        return False
    if reach.exception() is not None:
        await bot.session.close()
        reach.result()  # re-raises: the StartupError of a refused token
    return True


async def _reach_telegram(bot: Bot) -> None:
    pause = FIRST_PAUSE
    attempt = 1
    while True:
        try:
            # Straight to the session, past the retrying middleware: this loop is the retry
            # policy here, with one log line per attempt.
            await bot.session.make_request(bot, GetMe())
            me = await bot.me()  # cached: polling would ask again, and crash if that failed
        except TelegramUnauthorizedError:
            raise StartupError(
                "Setting BOT_TOKEN: Telegram does not accept this token (revoked or mistyped)"
            ) from None
        except (TelegramAPIError, ClientDecodeError) as error:  # ClientDecodeError: not JSON
            wait = pause
            if isinstance(error, TelegramRetryAfter):
                wait = max(pause, float(error.retry_after))
            # The first line only: the rest is a proxy's page or aiogram's advice.
            reason = str(error).strip().partition("\n")[0]
            log.warning(
                "Telegram is not reachable yet (attempt %d: %s); trying again in %g s",
                attempt,
                reason,
                wait,
            )
            await asyncio.sleep(wait)
            pause = min(pause * 2, LONGEST_PAUSE)
            attempt += 1
            continue
        log.info("bot @%s (id %s)", me.username, me.id)
        return


async def set_commands_safely(bot: Bot) -> None:
    try:
        await set_commands(bot)
    # The menu is a convenience; never a reason to stop. ClientDecodeError: a proxy in front
    # of Telegram answered with something that is not JSON (an HTML error page).
    except (TelegramAPIError, ClientDecodeError) as error:
        log.warning("could not set the command menu: %s", error)


async def run(settings: Settings) -> None:
    if settings.demo_mode:
        log.warning(
            "DEMO MODE: PAYKEEPER_URL is PayKeeper's public demo server; invoices are not real"
        )
    if not settings.admin_ids and not settings.manager_ids:
        log.warning("ADMIN_IDS and MANAGER_IDS are empty: nobody can use the bot")
    bot = create_bot(settings)
    if not await _check_token(bot):
        return  # stopped (SIGTERM, Ctrl-C) before Telegram answered
    try:
        services = await Services.open(settings, bot)
    except (OSError, sqlite3.Error) as error:  # the settings check passed: a corrupt file, say
        await bot.session.close()
        reason = getattr(error, "strerror", None) or error
        raise StartupError(
            f"Setting DATABASE_PATH: cannot open {settings.database_path.absolute()} "
            f"as an SQLite database ({reason})"
        ) from None
    dispatcher = create_dispatcher(services)
    watch = InvoiceWatch(services, bot)
    try:
        await watch.start()  # alerts, reconciliation, reminders; the HTTP server if WEB_PORT
        await set_commands_safely(bot)
        await services.bulk.resume(bot)  # bulk runs a restart cut off carry on
        await dispatcher.start_polling(
            bot, allowed_updates=dispatcher.resolve_used_update_types(), handle_signals=True
        )
    finally:
        await watch.stop()  # no new payment notifications from here on
        # Handlers and jobs still send messages while they finish: drain them before the
        # bot's session closes (Services.close drains again, by then a no-op).
        await services.tasks.drain(timeout=settings.shutdown_timeout)
        await bot.session.close()
        await services.close()
