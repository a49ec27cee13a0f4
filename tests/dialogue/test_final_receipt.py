"""The final-settlement receipt of a prepaid invoice, from the paid invoice's card, against the
PayKeeper stand-in (its receipt print and receipts by payment) and a real SQLite file: made
once with the prepayment's lines in full, a lost answer settled from the payment's receipts,
an unsettled one never sent again, a refusal shown in PayKeeper's words and pressable again."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.settings import Settings
from paykeeper.receipt_codes import PaymentType, TaxCode
from storage.final_receipts import FinalReceiptRepository, ReceiptState
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import MANAGER, Chat

BUTTON = "🧾 Чек полного расчёта"
YES = "Да, пробить чек"
PRINT = "/change/receipt/print/"


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """Receipts on, prepaid (a test's ``indirect`` parameter changes that)."""
    prepaid = {"receipts": True, "receipt_payment_type": PaymentType.PREPAY}
    return settings.model_copy(update={**prepaid, **getattr(request, "param", {})})


async def paid_card(chat: Chat, paykeeper: FakePayKeeper, user: User = MANAGER) -> StoredMessage:
    [summary] = await chat.say(MANAGER, "/invoice 1500 payer@example.com Консультация")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice_id] = paykeeper.invoices
    paykeeper.mark_paid(invoice_id)
    return await card(chat, user)


async def card(chat: Chat, user: User) -> StoredMessage:
    invoice = await chat.services.invoices.get(1)
    assert invoice is not None
    await chat.services.tracker.refresh(invoice)
    [message] = await chat.say(user, "/help")
    before = set(chat.telegram.messages)
    data = InvoiceCallback(action=InvoiceAction.OPEN, id=1).pack()
    await chat.feed(chat.telegram.press(user, message, data, strict=False))
    [shown] = [m for k, m in chat.telegram.messages.items() if k not in before and m.from_bot]
    return shown


async def forge(chat: Chat, message: StoredMessage, action: InvoiceAction) -> None:
    """A press with callback data the message need not show (an old or forged button)."""
    data = InvoiceCallback(action=action, id=1).pack()
    await chat.feed(chat.telegram.press(MANAGER, message, data, strict=False))


def captions(message: StoredMessage) -> list[str]:
    return [button["text"] for button in message.buttons]


async def confirm(chat: Chat, shown: StoredMessage, user: User = MANAGER) -> StoredMessage:
    """Press the card's button, then "yes": the confirmation as it reads afterwards."""
    [question] = await chat.press_text(user, shown, BUTTON)
    await chat.press_text(user, question, YES)
    return chat.telegram.message(user.id, question.message_id)


def prints(paykeeper: FakePayKeeper) -> list[dict[str, str]]:
    return [r.form for r in paykeeper.requests if r.path == PRINT]


async def state(chat: Chat) -> ReceiptState | None:
    receipt = await FinalReceiptRepository(chat.services.database).of_invoice(1)
    return receipt.state if receipt else None


async def test_the_manager_makes_it_once_with_the_prepaid_lines_in_full(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    assert BUTTON in captions(shown)
    [question] = await chat.press_text(MANAGER, shown, BUTTON)
    assert "Пробить чек полного расчёта по счёту №1 на 1\xa0500,00\xa0₽?" in (question.text or "")
    assert "payer@example.com" in (question.text or "")
    await chat.press_text(MANAGER, question, YES)

    answer = chat.telegram.message(MANAGER.id, question.message_id)
    assert "✅ Чек полного расчёта по счёту №1 пробит" in (answer.text or "")
    [printed] = paykeeper.fiscal.printed
    [payment_id] = paykeeper.payments
    assert printed.payment_id == payment_id
    assert printed.form["sum_advance"] == "1500.00"
    assert printed.form["is_post_sale"] == "true"
    [line] = printed.lines
    assert (line.name, line.total) == ("Консультация", Decimal("1500.00"))
    assert (line.payment_type, line.tax) == (PaymentType.FULL, TaxCode.VAT22)
    assert printed.id in (answer.text or "")
    assert await state(chat) is ReceiptState.DONE

    # One per invoice: the card no longer offers it, and the old confirmation sends nothing.
    assert BUTTON not in captions(await card(chat, MANAGER))
    await forge(chat, question, InvoiceAction.RECEIPT_CONFIRMED)
    assert len(prints(paykeeper)) == 1
    assert "пробит чек полного расчёта" in ((await card(chat, MANAGER)).text or "")


@pytest.mark.parametrize("settings", [{"receipt_payment_type": PaymentType.FULL}], indirect=True)
async def test_a_fully_paid_invoice_offers_none(chat: Chat, paykeeper: FakePayKeeper) -> None:
    shown = await paid_card(chat, paykeeper)
    assert BUTTON not in captions(shown)
    await forge(chat, shown, InvoiceAction.RECEIPT_CONFIRMED)
    assert prints(paykeeper) == []
    assert await state(chat) is None


async def test_a_refunded_payment_gets_none(chat: Chat, paykeeper: FakePayKeeper) -> None:
    shown = await paid_card(chat, paykeeper)
    [payment] = paykeeper.payments.values()
    payment.update(status="refunded", refund_amount=payment["pay_amount"])  # in the cabinet
    answer = await confirm(chat, shown)
    assert "не нужен" in (answer.text or "")
    assert prints(paykeeper) == []


@pytest.mark.parametrize("keys_shown", [True, False])
async def test_a_lost_answer_is_settled_from_the_payments_receipts(
    chat: Chat, paykeeper: FakePayKeeper, keys_shown: bool
) -> None:
    paykeeper.fiscal.keys_shown = keys_shown
    shown = await paid_card(chat, paykeeper)
    paykeeper.fail_next(PRINT, "500-after")  # made, then the answer is lost
    answer = await confirm(chat, shown)
    assert "✅ Чек полного расчёта по счёту №1 пробит" in (answer.text or "")
    [printed] = paykeeper.fiscal.printed
    assert printed.id in (answer.text or "")
    assert await state(chat) is ReceiptState.DONE


async def test_an_unsettled_lost_answer_is_never_sent_again(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    paykeeper.fail_next(PRINT, "500")  # whether it was made, the bot cannot tell
    answer = await confirm(chat, shown)
    assert "мог быть пробит" in (answer.text or "")
    assert "Проверьте в кабинете PayKeeper" in (answer.text or "")
    assert await state(chat) is ReceiptState.UNCERTAIN

    again = await confirm(chat, await card(chat, MANAGER))
    assert "мог быть пробит" in (again.text or "")
    assert len(prints(paykeeper)) == 1
    assert paykeeper.fiscal.printed == []
    assert "проверьте в кабинете PayKeeper" in ((await card(chat, MANAGER)).text or "")


async def test_a_refusal_says_paykeepers_words_and_may_be_asked_again(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    shown = await paid_card(chat, paykeeper)
    paykeeper.fail_next(PRINT, "fail:Касса <ККТ> не отвечает")
    refused = await confirm(chat, shown)
    assert "не пробит: Касса <ККТ> не отвечает" in (refused.text or "")
    assert await state(chat) is ReceiptState.REFUSED

    done = await confirm(chat, await card(chat, MANAGER))
    assert "✅" in (done.text or "")
    first, second = prints(paykeeper)
    assert first["receipt_key"] != second["receipt_key"]
    assert len(paykeeper.fiscal.printed) == 1
