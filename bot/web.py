"""The bot's HTTP side (aiohttp, same process): PayKeeper's payment notifications, /healthz,
/livez, /metrics and, in webhook mode, Telegram's updates (bot.webhook). Served only when
WEB_PORT is set, normally behind an HTTPS reverse proxy."""

from __future__ import annotations

import logging
import secrets

from aiohttp import web

from bot.client_address import TRUSTED_PROXIES, client_address
from bot.dashboard.api import DashboardServices
from bot.dashboard.page import mount as mount_dashboard
from bot.logs import log_context
from bot.metrics import CONTENT_TYPE, MetricsPage, record_notification
from bot.services.background import BackgroundTasks
from bot.services.health import HealthCheck
from bot.services.payments import NotificationResult, PaymentNotifications, Verdict
from bot.settings_web import Network

log = logging.getLogger(__name__)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
SIGNED = ("id", "sum", "clientid", "orderid", "key")
MAX_BODY = 64 * 1024  # a notification is well under 4 KB

STATUS = {
    Verdict.MALFORMED: 400,
    Verdict.FORGED: 403,
    Verdict.UNKNOWN_ORDER: 404,
    Verdict.MISMATCH: 422,
}

NOTIFICATIONS = web.AppKey("notifications", PaymentNotifications)
HEALTH = web.AppKey("health", HealthCheck)
TASKS = web.AppKey("tasks", BackgroundTasks)
METRICS = web.AppKey("metrics", MetricsPage)
METRICS_TOKEN = web.AppKey("metrics_token", str)


def create_web_app(
    notifications: PaymentNotifications,
    health: HealthCheck,
    tasks: BackgroundTasks,
    *,
    notify_path: str,
    metrics: MetricsPage | None = None,
    metrics_token: str = "",
    trusted_proxies: tuple[Network, ...] = (),
    dashboard: DashboardServices | None = None,
) -> web.Application:
    """``metrics_token``: when set, /metrics wants ``Authorization: Bearer <token>``.
    ``trusted_proxies``: whose ``X-Forwarded-For`` names the client in refusals logged.
    ``dashboard``: the Mini App's page and JSON under /app/."""
    app = web.Application(client_max_size=MAX_BODY)
    app[TRUSTED_PROXIES] = trusted_proxies
    app[NOTIFICATIONS] = notifications
    app[HEALTH] = health
    app[TASKS] = tasks
    app.router.add_post(notify_path, notify)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/livez", livez)
    if metrics is not None:
        app[METRICS] = metrics
        app[METRICS_TOKEN] = metrics_token
        app.router.add_get("/metrics", metrics_page)
    if dashboard is not None:
        mount_dashboard(app, dashboard)
    return app


async def notify(request: web.Request) -> web.Response:
    # Tracked like an update, so shutdown waits for a payment being recorded.
    async with request.app[TASKS].track():
        form = await _read_form(request)
        order_id = (form or {}).get("orderid", "")[:64]
        with log_context(order_id=order_id or None):
            if form is None:
                result = NotificationResult(Verdict.MALFORMED, None, "not a form")
            else:
                result = await request.app[NOTIFICATIONS].handle(form)
            return _answer(request, result, form, order_id)


def _answer(
    request: web.Request,
    result: NotificationResult,
    form: dict[str, str] | None,
    order_id: str,
) -> web.Response:
    record_notification(result.verdict.value)
    payment_id = (form or {}).get("id", "")[:64]
    if result.reply is None:
        # The key is never logged: with it a refused notification could be replayed.
        log.warning(
            "payment notification refused (%s): %s; order %r, payment %r, from %s",
            result.verdict,
            result.reason,
            order_id,
            payment_id,
            client_address(request),
        )
        return web.Response(status=STATUS[result.verdict], text=f"refused: {result.verdict}")
    log.info("payment notification %s: order %r, payment %r", result.verdict, order_id, payment_id)
    return web.Response(text=result.reply)


async def _read_form(request: web.Request) -> dict[str, str] | None:
    """The form's text fields; None for anything that is not one unambiguous form."""
    if request.content_type not in FORM_TYPES:
        return None
    try:
        fields = await request.post()
    except (ValueError, web.HTTPException):  # bad encoding, body too large
        return None
    form: dict[str, str] = {}
    for name, value in fields.items():
        if not isinstance(value, str):
            continue  # an uploaded file has no place in a notification
        if name in form and name in SIGNED:
            return None  # two different values for a signed field: which one counts?
        form[name] = value
    return form


async def healthz(request: web.Request) -> web.Response:
    health = await request.app[HEALTH].check()
    ok = all(part is True for part in health.values())
    return web.json_response({"ok": ok, **health}, status=200 if ok else 503)


async def livez(request: web.Request) -> web.Response:
    """The process is up and its event loop answers. Asks nobody (not PayKeeper, not
    Telegram): a container's health check on this does not restart the bot for an outage
    elsewhere, which a restart could not cure. /healthz is the one that checks the path."""
    return web.json_response({"ok": True})


async def metrics_page(request: web.Request) -> web.Response:
    token = request.app[METRICS_TOKEN]
    if token:
        given = request.headers.get("Authorization", "")
        # A header's bytes beyond ASCII arrive as text that cannot be encoded back; no token
        # has them anyway.
        if not given.isascii() or not secrets.compare_digest(
            given.encode(), f"Bearer {token}".encode()
        ):
            client = client_address(request)
            log.warning("/metrics refused: no valid bearer token, from %s", client)
            return web.Response(
                status=401, text="unauthorized", headers={"WWW-Authenticate": "Bearer"}
            )
    body = await request.app[METRICS].render()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


class WebServer:
    def __init__(self, app: web.Application) -> None:
        self.app = app
        self._runner: web.AppRunner | None = None

    async def start(self, host: str, port: int) -> str:
        """Listen; returns the base URL (``port`` 0 picks a free one)."""
        # Our own log lines above say what matters; the access log would add every probe.
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, host, port).start()
        except OSError:
            await self.stop()
            raise
        bound_host, bound_port = self._runner.addresses[0][:2]
        return f"http://{bound_host}:{bound_port}"

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
