"""An invoice of several lines that waits for approval is issued with its lines (issue 12 with
issue 13): the cart PayKeeper gets after the approval is the one the manager's summary showed,
and a rejected one comes back to the manager with its lines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.settings import Settings
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage
from tests.support.chat import ADMIN, MANAGER, Chat


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"receipts": True, "approval_amount": Decimal(2000)})


async def held_with_two_lines(chat: Chat) -> StoredMessage:
    """The manager's summary of two lines, sent for a link and held; the admin's card."""
    [summary] = await chat.say(MANAGER, "/invoice 1500 payer@example.com Консультация")
    await chat.press_text(MANAGER, summary, "➕ Добавить строку")
    [summary] = await chat.say(MANAGER, "Выезд специалиста; 1; 1000")
    assert "Итого: 2\xa0500,00\xa0₽" in (summary.text or "")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [card] = [m for m in chat.telegram.chat_messages(ADMIN.id) if "одобрение" in (m.text or "")]
    return card


async def test_an_approved_invoice_keeps_the_lines_added_on_its_summary(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    card = await held_with_two_lines(chat)
    assert paykeeper.invoices == {}  # above APPROVAL_AMOUNT: it waits
    await chat.press_text(ADMIN, card, "Одобрить")

    [invoice] = paykeeper.invoices.values()
    assert invoice["pay_amount"] == "2500.00"
    lines = paykeeper.receipts.carts[invoice["id"]]
    assert [(line.name, line.total) for line in lines] == [
        ("Консультация", Decimal("1500.00")),
        ("Выезд специалиста", Decimal("1000.00")),
    ]


async def test_a_rejected_invoice_comes_back_with_its_lines(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    card = await held_with_two_lines(chat)
    await chat.press_text(ADMIN, card, "❌ Отклонить")
    summary = chat.telegram.chat_messages(MANAGER.id)[-1]
    assert "Выезд специалиста" in (summary.text or "")
    assert "Итого: 2\xa0500,00\xa0₽" in (summary.text or "")
    assert paykeeper.invoices == {}


async def test_the_card_lists_the_lines_and_the_threshold_it_was_asked_under(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    card = await held_with_two_lines(chat)
    text = (card.text or "").replace("\xa0", " ")
    assert "Нужно одобрение (больше 2 000,00 ₽)" in text
    assert "1. Консультация — 1 × 1 500,00 ₽ = 1 500,00 ₽" in text
    assert "2. Выезд специалиста — 1 × 1 000,00 ₽ = 1 000,00 ₽" in text
    assert "Итого: 2 500,00 ₽" in text

    # APPROVAL_AMOUNT changed meanwhile (a restart with another setting): the card, once
    # decided, still says the threshold the request was held under.
    chat.services.approvals.threshold = Decimal(5000)
    await chat.press_text(ADMIN, card, "❌ Отклонить")
    decided = (card.text or "").replace("\xa0", " ")
    assert "(больше 2 000,00 ₽)" in decided
    assert "Выезд специалиста" in decided
