"""Bulk files with receipt lines (issue 13): «Кол-во», «Цена», «Ставка НДС» per row, and
several rows with one order number issued as one invoice with a line per row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.settings import Settings
from paykeeper.receipt_codes import TaxCode
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import MANAGER, Chat

FILE = (
    "Заказ;Услуга;Кол-во;Цена;Сумма;Ставка НДС;Почта\n"
    "A-1;Консультация;2;750;1500;22%;a@example.com\n"
    "A-1;Выезд специалиста;1;500;500;10/110;\n"
    "B-2;Аудит;;;1000;Без НДС;b@example.com\n"
    "C-3;Обучение;3;100;250;22%;c@example.com\n"
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"receipts": True})


async def upload(chat: Chat, user: User, content: bytes) -> list[StoredMessage]:
    before = set(chat.telegram.messages)
    await chat.feed(chat.telegram.send_document(user, "orders.csv", content, "text/csv"))
    return [
        m
        for key, m in chat.telegram.messages.items()
        if key not in before and m.from_bot and m.chat_id == user.id
    ]


async def test_rows_of_one_order_become_one_invoice_with_their_lines(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await upload(chat, MANAGER, FILE.encode())
    text = summary.text or ""
    assert "строка 3: «заказ»: строка счёта из строки 2 (тот же заказ)" in text
    assert "цена 100,00\xa0₽ × 3 не равна сумме 250,00\xa0₽" in text

    after = len(chat.telegram.calls)
    await chat.press_text(MANAGER, summary, "ссылки")
    await chat.telegram.wait_for(
        "sendDocument",
        lambda call: (
            str(call.params.get("chat_id")) == str(MANAGER.id)
            and "Результат" in str(call.params.get("caption", ""))
        ),
        after=after,
        timeout=30,
    )

    by_order = {invoice["orderid"]: invoice for invoice in paykeeper.invoices.values()}
    assert len(by_order) == 2  # A-1 and B-2; C-3's line does not add up
    joined = next(invoice for order, invoice in by_order.items() if "A-1" in order)
    assert joined["pay_amount"] == "2000.00"
    lines = paykeeper.receipts.carts[joined["id"]]
    assert [(line.name, line.quantity, line.price, line.tax) for line in lines] == [
        ("Консультация", Decimal(2), Decimal("750.00"), TaxCode.VAT22),
        ("Выезд специалиста", Decimal(1), Decimal("500.00"), TaxCode.VAT110),
    ]
    single = next(invoice for order, invoice in by_order.items() if "B-2" in order)
    [line] = paykeeper.receipts.carts[single["id"]]
    assert (line.name, line.total, line.tax) == ("Аудит", Decimal("1000.00"), TaxCode.NONE)
