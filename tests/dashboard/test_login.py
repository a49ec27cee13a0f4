"""The dashboard in a desktop browser: /dashboard's one-time link (10 minutes, one use, bound to
the one who asked) and the session cookie it opens (HttpOnly, Secure, SameSite=Strict, 12 h)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiohttp

from bot.keyboards.dashboard import LOGIN_LINK
from bot.services.access import Role
from bot.services.team import Requested
from storage.dashboard_logins import DashboardLogins, LoggedIn
from tests.support.chat import ADMIN, MANAGER, Chat
from tests.support.dashboard import served


async def link_for(chat: Chat) -> str:
    [menu] = await chat.say(ADMIN, "/dashboard")
    assert [b.get("callback_data") for b in menu.buttons][-1] == LOGIN_LINK
    [answer] = await chat.press(ADMIN, menu, LOGIN_LINK)
    [button] = answer.buttons
    url = str(button["url"])
    assert url.startswith("https://dash.example.com/app/login/")
    return url.rsplit("/", 1)[1]


async def test_a_link_signs_in_once_and_the_session_serves(chat: Chat) -> None:
    token = await link_for(chat)
    async with served(chat) as base, aiohttp.ClientSession() as http:
        async with http.get(f"{base}/app/login/{token}") as page:
            form = await page.text()
        # Fetching the link (a previewer, say) spends nothing: the button posts.
        assert page.status == 200
        assert f'value="{token}"' in form
        async with http.post(
            f"{base}/app/login", data={"t": token}, allow_redirects=False
        ) as signed_in:
            cookie = signed_in.cookies["dashboard_session"]
            assert signed_in.status == 303
            assert signed_in.headers["Location"] == "/app/"
        assert cookie["httponly"]
        assert cookie["secure"]
        assert cookie["samesite"] == "Strict"
        assert cookie["max-age"] == str(12 * 3600)
        assert cookie["path"] == "/app/"
        headers = {"Cookie": f"dashboard_session={cookie.value}"}
        async with http.get(f"{base}/app/api/me", headers=headers) as me:
            assert me.status == 200
            assert (await me.json())["id"] == ADMIN.id
        async with http.post(f"{base}/app/login", data={"t": token}) as again:
            assert again.status == 401  # one use
        bad = {"Cookie": "dashboard_session=" + "x" * 43}
        async with http.get(f"{base}/app/api/me", headers=bad) as forged:
            assert forged.status == 401


async def test_links_and_sessions_expire(chat: Chat) -> None:
    logins = DashboardLogins(chat.services.database)
    now = datetime.now(UTC)
    user = LoggedIn(MANAGER.id, MANAGER.first_name, "ru")
    late = await logins.new_link(user, now)
    assert await logins.redeem(late, now + timedelta(minutes=10, seconds=1)) is None
    token = await logins.new_link(user, now)
    redeemed = await logins.redeem(token, now + timedelta(minutes=9))
    assert redeemed is not None
    session, who = redeemed
    assert who == user  # bound to the one who asked
    assert await logins.session(session, now + timedelta(hours=11)) == user
    assert await logins.session(session, now + timedelta(hours=12, minutes=10)) is None


async def test_a_session_ends_when_the_member_is_suspended(chat: Chat) -> None:
    team = chat.services.team
    logins = DashboardLogins(chat.services.database)
    now = datetime.now(UTC)
    requested = await team.request_access(4242, "Ольга", None, "ru")
    assert isinstance(requested, Requested)
    await team.decide(requested.request.id, ADMIN.id, Role.VIEWER)
    redeemed = await logins.redeem(await logins.new_link(LoggedIn(4242, "Ольга", "ru"), now), now)
    assert redeemed is not None
    headers = {"Cookie": f"dashboard_session={redeemed[0]}"}
    async with served(chat) as base, aiohttp.ClientSession() as http:
        async with http.get(f"{base}/app/api/me", headers=headers) as before:
            assert before.status == 200
        assert await team.suspend(ADMIN.id, 4242) is None
        async with http.get(f"{base}/app/api/me", headers=headers) as after:
            assert after.status == 403
