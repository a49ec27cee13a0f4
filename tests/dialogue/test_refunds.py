"""Refunds and cash payments from the invoice's card (issue 13), as admins and managers see
them, against the PayKeeper stand-in and a real SQLite file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.keyboards.refunds import MoneyAction, MoneyCallback
from bot.services.ledger import PaymentMoney
from bot.settings import Settings
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, MANAGER, Chat

REFUND = "↩️ Возврат"
CASH = "💵 Оплачен наличными"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"receipts": True})


async def issue(chat: Chat, user: User = MANAGER, amount: str = "1500") -> StoredMessage:
    [summary] = await chat.say(user, f"/invoice {amount} payer@example.com Аудит")
    await chat.press_text(user, summary, "Получить ссылку")
    return chat.last(user)


async def paid_card(chat: Chat, paykeeper: FakePayKeeper, user: User = ADMIN) -> StoredMessage:
    """Issue an invoice as the manager, have it paid, and open its card as ``user``."""
    link = await issue(chat)
    [invoice_id] = paykeeper.invoices
    paykeeper.mark_paid(invoice_id)
    return await card(chat, user, link if user == MANAGER else None)


async def card(chat: Chat, user: User, message: StoredMessage | None = None) -> StoredMessage:
    """The invoice's card as ``user`` opens it (its status refreshed from PayKeeper first)."""
    invoice = await chat.services.invoices.get(1)
    assert invoice is not None
    await chat.services.tracker.refresh(invoice)
    if message is None:
        [message] = await chat.say(user, "/help")
    [shown] = await forge(chat, user, message, InvoiceCallback(action=InvoiceAction.OPEN, id=1))
    return shown


async def forge(
    chat: Chat, user: User, message: StoredMessage, data: InvoiceCallback | MoneyCallback
) -> list[StoredMessage]:
    """A press with callback data the message need not show (an old or forged button)."""
    before = set(chat.telegram.messages)
    await chat.feed(chat.telegram.press(user, message, data.pack(), strict=False))
    return [
        m
        for key, m in chat.telegram.messages.items()
        if key not in before and m.from_bot and m.chat_id == user.id
    ]


async def first_payment(chat: Chat) -> PaymentMoney:
    """The invoice's first payment, as the ledger holds it."""
    invoice = await chat.services.invoices.get(1)
    assert invoice is not None
    first = (await chat.services.ledger.money(invoice)).first
    assert first is not None
    return first


def captions(message: StoredMessage) -> list[str]:
    return [button["text"] for button in message.buttons]


