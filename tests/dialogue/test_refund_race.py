"""Two admins confirming refunds of one payment at the same moment, through the real
Dispatcher and the PayKeeper stand-in: one refund is sent, the other admin is told, and the
ledger never books more than was paid.

PayKeeper's answers are held until both presses have asked it something, so neither press can
finish before the other starts. Every wait has a ceiling and the held answers are always let
go: a held answer never released keeps the stand-in's handlers (and the test) waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal

import pytest

from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.settings import Settings
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, MANAGER, Chat

OTHER_ADMIN = User(id=1004, first_name="Ольга", language_code="ru")
DONE = "✅ Возвращено"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # A bot that waits for PayKeeper longer than the test holds its answers.
    return settings.model_copy(
        update={
            "receipts": True,
            "paykeeper_timeout": 60.0,
            "admin_ids": frozenset({ADMIN.id, OTHER_ADMIN.id}),
        }
    )


async def until(condition: Callable[[], bool]) -> None:
    """Wait for what the stand-in records (it has no event for it), with a ceiling."""
    async with asyncio.timeout(60):
        while not condition():  # noqa: ASYNC110 - the stand-in has no event for it
            await asyncio.sleep(0.01)


async def choice(chat: Chat, user: User) -> StoredMessage:
    """``user`` opens the paid invoice's card and presses "Refund"."""
    [message] = await chat.say(user, "/help")
    opening = InvoiceCallback(action=InvoiceAction.OPEN, id=1).pack()
    await chat.feed(chat.telegram.press(user, message, opening, strict=False))
    card = chat.last(user)
    [shown] = await chat.press_text(user, card, "↩️ Возврат")
    return shown


async def paid(chat: Chat, paykeeper: FakePayKeeper) -> str:
    [summary] = await chat.say(MANAGER, "/invoice 1500 payer@example.com Аудит")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice_id] = paykeeper.invoices
    payment = paykeeper.mark_paid(invoice_id)
    invoice = await chat.services.invoices.get(1)
    assert invoice is not None
    await chat.services.tracker.refresh(invoice)
    return payment["id"]


async def test_two_admins_refunding_at_once_send_one_refund_and_the_other_is_told(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    payment_id = await paid(chat, paykeeper)
    # One admin asks for all of it, the other for a part, each up to the last button.
    full = await choice(chat, ADMIN)
    await chat.press_text(ADMIN, full, "Вернуть всё")
    full = chat.telegram.message(ADMIN.id, full.message_id)
    part = await choice(chat, OTHER_ADMIN)
    await chat.press_text(OTHER_ADMIN, part, "Вернуть часть")
    [part] = await chat.say(OTHER_ADMIN, "500")

    paykeeper.held = asyncio.Event()
    asked = len(paykeeper.requests)
    presses = [
        asyncio.create_task(chat.press_text(ADMIN, full, "Да, вернуть")),
        asyncio.create_task(chat.press_text(OTHER_ADMIN, part, "Да, вернуть")),
    ]
    try:
        # Both presses are with PayKeeper, neither answered yet.
        await until(lambda: len(paykeeper.requests) >= asked + 2)
    finally:
        paykeeper.held.set()
        _, pending = await asyncio.wait(presses, timeout=120)
        for press in pending:
            press.cancel()
    assert not pending, "a press did not finish"
    for press in presses:
        press.result()  # an exception in a handler fails the test here

    reverses = [r for r in paykeeper.requests if r.path == "/change/payment/reverse/"]
    assert len(reverses) == 1  # exactly one refund reached PayKeeper, refused or not
    [refund] = paykeeper.receipts.refunds
    assert refund.payment_id == payment_id
    results = {
        user.first_name: chat.telegram.message(user.id, message.message_id).text or ""
        for user, message in ((ADMIN, full), (OTHER_ADMIN, part))
    }
    assert sum(DONE in text for text in results.values()) == 1, results
    told = next(text for text in results.values() if DONE not in text)
    # Told why nothing was sent: the other refund is under way, or nothing (enough) is left.
    reasons = ("новый возврат не отправлен", "уже всё возвращено", "Столько не вернуть")
    assert any(reason in told for reason in reasons), results
    invoice = await chat.services.invoices.get(1)
    assert invoice is not None
    [booked] = (await chat.services.ledger.money(invoice)).payments
    assert booked.refunded == refund.amount
    assert booked.refunded <= booked.paid == Decimal("1500.00")
