"""Several lines in one invoice (issue 13): "add a line" on the summary, each line with its
VAT and the total shown, the total issued as the amount and the lines as the cart."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.settings import Settings
from paykeeper.receipt_codes import TaxCode
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.chat import ADMIN, MANAGER, Chat

ADD = "➕ Добавить строку"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"receipts": True})


async def test_a_line_from_the_catalogue_joins_the_invoice(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [catalogue] = await chat.say(ADMIN, "/services")
    await chat.press_text(ADMIN, catalogue, "Добавить")
    await chat.say(ADMIN, "Выезд специалиста; 1000; 10%; service")

    [summary] = await chat.say(MANAGER, "/invoice 1500 payer@example.com Консультация")
    [ask] = await chat.press_text(MANAGER, summary, ADD)
    assert "Название; количество; цена" in (ask.text or "")
    [bad] = (await chat.say(MANAGER, "Выезд специалиста; два"))[:1]
    assert "Не понял количество «два»" in (bad.text or "")
    [summary] = await chat.say(MANAGER, "Выезд специалиста; 2")
    text = summary.text or ""
    assert "1. Консультация — 1 × 1\xa0500,00\xa0₽ = 1\xa0500,00\xa0₽, vat22" in text
    assert "2. Выезд специалиста — 2 × 1\xa0000,00\xa0₽ = 2\xa0000,00\xa0₽, vat10" in text
    assert "Итого: 3\xa0500,00\xa0₽" in text

    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice] = paykeeper.invoices.values()
    assert invoice["pay_amount"] == "3500.00"
    lines = paykeeper.receipts.carts[invoice["id"]]
    assert [(line.name, line.quantity, line.total, line.tax) for line in lines] == [
        ("Консультация", Decimal(1), Decimal("1500.00"), TaxCode.VAT22),
        ("Выезд специалиста", Decimal(2), Decimal("2000.00"), TaxCode.VAT10),
    ]


async def test_kopecks_of_fractional_lines_add_up(chat: Chat, paykeeper: FakePayKeeper) -> None:
    [summary] = await chat.say(MANAGER, "/invoice 100 payer@example.com Доставка")
    await chat.press_text(MANAGER, summary, ADD)
    [summary] = await chat.say(MANAGER, "Упаковка; 3; 33,33")
    assert "Итого: 199,99\xa0₽" in (summary.text or "")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice] = paykeeper.invoices.values()
    assert invoice["pay_amount"] == "199.99"
    assert sum(line.total for line in paykeeper.receipts.carts[invoice["id"]]) == Decimal("199.99")


async def test_an_old_summary_takes_no_line(chat: Chat) -> None:
    [old] = await chat.say(MANAGER, "/invoice 100 payer@example.com Доставка")
    await chat.say(MANAGER, "/invoice 200 payer@example.com Доставка")
    await chat.press_text(MANAGER, old, ADD)
    assert "Эта сводка устарела" in chat.answers()[-1].get("text", "")


async def test_back_from_editing_keeps_add_a_line(chat: Chat) -> None:
    [summary] = await chat.say(MANAGER, "/invoice 100 payer@example.com Доставка")
    await chat.press_text(MANAGER, summary, "Изменить")
    await chat.press_text(MANAGER, chat.telegram.message(MANAGER.id, summary.message_id), "Назад")
    back = chat.telegram.message(MANAGER.id, summary.message_id)
    assert ADD in [button["text"] for button in back.buttons]
