"""The dashboard's JSON as a browser asks for it: signed in with initData, the numbers of a
known ledger, a manager's own invoices only, actions through the same services, refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDictProxy

from bot.drafts import InvoiceDraft, new_order_id
from bot.services.access import Role
from bot.services.issue_outcomes import Manager
from bot.services.team import Requested
from storage import Delivery, InvoiceStatus
from tests.fakes.telegram import User
from tests.support.chat import ADMIN, MANAGER, Chat
from tests.support.dashboard import init_data, seed, served

STRANGER = User(id=4242, first_name="Чужой", language_code="ru")


async def ask(
    base: str, path: str, data: str, method: str = "GET"
) -> tuple[int, Any, CIMultiDictProxy[str]]:
    async with aiohttp.ClientSession() as session:
        headers = {"Authorization": f"tma {data}"} if data else {}
        async with session.request(method, base + path, headers=headers) as response:
            body = await response.json(content_type=None)
            return response.status, body, response.headers


async def test_admin_overview_sums_the_ledger_as_the_report_does(chat: Chat) -> None:
    book = await seed(chat)
    async with served(chat) as base:
        token = chat.bot.token
        status, body, headers = await ask(base, "/app/api/overview", init_data(token, ADMIN))
    assert status == 200, body
    total = body["total"]
    assert Decimal(total["card"]) == book.card
    assert Decimal(total["cash"]) == book.cash
    assert Decimal(total["refunded"]) == book.refunded
    assert Decimal(total["net"]) == book.card + book.cash - book.refunded
    assert total["issued_count"] == 5
    assert body["paid"] == 3
    assert Decimal(body["open"]["amount"]) == book.open_amount
    assert sum(Decimal(day["card"]) for day in body["days"]) == book.card
    assert {row["name"] for row in body["by_manager"]} == {ADMIN.first_name, MANAGER.first_name}
    assert headers["Cache-Control"] == "no-store"
    assert "frame-ancestors https://web.telegram.org" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


async def test_a_manager_sees_only_their_own(chat: Chat) -> None:
    book = await seed(chat)
    async with served(chat) as base:
        data = init_data(chat.bot.token, MANAGER)
        _, overview, _ = await ask(base, "/app/api/overview", data)
        _, listed, _ = await ask(base, "/app/api/invoices?filter=a&manager=1001", data)
        other = book.admin_invoices[0].id
        status, _, _ = await ask(base, f"/app/api/invoices/{other}", data)
    assert Decimal(overview["total"]["card"]) == book.manager_card
    assert Decimal(overview["open"]["amount"]) == Decimal("333.33")
    assert {inv["id"] for inv in listed["invoices"]} == {i.id for i in book.manager_invoices}
    assert status == 404  # another manager's invoice is not theirs to learn of


async def test_search_and_filters_are_the_bots_own(chat: Chat) -> None:
    await seed(chat)
    async with served(chat) as base:
        data = init_data(chat.bot.token, ADMIN)
        _, found, _ = await ask(base, "/app/api/invoices?search=KOPYTA", data)
        _, unpaid, _ = await ask(base, "/app/api/invoices?filter=u", data)
        _, by_amount, _ = await ask(base, "/app/api/invoices?search=333,33", data)
    assert [inv["client"] for inv in found["invoices"]] == ["kopyta"]
    assert {inv["status"] for inv in unpaid["invoices"]} == {"created"}
    assert unpaid["total"] == 2
    assert [inv["amount"] for inv in by_amount["invoices"]] == ["333.33"]


async def test_cancel_goes_through_the_card_service_and_its_history(chat: Chat) -> None:
    book = await seed(chat)
    invoice = book.manager_invoices[2]
    async with served(chat) as base:
        data = init_data(chat.bot.token, MANAGER)
        _, card, _ = await ask(base, f"/app/api/invoices/{invoice.id}", data)
        status, done, _ = await ask(base, f"/app/api/invoices/{invoice.id}/cancel", data, "POST")
        again, _, _ = await ask(base, f"/app/api/invoices/{invoice.id}/cancel", data, "POST")
        _, after, _ = await ask(base, f"/app/api/invoices/{invoice.id}", data)
    assert set(card["actions"]) >= {"cancel", "share"}
    assert status == 200, done
    assert done["status"] == "cancelled"
    stored = await chat.services.invoices.get(invoice.id)
    assert stored is not None
    assert stored.status is InvoiceStatus.CANCELLED
    assert again == 409  # already cancelled: nothing is sent twice
    assert [e["kind"] for e in after["history"]][-1] == "cancelled"


@pytest.mark.parametrize("who", ["stranger", "forged", "expired", "other_bot", "none"])
async def test_refused(chat: Chat, who: str) -> None:
    token = chat.bot.token
    data = {
        "stranger": init_data(token, STRANGER),
        "forged": init_data(token, MANAGER).replace("%22id%22%3A+2002", "%22id%22%3A+1001"),
        "expired": init_data(token, ADMIN, signed_at=datetime.now(UTC) - timedelta(days=2)),
        "other_bot": init_data("999:another-bot", ADMIN),
        "none": "",
    }[who]
    async with served(chat) as base:
        status, body, headers = await ask(base, "/app/api/overview", data)
    assert status == (403 if who == "stranger" else 401), body
    assert "total" not in body
    assert headers["X-Content-Type-Options"] == "nosniff"


async def test_a_member_suspended_meanwhile_is_refused(chat: Chat) -> None:
    team = chat.services.team
    requested = await team.request_access(STRANGER.id, STRANGER.first_name, None, "ru")
    assert isinstance(requested, Requested)
    await team.decide(requested.request.id, ADMIN.id, Role.MANAGER)
    data = init_data(chat.bot.token, STRANGER)
    async with served(chat) as base:
        before, me, _ = await ask(base, "/app/api/me", data)
        assert await team.suspend(ADMIN.id, STRANGER.id) is None
        after, _, _ = await ask(base, "/app/api/me", data)
    assert (before, me["role"]) == (200, "manager")
    assert after == 403


async def test_admins_see_the_team_and_approvals_waiting(chat: Chat) -> None:
    chat.services.approvals.threshold = Decimal("10000")
    held = await chat.services.approvals.hold(
        InvoiceDraft(amount=Decimal("50000.00"), service="Аудит", email="big@example.com"),
        order_id=new_order_id(),
        manager=Manager(MANAGER.id, MANAGER.first_name),
        delivery=Delivery.LINK,
    )
    assert held is not None
    async with served(chat) as base:
        status, team, _ = await ask(base, "/app/api/team", init_data(chat.bot.token, ADMIN))
        refused, _, _ = await ask(base, "/app/api/team", init_data(chat.bot.token, MANAGER))
    assert status == 200
    assert {m["id"] for m in team["members"]} >= {ADMIN.id, MANAGER.id}
    [waiting] = team["approvals"]
    assert (waiting["order_id"], waiting["manager"]) == (held.order_id, MANAGER.first_name)
    assert Decimal(waiting["amount"]) == Decimal("50000.00")
    assert refused == 403  # a manager does not see the team
