"""Refunds against the ledger, as admins and managers see them: confirmations kept server-side,
refunds that take time, refunds made in PayKeeper's cabinet, cash."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.keyboards.refunds import MoneyAction, MoneyCallback
from bot.settings import Settings
from tests.dialogue.test_refunds import REFUND, captions, card, forge, issue, paid_card
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage
from tests.support.chat import ADMIN, MANAGER, Chat

REFRESH = "Обновить"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"receipts": True})


async def confirmation(chat: Chat, shown: StoredMessage, amount: str | None = None) -> str:
    """The confirm button's callback data for a full refund (or one of ``amount``)."""
    [choice] = await chat.press_text(ADMIN, shown, REFUND)
    if amount is None:
        await chat.press_text(ADMIN, choice, "Вернуть всё")
        confirm = chat.telegram.message(ADMIN.id, choice.message_id)
    else:
        await chat.press_text(ADMIN, choice, "Вернуть часть")
        [confirm] = await chat.say(ADMIN, amount)
    yes = next(b for b in confirm.buttons if b["text"].startswith("Да, вернуть"))
    return str(yes["callback_data"])


async def test_a_confirmation_carries_only_a_key_and_cannot_be_turned_to_another_invoice(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    data = MoneyCallback.unpack(await confirmation(chat, shown))
    assert set(data.model_dump()) == {"action", "id", "key"}
    # The same key pressed on behalf of another invoice refunds nothing.
    await issue(chat)
    forged = MoneyCallback(action=MoneyAction.CONFIRM, id=2, key=data.key)
    await forge(chat, ADMIN, shown, forged)
    assert paykeeper.receipts.refunds == []


async def test_a_refund_that_takes_time_and_lost_its_answer_is_never_sent_twice(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    paykeeper.receipts.refunds_take_time = True  # refund_amount does not move for a while
    shown = await paid_card(chat, paykeeper)
    paykeeper.fail_next("/change/payment/reverse/", "500-after")  # done, the answer lost
    await forge(chat, ADMIN, shown, MoneyCallback.unpack(await confirmation(chat, shown)))
    again = await card(chat, ADMIN)
    [choice] = await forge(chat, ADMIN, again, MoneyCallback(action=MoneyAction.REFUND, id=1))
    assert "По счёту уже всё возвращено" in (choice.text or "")
    assert len(paykeeper.receipts.refunds) == 1
    invoice = await chat.services.invoices.get(1)
    assert invoice is not None
    first = (await chat.services.ledger.money(invoice)).first
    assert first is not None
    assert (first.refunded, first.in_progress) == (Decimal("1500.00"), True)


async def test_booked_is_what_paykeeper_records_not_what_was_assumed(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    [payment_id] = paykeeper.payments
    # Between the card and the press, 300 went back in the cabinet.
    key = await confirmation(chat, shown)
    paykeeper.receipts.cabinet_refund(payment_id, Decimal("300"))
    await forge(chat, ADMIN, shown, MoneyCallback.unpack(key))
    texts = [m.text or "" for m in chat.telegram.chat_messages(ADMIN.id)]
    assert not any("✅ Возвращено" in text for text in texts)  # the stale confirmation
    assert [r.amount for r in paykeeper.receipts.refunds] == [Decimal("300")]


async def test_a_refund_made_in_the_cabinet_shows_on_the_card_and_is_told_once(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    link = await issue(chat)
    [invoice_id] = paykeeper.invoices
    paykeeper.mark_paid(invoice_id)
    shown = await card(chat, MANAGER, link)
    assert REFRESH in " ".join(captions(shown))  # a paid invoice can be refreshed
    [payment_id] = paykeeper.payments
    paykeeper.receipts.cabinet_refund(payment_id)
    await chat.press_text(MANAGER, shown, REFRESH)
    refreshed = chat.telegram.message(MANAGER.id, shown.message_id)
    assert "Возвращено по платежу" in (refreshed.text or "")
    await chat.services.ledger.sync_recent()  # the schedule reads it again: nothing new
    assert await chat.services.outbox.deliver_pending()
    told = [
        m
        for m in chat.telegram.chat_messages(MANAGER.id)
        if "возврат в кабинете PayKeeper" in (m.text or "")
    ]
    assert len(told) == 1
    admin_card = await card(chat, ADMIN)
    assert REFUND not in captions(admin_card)


async def test_the_schedule_learns_a_cabinet_refund(chat: Chat, paykeeper: FakePayKeeper) -> None:
    await paid_card(chat, paykeeper)
    [payment_id] = paykeeper.payments
    paykeeper.receipts.cabinet_refund(payment_id, Decimal("400"))
    assert await chat.services.ledger.sync_recent() == 1
    invoice = await chat.services.invoices.get(1)
    assert invoice is not None
    first = (await chat.services.ledger.money(invoice)).first
    assert first is not None
    assert first.left == Decimal("1100.00")


async def test_a_cash_paid_invoice_offers_no_card_refund_and_says_cash_goes_back_by_hand(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await issue(chat)
    shown = await card(chat, ADMIN)
    [ask] = await chat.press_text(ADMIN, shown, "Оплачен наличными")
    await chat.press_text(ADMIN, ask, "Да, оплачен наличными")
    paid = await card(chat, ADMIN)
    assert REFUND not in captions(paid)
    assert "Наличные возвращают из рук в руки" in (paid.text or "")
