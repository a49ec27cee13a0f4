"""Running the bot: Telegram reached, the services opened (bot.composition), the background
jobs started (bot.jobs), updates polled until SIGTERM, then a clean stop."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sqlite3
from typing import Any
from urllib.parse import urlencode

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.methods import GetMe, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import BotCommand, BotCommandScopeDefault, InputFile
from aiohttp import FormData
from aiohttp.payload import BytesPayload

from bot import event_loop
from bot.composition import Services
from bot.dispatching import create_dispatcher
from bot.jobs import BackgroundJobs
from bot.services.access import Role
from bot.settings import Settings, StartupError
from bot.telegram.approval_cards import tell_resumed
from bot.telegram.error_metrics import CountTelegramErrors
from bot.telegram.limits import KeepWithinLimits
from bot.telegram.paykeeper_login import check_paykeeper_login
from bot.telegram.retry import RetryTransient
from bot.texts import LANGUAGES, Texts
from bot.webhook import update_source

log = logging.getLogger(__name__)


class KeepResponseTypes(BaseRequestMiddleware):
    """Holds every ``Response[...]`` class aiogram has parsed an answer with.

    aiogram names ``Response[method's result]`` for every answer; pydantic keeps those classes
    in a weak cache, so, held by nobody, each lookup costs 5-10 times a held one (tens of
    microseconds) and a class the collector took is built again (milliseconds)."""

    def __init__(self) -> None:
        self._held: dict[Any, Any] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self._held:
            self._held[returning] = Response[returning]  # type: ignore[valid-type]
        return await make_request(bot, method)


class UrlencodedSession(AiohttpSession):
    """aiogram's session, with a request without files encoded by ``urlencode`` directly.

    The body is the one aiohttp's FormData makes (the same pairs, encoding and Content-Type);
    FormData's per-field bookkeeping cost three times as much, on every Bot API call."""

    def build_form_data(  # type: ignore[override]  # a payload, not a FormData: both post
        self, bot: Bot, method: TelegramMethod[TelegramType]
    ) -> FormData | BytesPayload:
        fields: list[tuple[str, str]] = []
        files: dict[str, InputFile] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:
                fields.append((key, prepared))
        if files:  # multipart, as aiogram builds it
            return super().build_form_data(bot, method)
        return BytesPayload(urlencode(fields, doseq=True).encode(), content_type=FORM_URLENCODED)


FORM_URLENCODED = "application/x-www-form-urlencoded"


def create_bot(settings: Settings) -> Bot:
    session = UrlencodedSession(api=TelegramAPIServer.from_base(settings.telegram_base_url))
    session.middleware(KeepResponseTypes())
    session.middleware(RetryTransient())
    session.middleware(CountTelegramErrors())  # inside the retries: every attempt counts
    session.middleware(KeepWithinLimits())
    return Bot(
        settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


async def set_commands(bot: Bot) -> None:
    for lang in LANGUAGES:
        texts = Texts(lang)
        commands = [
            BotCommand(command=name, description=texts(f"cmd.{name}"))
            for name in ("invoice", "invoices", "payers", "schedules", "bulk", "cancel", "help")
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
        if not reach.done():  # awaiting a finished one would raise its error past the close
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
        log.info("bot @%s (id %s), event loop: %s", me.username, me.id, event_loop.name())
        return


async def set_commands_safely(bot: Bot) -> None:
    try:
        await set_commands(bot)
    # The menu is a convenience; never a reason to stop. ClientDecodeError: a proxy in front
    # of Telegram answered with something that is not JSON (an HTML error page).
    except (TelegramAPIError, ClientDecodeError) as error:
        log.warning("could not set the command menu: %s", error)


# Allocations between two young-generation collections (Python's default: 700). Every update
# makes thousands of short-lived objects (pydantic models, requests, answers); at 700 a confirm
# press set off half a collection on average (0.2-0.3 ms of its ~3 ms of CPU, measured with
# tests/benchmarks/interactive.py); at 20 000 about none, for no measurable memory.
YOUNG_COLLECTION_THRESHOLD = 20_000


def freeze_startup_objects() -> None:
    """Move what start-up made (~200 000 objects, most of them aiogram's and pydantic's type
    machinery) out of the collector's sight: they live as long as the process, and every full
    collection scanning them froze the event loop for 0.2-0.3 s on a busy team's presses."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, older, oldest)


async def _resume_approvals(bot: Bot, services: Services) -> None:
    """Approvals decided just before a stop, and not yet issued, are issued now. Never a
    reason not to start: what fails here is logged, and the approval stays as it was."""
    try:
        resumed = await services.approvals.resume()
        settings = services.settings
        await tell_resumed(
            bot, resumed, services.approvals, services.team, settings, services.outbox
        )
    except Exception:
        log.exception("approvals cut off by the last stop were not carried out")


def _warn_about_the_team(services: Services) -> None:
    """Members come from ADMIN_IDS, MANAGER_IDS and the team table (access given in chat)."""
    if not services.access.with_role(*Role):
        log.warning("the team is empty (ADMIN_IDS, MANAGER_IDS, /team): nobody can use the bot")
    elif not services.access.admins():
        log.warning("the team has no admin: nobody can answer requests for access; set ADMIN_IDS")


def _check_paykeeper_login(services: Services) -> None:
    """In the background: a PayKeeper that hangs must not hold up polling."""
    login = check_paykeeper_login(
        services.paykeeper,
        services.outbox,
        services.people,
        services.access.admins(),
    )
    services.tasks.spawn(login, name="paykeeper-login")


async def run(settings: Settings) -> None:
    if settings.demo_mode:
        log.warning(
            "DEMO MODE: PAYKEEPER_URL is PayKeeper's public demo server; invoices are not real"
        )
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
    _warn_about_the_team(services)
    dispatcher = create_dispatcher(services)
    jobs = BackgroundJobs(services)
    # Long polling, or the webhook, mounted on the HTTP server before it starts.
    updates = update_source(
        settings, bot, dispatcher, services.tasks, services.web.app if services.web else None
    )
    try:
        await jobs.start()  # alerts, reconciliation, reminders; the HTTP server if WEB_PORT
        if not settings.demo_mode:  # the public demo's login is known; nothing real rides on it
            _check_paykeeper_login(services)
        await set_commands_safely(bot)
        await services.bulk.resume()  # bulk runs a restart cut off carry on
        await _resume_approvals(bot, services)
        freeze_startup_objects()
        await updates.run()  # until SIGTERM or Ctrl-C
    finally:
        await jobs.stop()  # no new payment notifications from here on
        # Handlers and jobs still send messages while they finish: drain them before the
        # bot's session closes (Services.close drains again, by then a no-op).
        await services.tasks.drain(timeout=settings.shutdown_timeout)
        await bot.session.close()
        await services.close()
