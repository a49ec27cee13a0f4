"""How updates reach the bot: long polling (the default) or, with WEBHOOK_URL, a webhook served
by the bot's own HTTP server (the one taking PayKeeper's notifications).

Webhook mode: at start ``setWebhook`` names the URL, the update types the handlers use and a
secret token (WEBHOOK_SECRET, or a fresh one each start), and keeps the updates Telegram holds
(``drop_pending_updates`` off: nothing is lost across a restart). Every request must carry the
token; one without it is answered 401 and logged without the token. aiogram's handler answers
Telegram at once and handles the update in a task of its own: those tasks are BackgroundTasks
jobs here, so shutdown finishes them as it finishes everything else. The webhook stays set
when the bot stops, so Telegram keeps the updates until it is back.

Polling mode deletes a webhook left from an earlier webhook run (Telegram refuses getUpdates
while one is set)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import signal
from typing import Any, Protocol

from aiogram import Bot, Dispatcher
from aiogram.exceptions import ClientDecodeError, TelegramAPIError
from aiogram.methods import TelegramMethod
from aiogram.webhook.aiohttp_server import setup_application
from aiohttp import web

from bot.client_address import client_address
from bot.metrics import record_webhook_refused
from bot.services.background import BackgroundTasks
from bot.settings import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
MAX_UPDATE = 1024 * 1024  # an update with a long message and its reply is well under this
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class UpdateSource(Protocol):
    async def run(self) -> None:
        """Receive and handle updates until SIGTERM or Ctrl-C."""


def update_source(
    settings: Settings,
    bot: Bot,
    dispatcher: Dispatcher,
    tasks: BackgroundTasks,
    app: web.Application | None,
) -> UpdateSource:
    """Polling, or the webhook mounted on ``app`` (the HTTP server, not started yet)."""
    if settings.webhook_url is None:
        return Polling(bot, dispatcher)
    if app is None:  # the settings check makes WEBHOOK_URL need WEB_PORT
        raise ValueError("a webhook needs the HTTP server (WEB_PORT)")
    url = str(settings.webhook_url).rstrip("/") + settings.webhook_path
    secret = settings.webhook_secret.get_secret_value() or secrets.token_urlsafe(32)
    return Webhook(bot, dispatcher, tasks, app, url=url, path=settings.webhook_path, secret=secret)


class Polling:
    def __init__(self, bot: Bot, dispatcher: Dispatcher) -> None:
        self.bot = bot
        self.dispatcher = dispatcher

    async def run(self) -> None:
        await forget_webhook(self.bot)
        await self.dispatcher.start_polling(
            self.bot,
            allowed_updates=self.dispatcher.resolve_used_update_types(),
            handle_signals=True,
        )


async def forget_webhook(bot: Bot) -> None:
    """Delete a webhook an earlier run set, keeping the updates Telegram holds for it."""
    try:
        info = await bot.get_webhook_info()
        if info.url:
            await bot.delete_webhook(drop_pending_updates=False)
            log.info("webhook %s deleted: updates come by long polling now", info.url)
    # Not fatal: polling then meets Telegram's 409 and says so in the log.
    except (TelegramAPIError, ClientDecodeError) as error:
        log.warning("could not check for a webhook left set: %s", error)


class Webhook:
    def __init__(
        self,
        bot: Bot,
        dispatcher: Dispatcher,
        tasks: BackgroundTasks,
        app: web.Application,
        *,
        url: str,
        path: str,
        secret: str,
    ) -> None:
        self.bot = bot
        self.dispatcher = dispatcher
        self.url = url
        self.secret = secret
        handler = TrackedRequestHandler(dispatcher, bot, tasks, secret_token=secret)
        app.router.add_post(path, handler.handle)
        setup_application(app, dispatcher, bot=bot)  # the dispatcher's startup/shutdown hooks

    async def run(self) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError):  # no such handlers on Windows
                loop.add_signal_handler(sig, stop.set)
        try:
            await self.bot.set_webhook(
                self.url,
                secret_token=self.secret,
                allowed_updates=self.dispatcher.resolve_used_update_types(),
                drop_pending_updates=False,
            )
            log.info("webhook set: Telegram posts updates to %s", self.url)
            await stop.wait()
            log.info("stopping: no more updates taken; finishing those in hand")
        finally:
            for sig in STOP_SIGNALS:
                with contextlib.suppress(NotImplementedError):
                    loop.remove_signal_handler(sig)


class TrackedRequestHandler:
    """Telegram's webhook requests: the secret token checked (a refusal counted and logged),
    the answer given at once, and each update fed to the dispatcher in a BackgroundTasks job.

    Built on the dispatcher's public feeding API: aiogram's own request handler runs updates in
    tasks of its own, with no public way to make them BackgroundTasks jobs."""

    def __init__(
        self, dispatcher: Dispatcher, bot: Bot, tasks: BackgroundTasks, *, secret_token: str
    ) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.tasks = tasks
        self.secret_token = secret_token

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        # compare_digest takes ASCII text only: anything else is no token of ours.
        if not given.isascii() or not secrets.compare_digest(given, self.secret_token):
            record_webhook_refused()
            # Never the token itself: a wrong one may be a near miss of the real one.
            log.warning(
                "webhook request refused (%s secret token) from %s",
                "a wrong" if given else "no",
                client_address(request),
            )
            return web.Response(status=401, text="Unauthorized")
        try:
            update: Any = await request.clone(client_max_size=MAX_UPDATE).json(
                loads=self.bot.session.json_loads
            )
        except (ValueError, web.HTTPException):  # not JSON, or too large
            log.warning("webhook request refused: not an update, from %s", client_address(request))
            return web.Response(status=400, text="not an update")
        if not isinstance(update, dict):
            return web.Response(status=400, text="not an update")
        self.tasks.spawn(self._feed(update), name="update")
        return web.json_response({}, dumps=json.dumps)

    async def _feed(self, update: dict[str, Any]) -> None:
        result = await self.dispatcher.feed_raw_update(self.bot, update)
        # A handler may return a Bot API call instead of making it: it is made here.
        if isinstance(result, TelegramMethod):
            await self.dispatcher.silent_call_request(self.bot, result)
