"""The dashboard in a desktop browser: a one-time link from /dashboard opens a page with one
button; pressing it (a POST, so that a link previewer fetching the address spends nothing)
redeems the link and sets a session cookie for 12 hours."""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime

from aiohttp import web

from bot.dashboard.api import DASHBOARD, SESSION_COOKIE
from bot.texts import Texts
from storage.dashboard_logins import SESSION_LIFE

log = logging.getLogger(__name__)

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="/app/app.css"></head>
<body><main><h1>{title}</h1>
<form method="post" action="/app/login"><input type="hidden" name="t" value="{token}">
<button class="primary" id="sign-in" type="submit">{button}</button></form></main></body></html>
"""


async def login_page(request: web.Request) -> web.Response:
    token = request.match_info["token"]
    texts = Texts("ru")
    body = PAGE.format(
        lang="ru",
        title=html.escape(texts("dash.page.title") + " · " + Texts("en")("dash.page.title")),
        token=html.escape(token),
        button=html.escape(texts("dash.login.button") + " / " + Texts("en")("dash.login.button")),
    )
    response = web.Response(text=body, content_type="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    token = form.get("t")
    now = datetime.now(UTC)
    redeemed = None
    if isinstance(token, str) and 0 < len(token) <= 100:
        redeemed = await request.app[DASHBOARD].logins.redeem(token, now)
    if redeemed is None:
        log.info("dashboard login link refused: used, expired or unknown")
        raise web.HTTPUnauthorized(
            text=Texts("ru")("dash.login.spent") + "\n" + Texts("en")("dash.login.spent")
        )
    session, user = redeemed
    log.info("dashboard login by %s from a one-time link", user.user_id)
    response = web.HTTPSeeOther("/app/")
    response.set_cookie(
        SESSION_COOKIE,
        session,
        max_age=int(SESSION_LIFE.total_seconds()),
        path="/app/",
        secure=True,
        httponly=True,
        samesite="Strict",
    )
    raise response


def add_login_routes(app: web.Application) -> None:
    app.router.add_get("/app/login/{token:[A-Za-z0-9_-]{1,100}}", login_page)
    app.router.add_post("/app/login", login)
