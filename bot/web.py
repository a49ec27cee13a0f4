"""The bot's HTTP side (aiohttp, same process): PayKeeper's payment notifications and
/healthz. Served only when WEB_PORT is set, normally behind an HTTPS reverse proxy."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.services.background import BackgroundTasks
from bot.services.health import HealthCheck
from bot.services.payments import NotificationResult, PaymentNotifications, Verdict

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


def create_web_app(
    notifications: PaymentNotifications,
    health: HealthCheck,
    tasks: BackgroundTasks,
    *,
    notify_path: str,
) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    app[NOTIFICATIONS] = notifications
    app[HEALTH] = health
    app[TASKS] = tasks
    app.router.add_post(notify_path, notify)
    app.router.add_get("/healthz", healthz)
    return app


async def notify(request: web.Request) -> web.Response:
    # Tracked like an update, so shutdown waits for a payment being recorded.
    async with request.app[TASKS].track():
        form = await _read_form(request)
        if form is None:
            result = NotificationResult(Verdict.MALFORMED, None, "not a form")
        else:
            result = await request.app[NOTIFICATIONS].handle(form)
    order_id = (form or {}).get("orderid", "")[:64]
    payment_id = (form or {}).get("id", "")[:64]
    if result.reply is None:
        # The key is never logged: with it a refused notification could be replayed.
        log.warning(
            "payment notification refused (%s): %s; order %r, payment %r, from %s",
            result.verdict,
            result.reason,
            order_id,
            payment_id,
            request.remote,
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
    ok = all(health.values())
    return web.json_response({"ok": ok, **health}, status=200 if ok else 503)


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
