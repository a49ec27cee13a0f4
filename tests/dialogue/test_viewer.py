"""A viewer (an accountant, a head of sales) sees every invoice, list, card and search, and
issues and changes nothing: every button and command that would is refused with one clear
message, and nothing reaches PayKeeper or the invoice log."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from bot.drafts import InvoiceDraft, new_order_id
from bot.keyboards.bulk import BulkAction, BulkCallback
from bot.keyboards.form import FormAction, FormCallback
from bot.keyboards.inline import QuickCallback
from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.services.issue_outcomes import Manager
from storage import Delivery, InvoiceRecord, InvoiceStatus
from storage.roles import Role
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, MANAGER, Chat

VIEWER = User(id=8008, first_name="Бухгалтер", language_code="ru")
REFUSED = "Вы наблюдатель: счета можно смотреть, но не выставлять и не менять."


@pytest.fixture
async def viewer_chat(chat: Chat) -> Chat:
    """The chat with VIEWER made a viewer by an admin, as /team does."""
    await chat.services.team.repository.set_role(ADMIN.id, VIEWER.id, Role.VIEWER)
    await chat.services.team.start()
    return chat


async def issue(chat: Chat, amount: str = "1500") -> InvoiceRecord:
    outcome = await chat.services.issuer.issue(
        InvoiceDraft(amount=Decimal(amount), email="payer@example.com", service="Аудит"),
        order_id=new_order_id(),
        manager=Manager(MANAGER.id, "Иван"),
        delivery=Delivery.EMAIL,
    )
    return outcome.invoice


def invoice_count(chat: Chat) -> int:
    with sqlite3.connect(chat.services.settings.database_path) as db:
        return int(db.execute("SELECT count(*) FROM invoices").fetchone()[0])


async def test_a_viewer_sees_everyones_invoices_and_opens_their_cards(viewer_chat: Chat) -> None:
    chat = viewer_chat
    invoice = await issue(chat)
    [listing] = await chat.say(VIEWER, "/invoices")
    text = (listing.text or "").replace("\xa0", " ")
    assert text.startswith("Счета всех менеджеров")
    assert "1 500,00 ₽" in text
    assert "Иван" in text  # whose it is, as admins see it
    [found] = await chat.say(VIEWER, f"/invoices {invoice.order_id}")
    assert "всего 1" in (found.text or "")
    [card] = await chat.press(VIEWER, found, InvoiceCallback(action="open", id=invoice.id).pack())
    assert invoice.order_id in (card.text or "")
    [qr] = await chat.press(VIEWER, card, InvoiceCallback(action="qr", id=invoice.id).pack())
    assert qr.media  # the QR code: showing is not changing


async def test_every_changing_button_refuses_a_viewer(
    viewer_chat: Chat, paykeeper: FakePayKeeper
) -> None:
    chat = viewer_chat
    invoice = await issue(chat)
    [found] = await chat.say(VIEWER, f"/invoices {invoice.order_id}")
    [card] = await chat.press(VIEWER, found, InvoiceCallback(action="open", id=invoice.id).pack())
    requests = len(paykeeper.requests)
    for action in (
        InvoiceAction.RESEND,
        InvoiceAction.CANCEL,
        InvoiceAction.CANCEL_CONFIRMED,
        InvoiceAction.REPEAT,
    ):
        # On the card's own buttons, or forged (the confirmation the card would ask first).
        replies = await press(chat, card, InvoiceCallback(action=action, id=invoice.id).pack())
        assert replies == []
        assert chat.answers()[-1]["text"] == REFUSED
        assert chat.answers()[-1]["show_alert"] is True
    for data in (
        FormCallback(action=FormAction.DELIVER, value="link", nonce="x").pack(),
        BulkCallback(action=BulkAction.CANCEL, run=1).pack(),
        QuickCallback(token="abc").pack(),
    ):
        assert await press(chat, card, data) == []
        assert chat.answers()[-1]["text"] == REFUSED
    assert len(paykeeper.requests) == requests  # nothing reached PayKeeper
    stored = await chat.services.invoices.get(invoice.id)
    assert stored is not None
    assert stored.status is InvoiceStatus.SENT
    assert (
        await chat.dispatcher.fsm.get_context(chat.bot, VIEWER.id, VIEWER.id).get_state() is None
    )


async def press(chat: Chat, message: StoredMessage, data: str) -> list[StoredMessage]:
    """Press as VIEWER, on the message's button or with forged data; what the bot sent."""
    strict = data in [button.get("callback_data") for button in message.buttons]
    before = set(chat.telegram.messages)
    await chat.feed(chat.telegram.press(VIEWER, message, data, strict=strict))
    return [m for key, m in chat.telegram.messages.items() if key not in before and m.from_bot]


async def test_every_issuing_command_refuses_a_viewer(viewer_chat: Chat) -> None:
    chat = viewer_chat
    for command in ("/invoice", "/invoice 1500 ivan@example.com Аудит", "/bulk"):
        [reply] = await chat.say(VIEWER, command)
        assert reply.text == REFUSED
    await chat.feed(
        chat.telegram.send_document(VIEWER, "orders.csv", b"amount\n1500\n", "text/csv")
    )
    assert chat.last(VIEWER).text == REFUSED
    await chat.feed(chat.telegram.inline_query(VIEWER, "1500 ivan@example.com Аудит"))
    answer = chat.answers("answerInlineQuery")[-1]
    assert answer["results"] == []
    assert answer["button"]["text"] == "Наблюдатель: счета — в боте"
    assert invoice_count(chat) == 0
    [team] = await chat.say(VIEWER, "/team")
    assert team.text == "Это доступно только администраторам."


async def test_managers_and_admins_are_not_stopped_by_the_viewers_guard(chat: Chat) -> None:
    for user in (MANAGER, ADMIN):
        [summary] = await chat.say(user, "/invoice 1500 ivan@example.com Аудит")
        assert REFUSED not in (summary.text or "")
        assert summary.buttons
