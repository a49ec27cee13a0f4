"""The team at a glance: admins and viewers filter /invoices by manager, and get the team's
morning summary besides their own digest."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from bot.drafts import InvoiceDraft, new_order_id, today_in_moscow
from bot.keyboards.invoices import ListCallback
from bot.services.invoice_lists import ListFilter
from bot.services.issue_outcomes import Manager
from paykeeper.moscow import MSK
from storage import Delivery, InvoiceRecord
from storage.roles import Role
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, Chat

VIEWER = User(id=8008, first_name="Бухгалтер", language_code="en")


@pytest.fixture
async def team_chat(chat: Chat) -> Chat:
    """Everyone has written to the bot once (so it knows their names); VIEWER is a viewer."""
    await chat.services.team.repository.set_role(ADMIN.id, VIEWER.id, Role.VIEWER)
    await chat.services.team.start()
    for user in (ADMIN, MANAGER, ENGLISH_MANAGER, VIEWER):
        await chat.say(user, "/help")
    return chat


async def issue(chat: Chat, user: User, amount: str) -> InvoiceRecord:
    outcome = await chat.services.issuer.issue(
        InvoiceDraft(amount=Decimal(amount), service="Аудит"),
        order_id=new_order_id(),
        manager=Manager(user.id, user.first_name),
        delivery=Delivery.LINK,
    )
    return outcome.invoice


def plain(message: StoredMessage) -> str:
    return (message.text or "").replace("\xa0", " ")


async def test_admins_and_viewers_see_one_managers_invoices(team_chat: Chat) -> None:
    chat = team_chat
    await issue(chat, MANAGER, "100")
    await issue(chat, MANAGER, "200")
    await issue(chat, ENGLISH_MANAGER, "300")

    [listing] = await chat.say(VIEWER, "/invoices")  # a viewer starts with everyone's
    assert "3 in all" in plain(listing)
    await chat.press_text(VIEWER, listing, "By manager")
    assert sorted(b["text"] for b in listing.buttons) == [
        "All managers",
        "John",
        "Анна",
        "Иван",
    ]
    await chat.press_text(VIEWER, listing, "Иван")
    text = plain(listing)
    assert text.startswith("Invoices of Иван")
    assert "2 in all" in text
    assert "300" not in text
    # The filter buttons keep to that manager.
    await chat.press_text(VIEWER, listing, "Unpaid")
    assert plain(listing).startswith("Invoices of Иван · Unpaid")

    [listing] = await chat.say(ADMIN, "/invoices")
    await chat.press_text(ADMIN, listing, "Счета всех менеджеров")
    await chat.press_text(ADMIN, listing, "По менеджеру")
    await chat.press_text(ADMIN, listing, "John")
    assert plain(listing).startswith("Счета: John")
    assert "всего 1" in plain(listing)
    await chat.press_text(ADMIN, listing, "Только мои")
    assert plain(listing).startswith("Мои счета")


async def test_a_manager_sees_only_their_own_whatever_the_buttons_say(team_chat: Chat) -> None:
    chat = team_chat
    await issue(chat, ENGLISH_MANAGER, "300")
    [listing] = await chat.say(MANAGER, "/invoices")
    assert "По менеджеру" not in str(listing.buttons)
    forged = ListCallback(
        list_filter=ListFilter.ALL, page=0, everyone=True, manager=ENGLISH_MANAGER.id
    ).pack()
    await chat.feed(chat.telegram.press(MANAGER, listing, forged, strict=False))
    assert plain(listing).startswith("Мои счета")
    assert "всего 0" in plain(listing)


def msk(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=MSK)


async def test_admins_and_viewers_get_the_teams_summary_besides_their_own(
    team_chat: Chat, paykeeper: FakePayKeeper
) -> None:
    chat = team_chat
    paid = await issue(chat, MANAGER, "1000")
    await issue(chat, MANAGER, "500")
    await issue(chat, ENGLISH_MANAGER, "250.50")
    await issue(chat, ADMIN, "99")
    assert paid.paykeeper_id is not None
    paykeeper.mark_paid(paid.paykeeper_id)
    await chat.services.tracker.refresh(paid)

    tomorrow = today_in_moscow() + timedelta(days=1)
    team = chat.services.team_digests
    assert await team.run_due(msk(tomorrow, 8)) == 0  # not before DIGEST_TIME
    assert await chat.services.digests.run_due(msk(tomorrow, 9)) == 3  # each their own
    assert await team.run_due(msk(tomorrow, 9)) == 2  # the admin and the viewer
    assert await team.run_due(msk(tomorrow, 10)) == 0  # once a day
    assert await chat.services.outbox.deliver_pending()

    [mine, summary] = chat.telegram.chat_messages(ADMIN.id)[-2:]
    assert "Выставлено: 1 на 99,00 ₽" in plain(mine)  # the admin's own digest
    text = plain(summary)
    assert text.startswith(f"👥 Команда за {today_in_moscow():%d.%m.%Y}")
    assert "Выставлено: 4 на 1 849,50 ₽" in text
    assert "Оплачено: 1 на 1 000,00 ₽" in text
    assert "Иван: 2 / 1 на 1 000,00 ₽ / 0" in text
    assert "John: 1 / 0 на 0,00 ₽ / 0" in text
    [viewers] = chat.telegram.chat_messages(VIEWER.id)[-1:]
    assert plain(viewers).startswith("👥 The team on")
    assert "Issued: 4 for RUB 1,849.50" in plain(viewers)
    assert not any("👥" in (m.text or "") for m in chat.telegram.chat_messages(MANAGER.id))
