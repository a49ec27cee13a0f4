"""Amounts on every path of the form: a line's price and quantity read like the form's amount,
MAX_AMOUNT kept whatever built the invoice, an amount typed over lines, and "repeat" with
its lines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.settings import Settings
from storage import InvoiceStatus
from storage.catalogue import ServiceEntry
from tests.dialogue.test_invoices import open_card
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.chat import MANAGER, Chat

ADD = "➕ Добавить строку"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"receipts": True, "max_amount": Decimal(1_000_000)})


async def summary_with_a_line_asked(chat: Chat) -> None:
    [summary] = await chat.say(MANAGER, "/invoice 1500 payer@example.com Консультация")
    await chat.press_text(MANAGER, summary, ADD)


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("Товар; 1; 1.500", "тысячи или рубли с копейками"),
        ("Товар; 1; 1500 00", "цифры разделены неправильно"),
        ("Товар; 1; 1e3", "Не понял сумму «1e3»"),
        ("Товар; 1; ١٥٠٠", "Не понял сумму"),
        ("Товар; 1; " + "9" * 30, "Сумма слишком большая"),
        ("Товар; 1e3; 100", "Не понял количество «1e3»"),
        ("Товар; ٣; 100", "Не понял количество"),
        ("Товар; 1,2345; 100", "больше трёх знаков"),
        ("Товар; 1000; 99999", "счёт был бы на 100\xa0000\xa0500,00\xa0₽"),
    ],
)
async def test_a_bad_line_is_explained_and_not_added(
    chat: Chat, paykeeper: FakePayKeeper, line: str, said: str
) -> None:
    await summary_with_a_line_asked(chat)
    answer, ask = await chat.say(MANAGER, line)
    assert said in (answer.text or "")
    assert "Название; количество; цена" in (ask.text or "")
    [summary] = await chat.say(MANAGER, "Выезд; 2; 250")
    assert "Итого: 2\xa0000,00\xa0₽" in (summary.text or "")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice] = paykeeper.invoices.values()
    assert invoice["pay_amount"] == "2000.00"


async def test_a_catalogue_price_above_the_limit_is_refused_before_anything_is_logged(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    # Priced before MAX_AMOUNT was lowered: the catalogue holds it, the issuer refuses it.
    await chat.services.catalogue.repository.add(
        ServiceEntry("Проект", Decimal("2000000.00"), "vat22", "service", "prepay")
    )
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, "-")  # the amount: the service's price
    await chat.say(MANAGER, "payer@example.com")
    await chat.say(MANAGER, "-")
    [question] = await chat.say(MANAGER, "-")
    [summary] = await chat.press_text(MANAGER, question, "Проект")
    refused, again = await chat.press_text(MANAGER, summary, "Получить ссылку")
    assert "Сумма слишком большая" in (refused.text or "")
    assert "1\xa0000\xa0000,00\xa0₽" in (refused.text or "")
    assert "ничего не отправлено" in (refused.text or "")
    assert "Проект" in (again.text or "")  # the answers stay, to change the amount
    assert paykeeper.invoices == {}
    assert await chat.services.invoices.list_by_status(*InvoiceStatus) == []


async def test_an_amount_typed_over_lines_drops_them_with_a_notice(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await summary_with_a_line_asked(chat)
    [summary] = await chat.say(MANAGER, "Выезд; 2; 250")
    assert "Итого: 2\xa0000,00\xa0₽" in (summary.text or "")
    await chat.press_text(MANAGER, summary, "Изменить")
    edited = chat.telegram.message(MANAGER.id, summary.message_id)
    await chat.press_text(MANAGER, edited, "Сумма")
    notice, summary = await chat.say(MANAGER, "2000,01")
    assert "строки чека убраны" in (notice.text or "")
    assert "Строки чека" not in (summary.text or "")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice] = paykeeper.invoices.values()
    assert invoice["pay_amount"] == "2000.01"
    [line] = paykeeper.receipts.carts[invoice["id"]]
    assert (line.name, line.total) == ("Консультация", Decimal("2000.01"))


async def test_repeat_keeps_the_invoices_lines(chat: Chat, paykeeper: FakePayKeeper) -> None:
    await summary_with_a_line_asked(chat)
    [summary] = await chat.say(MANAGER, "Выезд; 3; 33,33")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [first] = await chat.services.invoices.list_by_status(*InvoiceStatus)

    card = await open_card(chat, MANAGER, first)
    _, summary = await chat.press_text(MANAGER, card, "Повторить")
    text = summary.text or ""
    assert "2. Выезд — 3 × 33,33\xa0₽ = 99,99\xa0₽" in text
    assert "Итого: 1\xa0599,99\xa0₽" in text
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    second = next(i for i in paykeeper.invoices.values() if i["orderid"] != first.order_id)
    assert second["pay_amount"] == "1599.99"
    lines = paykeeper.receipts.carts[second["id"]]
    assert [(line.name, line.quantity, line.total) for line in lines] == [
        ("Консультация", Decimal(1), Decimal("1500.00")),
        ("Выезд", Decimal(3), Decimal("99.99")),
    ]
