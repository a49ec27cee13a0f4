"""Every role on the new buttons (issue 13): refund, cash and the catalogue, as an admin, a
manager (on their own and on someone else's invoice), a viewer and a stranger see them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.drafts import InvoiceDraft, new_order_id
from bot.keyboards.catalogue import ServiceAction, ServiceCallback
from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.keyboards.refunds import MoneyAction, MoneyCallback
from bot.services.issue_outcomes import Manager
from storage import Delivery
from storage.roles import Role
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, STRANGER, Chat

VIEWER = User(id=8008, first_name="Бухгалтер", language_code="ru")
REFUND, CASH = "↩️ Возврат", "💵 Оплачен наличными"


@pytest.fixture
async def team_chat(chat: Chat) -> Chat:
    await chat.services.team.repository.set_role(ADMIN.id, VIEWER.id, Role.VIEWER)
    await chat.services.team.start()
    return chat


async def issued(chat: Chat, paykeeper: FakePayKeeper, *, paid: bool) -> int:
    outcome = await chat.services.issuer.issue(
        InvoiceDraft(amount=Decimal(1500), email="payer@example.com", service="Аудит"),
        order_id=new_order_id(),
        manager=Manager(MANAGER.id, "Иван"),
        delivery=Delivery.LINK,
    )
    invoice = outcome.invoice
    assert invoice.paykeeper_id is not None
    if paid:
        paykeeper.mark_paid(invoice.paykeeper_id)
        await chat.services.tracker.refresh(invoice)
    return invoice.id


async def press(
    chat: Chat, user: User, data: InvoiceCallback | MoneyCallback | ServiceCallback
) -> list[StoredMessage]:
    [anchor] = await chat.say(user, "/start")
    chat.minutes_pass()  # a stranger's press is answered too, as it would be a while later
    before = set(chat.telegram.messages)
    await chat.feed(chat.telegram.press(user, anchor, data.pack(), strict=False))
    return [
        m
        for key, m in chat.telegram.messages.items()
        if key not in before and m.from_bot and m.chat_id == user.id
    ]


def captions(messages: list[StoredMessage]) -> list[str]:
    return [button["text"] for message in messages for button in message.buttons]


@pytest.mark.parametrize(
    ("user", "refund", "cash"),
    [(ADMIN, True, True), (MANAGER, False, False), (VIEWER, False, False)],
)
async def test_who_sees_which_button_on_the_card(
    team_chat: Chat, paykeeper: FakePayKeeper, user: User, refund: bool, cash: bool
) -> None:
    paid = await issued(team_chat, paykeeper, paid=True)
    unpaid = await issued(team_chat, paykeeper, paid=False)
    paid_card = await press(team_chat, user, InvoiceCallback(action=InvoiceAction.OPEN, id=paid))
    open_card = await press(team_chat, user, InvoiceCallback(action=InvoiceAction.OPEN, id=unpaid))
    assert (REFUND in captions(paid_card)) is refund
    assert (CASH in captions(open_card)) is cash
    assert REFUND not in captions(open_card)
    assert CASH not in captions(paid_card)


@pytest.mark.parametrize("user", [MANAGER, VIEWER, ENGLISH_MANAGER, STRANGER])
@pytest.mark.parametrize(
    "action", [MoneyAction.REFUND, MoneyAction.FULL, MoneyAction.CONFIRM, MoneyAction.CASH_CONFIRM]
)
async def test_no_one_but_admins_moves_money(
    team_chat: Chat, paykeeper: FakePayKeeper, user: User, action: MoneyAction
) -> None:
    paid = await issued(team_chat, paykeeper, paid=True)
    data = MoneyCallback(action=action, id=paid, nonce="n", amount="1500.00")
    replies = await press(team_chat, user, data)
    assert replies == []
    assert paykeeper.receipts.refunds == []
    assert paykeeper.receipts.cash_paid == []
    answer = team_chat.answers()[-1].get("text", "")
    assert answer  # refused with a reason, never silently


@pytest.mark.parametrize("user", [MANAGER, VIEWER])
@pytest.mark.parametrize("action", [ServiceAction.ADD, ServiceAction.EXPORT, ServiceAction.IMPORT])
async def test_no_one_but_admins_changes_the_catalogue(
    team_chat: Chat, user: User, action: ServiceAction
) -> None:
    [answer] = await team_chat.say(user, "/services")
    assert "администраторы" in (answer.text or "")
    replies = await press(team_chat, user, ServiceCallback(action=action))
    assert replies == []
    assert "администраторы" in team_chat.answers()[-1].get("text", "")
