"""A second payment for a paid invoice (issue 13): the manager and the admins are told, with a
button that refunds that payment (admins; managers with MANAGER_REFUNDS)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.keyboards.refunds import MoneyAction, MoneyCallback
from bot.services.access import Role
from bot.services.money_outcomes import Result
from bot.settings import Settings
from paykeeper import acknowledgement
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.chat import ADMIN, MANAGER, Chat
from tests.support.watching import SECRET, Watched, events, watching, with_endpoint

AGAIN = "↩️ Вернуть второй платёж"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return with_endpoint(settings)


@pytest.fixture
async def watched(chat: Chat) -> AsyncIterator[Watched]:
    async with watching(chat) as watched:
        yield watched


async def test_a_second_payment_is_alerted_with_a_refund_of_that_payment(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    chat = watched.chat
    invoice = await watched.issued()
    assert invoice.paykeeper_id is not None
    first = paykeeper.mark_paid(invoice.paykeeper_id)
    await watched.notify(first)
    await watched.deliver()
    second = paykeeper.mark_paid(invoice.paykeeper_id)
    await watched.notify(second)

    [manager_alert] = await watched.deliver(MANAGER)
    admin_alert = chat.last(ADMIN)
    for alert in (manager_alert, admin_alert):
        assert second["id"] in (alert.text or "")
        assert AGAIN in [button["text"] for button in alert.buttons]

    await chat.press_text(MANAGER, manager_alert, AGAIN)
    assert "администраторы" in chat.answers()[-1].get("text", "")

    [confirm] = await chat.press_text(ADMIN, admin_alert, AGAIN)
    assert second["id"] in (confirm.text or "")
    await chat.press_text(ADMIN, confirm, "Да, вернуть")
    done = chat.telegram.message(ADMIN.id, confirm.message_id)
    assert f"Второй платёж {second['id']}" in (done.text or "")
    [refund] = paykeeper.receipts.refunds
    assert refund.payment_id == second["id"]
    assert paykeeper.payments[first["id"]]["status"] == "success"


async def test_a_card_payment_after_cash_is_paid_twice_once(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    chat = watched.chat
    invoice = await watched.issued()
    assert invoice.paykeeper_id is not None
    outcome = await chat.services.after_payment.take_cash(
        invoice, key="cy:cash-then-card", actor_id=ADMIN.id, role=Role.ADMIN
    )
    assert outcome.result is Result.DONE
    await watched.deliver()
    await watched.deliver(ADMIN)
    # The payer also paid by card: PayKeeper notifies that payment (and retries it).
    card = paykeeper.mark_paid(invoice.paykeeper_id)
    assert await watched.notify(card) == (200, acknowledgement(card["id"], SECRET))

    [manager_alert] = await watched.deliver(MANAGER)
    [admin_alert] = [
        m for m in chat.telegram.chat_messages(ADMIN.id) if card["id"] in (m.text or "")
    ]
    for alert in (manager_alert, admin_alert):
        assert "Ещё один платёж по уже оплаченному счёту" in (alert.text or "")
        assert card["id"] in (alert.text or "")
    money = await chat.services.ledger.money(await watched.invoice(invoice.id))
    assert money.cash == invoice.amount
    assert [(p.payment_id, p.paid) for p in money.payments] == [(card["id"], invoice.amount)]

    assert await watched.notify(card) == (200, acknowledgement(card["id"], SECRET))
    assert await watched.deliver(MANAGER) == []
    assert await watched.deliver(ADMIN) == []
    again = await chat.services.ledger.money(await watched.invoice(invoice.id))
    assert again == money
    assert events(chat, invoice.id).count("paid_again") == 1


async def test_a_second_payments_button_carries_a_key_and_remembers_its_refund(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    chat = watched.chat
    invoice = await watched.issued()
    assert invoice.paykeeper_id is not None
    await watched.notify(paykeeper.mark_paid(invoice.paykeeper_id))
    await watched.deliver()
    second = paykeeper.mark_paid(invoice.paykeeper_id)
    await watched.notify(second)
    await watched.deliver(MANAGER)
    alert = chat.last(ADMIN)
    [button] = [b for b in alert.buttons if AGAIN in b["text"]]
    assert second["id"] not in button["callback_data"]  # PayKeeper's id stays server-side

    paykeeper.receipts.refunds_take_time = True  # the refund stays `refunding` at PayKeeper
    [confirm] = await chat.press_text(ADMIN, alert, AGAIN)
    await chat.press_text(ADMIN, confirm, "Да, вернуть")
    assert len(paykeeper.receipts.refunds) == 1

    # The alert's button again, while PayKeeper is still returning it, and once it is done.
    [told] = await chat.press_text(ADMIN, alert, AGAIN)
    assert f"Второй платёж {second['id']} уже возвращён или возвращается" in (told.text or "")
    paykeeper.receipts.finish_refunds()
    [told] = await chat.press_text(ADMIN, alert, AGAIN)
    assert "уже возвращён или возвращается" in (told.text or "")
    assert len(paykeeper.receipts.refunds) == 1

    # A button of the old shape (PayKeeper's id as its key) refunds nothing.
    old = MoneyCallback(action=MoneyAction.AGAIN, id=invoice.id, key=second["id"])
    await chat.feed(chat.telegram.press(ADMIN, alert, old.pack(), strict=False))
    assert "Эта кнопка устарела" in (chat.last(ADMIN).text or "")
    assert len(paykeeper.receipts.refunds) == 1
