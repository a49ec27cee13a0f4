"""The dashboard's page under /app/: one HTML file, one script, one style sheet, served with
cache headers, and the security headers every /app/ answer carries (a CSP without inline
scripts, Telegram's web clients as the only frames around it, nosniff)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from bot.dashboard.api import DASHBOARD, DashboardServices, add_api_routes
from bot.dashboard.login import add_login_routes

STATIC = Path(__file__).parent / "static"
ASSETS = {"app.js": "text/javascript", "app.css": "text/css"}
CSP = (
    "default-src 'self'; script-src 'self' https://telegram.org; "
    "frame-ancestors https://web.telegram.org https://*.telegram.org"
)
HOUR = 3600

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    mine = request.path.startswith("/app/")
    try:
        response = await handler(request)
    except web.HTTPException as error:  # refusals carry the headers too
        if mine:
            _secure(error)
        raise
    if mine:
        _secure(response)
    return response


def _secure(response: web.StreamResponse) -> None:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"


async def index(request: web.Request) -> web.Response:
    response = web.Response(
        body=(STATIC / "index.html").read_bytes(), content_type="text/html", charset="utf-8"
    )
    response.headers["Cache-Control"] = "no-cache"  # picks up a new script's version at once
    return response


async def asset(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    response = web.Response(
        body=(STATIC / name).read_bytes(), content_type=ASSETS[name], charset="utf-8"
    )
    response.headers["Cache-Control"] = f"public, max-age={HOUR}"
    return response


def mount(app: web.Application, services: DashboardServices) -> None:
    """/app/ and /app/api/ on the bot's HTTP server."""
    app[DASHBOARD] = services
    app.middlewares.append(security_headers)
    app.router.add_get("/app/", index)
    app.router.add_get("/app/{name:app\\.js|app\\.css}", asset)
    add_api_routes(app)
    add_login_routes(app)