async def test_admin_refunds_all_once_with_the_payment_id_and_the_cart(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    assert REFUND in captions(shown)
    [choice] = await chat.press_text(ADMIN, shown, REFUND)
    assert "Можно вернуть: 1\xa0500,00\xa0₽" in (choice.text or "")
    await chat.press_text(ADMIN, choice, "Вернуть всё")
    confirm = chat.telegram.message(ADMIN.id, choice.message_id)
    assert "отменить возврат будет нельзя" in (confirm.text or "")
    yes = next(b for b in confirm.buttons if b["text"].startswith("Да, вернуть"))
    await chat.press(ADMIN, confirm, yes["callback_data"])

    done = chat.telegram.message(ADMIN.id, choice.message_id)
    assert "✅ Возвращено 1\xa0500,00\xa0₽" in (done.text or "")
    assert "возвращён полностью" in (done.text or "")
    [refund] = paykeeper.receipts.refunds
    [payment_id] = paykeeper.payments
    assert refund.payment_id == payment_id  # the payment's id, not the invoice's
    assert refund.partial is False
    assert refund.cart is not None
    assert [line.name for line in refund.cart] == ["Аудит"]
    first = await first_payment(chat)
    assert (first.refunded, first.left) == (Decimal("1500.00"), Decimal(0))

    # The same confirmation again (a double tap, an update delivered twice): nothing is sent.
    [again] = await forge(chat, ADMIN, done, MoneyCallback.unpack(yes["callback_data"]))
    assert "уже нажата" in (again.text or "")
    assert len(paykeeper.receipts.refunds) == 1


async def test_partial_refunds_add_up_and_refuse_more_than_is_left(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    [choice] = await chat.press_text(ADMIN, shown, REFUND)
    [question] = await chat.press_text(ADMIN, choice, "Вернуть часть")
    assert "Не больше 1\xa0500,00\xa0₽" in (question.text or "")
    [confirm] = await chat.say(ADMIN, "500")
    await chat.press_text(ADMIN, confirm, "Да, вернуть 500,00")
    done = chat.telegram.message(ADMIN.id, confirm.message_id)
    assert "Всего возвращено 500,00\xa0₽: возвращён частично" in (done.text or "")
    assert paykeeper.receipts.refunds[0].partial is True
    assert paykeeper.receipts.refunds[0].amount == Decimal("500.00")

    [choice] = await chat.press_text(ADMIN, shown, REFUND)
    assert "Можно вернуть: 1\xa0000,00\xa0₽" in (choice.text or "")
    await chat.press_text(ADMIN, choice, "Вернуть часть")
    too_much = await chat.say(ADMIN, "1000,01")
    assert any("1\xa0000,00" in (m.text or "") for m in too_much)
    [confirm] = await chat.say(ADMIN, "1000")
    await chat.press_text(ADMIN, confirm, "Да, вернуть")
    done = chat.telegram.message(ADMIN.id, confirm.message_id)
    assert "возвращён полностью" in (done.text or "")
    assert [r.amount for r in paykeeper.receipts.refunds] == [
        Decimal("500.00"),
        Decimal("1000.00"),
    ]


async def test_a_manager_sees_no_refund_and_a_forged_press_is_refused(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper, MANAGER)
    assert REFUND not in captions(shown)
    forged = MoneyCallback(action=MoneyAction.CONFIRM, id=1, key="x")
    await forge(chat, MANAGER, shown, forged)
    assert "администраторы" in chat.answers()[-1].get("text", "")
    assert paykeeper.receipts.refunds == []


async def test_manager_refunds_when_allowed(chat: Chat, paykeeper: FakePayKeeper) -> None:
    chat.services.after_payment.manager_refunds = True
    shown = await paid_card(chat, paykeeper, MANAGER)
    [choice] = await chat.press_text(MANAGER, shown, REFUND)
    await chat.press_text(MANAGER, choice, "Вернуть всё")
    confirm = chat.telegram.message(MANAGER.id, choice.message_id)
    await chat.press_text(MANAGER, confirm, "Да, вернуть")
    assert len(paykeeper.receipts.refunds) == 1


async def test_paykeeper_refusing_the_right_is_said_plainly(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    paykeeper.receipts.refunds_allowed = False
    shown = await paid_card(chat, paykeeper)
    [choice] = await chat.press_text(ADMIN, shown, REFUND)
    await chat.press_text(ADMIN, choice, "Вернуть всё")
    confirm = chat.telegram.message(ADMIN.id, choice.message_id)
    await chat.press_text(ADMIN, confirm, "Да, вернуть")
    text = chat.telegram.message(ADMIN.id, choice.message_id).text or ""
    assert "PayKeeper отказал в возврате: У пользователя нет прав" in text
    assert "не разрешены возвраты" in text
    assert (await first_payment(chat)).refunded == 0


async def test_the_refund_right_is_read_from_paykeepers_settings_not_its_words(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    # The settings allow refunds; a refusal that happens to speak of rights gets no hint
    # about the cabinet's refund setting, only PayKeeper's own message.
    shown = await paid_card(chat, paykeeper)
    [choice] = await chat.press_text(ADMIN, shown, REFUND)
    await chat.press_text(ADMIN, choice, "Вернуть всё")
    confirm = chat.telegram.message(ADMIN.id, choice.message_id)
    paykeeper.fail_next("/change/payment/reverse/", "fail:Недостаточно прав у банка-эквайера")
    await chat.press_text(ADMIN, confirm, "Да, вернуть")
    text = chat.telegram.message(ADMIN.id, choice.message_id).text or ""
    assert "Недостаточно прав у банка-эквайера" in text
    assert "не разрешены возвраты" not in text
    assert ("GET", "/info/user/settings/") in [
        (request.method, request.path) for request in paykeeper.requests
    ]


async def test_an_unclean_answer_is_never_offered_again(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    [choice] = await chat.press_text(ADMIN, shown, REFUND)
    await chat.press_text(ADMIN, choice, "Вернуть всё")
    confirm = chat.telegram.message(ADMIN.id, choice.message_id)
    paykeeper.fail_next("/change/payment/reverse/", "500-after")
    await chat.press_text(ADMIN, confirm, "Да, вернуть")
    result = chat.telegram.message(ADMIN.id, choice.message_id)
    assert "возможно, уже возвращены" in (result.text or "")
    assert "Не повторяйте" in (result.text or "")
    assert captions(result) == ["Карточка счёта"]  # no retry
    assert len(paykeeper.receipts.refunds) == 1  # it did happen on PayKeeper's side


async def test_admin_marks_an_open_invoice_paid_in_cash(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await issue(chat)
    shown = await card(chat, ADMIN)
    assert CASH in captions(shown)
    [ask] = await chat.press_text(ADMIN, shown, CASH)
    await chat.press_text(ADMIN, ask, "Да, оплачен наличными")
    assert "отмечен оплаченным наличными" in (
        chat.telegram.message(ADMIN.id, ask.message_id).text or ""
    )
    [invoice_id] = paykeeper.invoices
    assert paykeeper.receipts.cash_paid == [invoice_id]
    invoice = await chat.services.invoices.get(1)
    assert invoice is not None
    assert invoice.status.value == "paid"


async def test_cash_confirmation_asks_yes_or_no_and_no_marks_nothing(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await issue(chat)
    [ask] = await chat.press_text(ADMIN, await card(chat, ADMIN), CASH)
    assert captions(ask) == ["Да, оплачен наличными", "Нет"]
    await chat.press_text(ADMIN, ask, "Нет")
    answered = chat.telegram.message(ADMIN.id, ask.message_id)
    assert answered.text == "Счёт не отмечен оплаченным наличными."
    assert captions(answered) == []
    assert paykeeper.receipts.cash_paid == []
    invoice = await chat.services.invoices.get(1)
    assert invoice is not None
    assert invoice.status.value != "paid"


async def test_cash_button_disappears_where_the_server_lacks_it(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    paykeeper.receipts.cash_supported = False
    link = await issue(chat)
    shown = await card(chat, ADMIN)
    [ask] = await chat.press_text(ADMIN, shown, CASH)
    await chat.press_text(ADMIN, ask, "Да, оплачен наличными")
    result = chat.telegram.message(ADMIN.id, ask.message_id)
    assert "не умеет отмечать оплату наличными" in (result.text or "")
    assert CASH not in captions(await card(chat, ADMIN))
    manager_card = await card(chat, MANAGER, link)
    assert CASH not in captions(manager_card)


async def refund_all(chat: Chat, shown: StoredMessage) -> StoredMessage:
    """Refund everything from the card; returns the message that ends up with the result."""
    [choice] = await chat.press_text(ADMIN, shown, REFUND)
    if not choice.buttons:
        return choice
    await chat.press_text(ADMIN, choice, "Вернуть всё")
    confirm = chat.telegram.message(ADMIN.id, choice.message_id)
    await chat.press_text(ADMIN, confirm, "Да, вернуть")
    return chat.telegram.message(ADMIN.id, choice.message_id)


async def test_a_lost_answer_that_refunded_is_learnt_from_paykeeper_not_repeated(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    paykeeper.fail_next("/change/payment/reverse/", "500-after")  # done, answer lost
    first = await refund_all(chat, shown)
    assert "возможно, уже возвращены" in (first.text or "")
    again = await refund_all(chat, shown)
    assert "По счёту уже всё возвращено" in (again.text or "")
    assert len(paykeeper.receipts.refunds) == 1
    assert (await first_payment(chat)).left == 0


async def test_a_lost_answer_that_did_not_refund_lets_a_new_refund_go(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    paykeeper.fail_next("/change/payment/reverse/", "500")  # refused before doing anything
    first = await refund_all(chat, shown)
    assert "возможно, уже возвращены" in (first.text or "")
    again = await refund_all(chat, shown)
    assert "✅ Возвращено 1\xa0500,00\xa0₽" in (again.text or "")
    assert len(paykeeper.receipts.refunds) == 1


async def test_no_second_refund_while_paykeeper_cannot_say(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    paykeeper.fail_next("/change/payment/reverse/", "500")
    await refund_all(chat, shown)
    paykeeper.fail_next("/info/payments/byid/", "500", times=10)
    again = await refund_all(chat, shown)
    assert "новый возврат не отправлен" in (again.text or "")
    assert paykeeper.receipts.refunds == []
    # The admin looks in the cabinet and says, with an explicit button, that it was not made.
    doubt = chat.last(ADMIN)
    [not_made] = [b for b in doubt.buttons if b["text"] == "В кабинете: возврата не было"]
    await chat.press(ADMIN, doubt, not_made["callback_data"])
    assert "возврата по запросу № 1 не было" in (
        chat.telegram.message(ADMIN.id, doubt.message_id).text or ""
    )
    events = await chat.services.invoices.events(1)
    assert [(e.kind, e.actor_id) for e in events if e.kind == "refund_refused"][-1] == (
        "refund_refused",
        ADMIN.id,
    )
    paykeeper.clear_faults()
    done = await refund_all(chat, shown)
    assert "✅ Возвращено 1\xa0500,00\xa0₽" in (done.text or "")
