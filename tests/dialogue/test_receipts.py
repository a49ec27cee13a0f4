"""Fiscal receipts (issue 13): with RECEIPTS on, the invoice carries a cart PayKeeper can make
a receipt from, in the configured format, and the form asks for a contact to send it to."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.settings import Settings
from paykeeper.cart_wire import CART_MARK
from paykeeper.receipt_codes import CartFormat, TaxCode
from storage.carts import CartRepository
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.chat import MANAGER, Chat


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"receipts": True, "paykeeper_cart_format": CartFormat.PKC})


def previews(paykeeper: FakePayKeeper) -> list[dict[str, str]]:
    return [r.form for r in paykeeper.requests if r.path == "/change/invoice/preview/"]


async def test_one_line_invoice_carries_a_one_line_cart(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await chat.say(MANAGER, "/invoice 1500,50 payer@example.com Аудит отчётности")
    await chat.press_text(MANAGER, summary, "Получить ссылку")

    [invoice_id] = paykeeper.invoices
    assert f"/bill/{invoice_id}/" in (chat.last(MANAGER).text or "")
    [sent] = previews(paykeeper)
    assert sent["service_name"].startswith(CART_MARK)
    [line] = paykeeper.receipts.carts[invoice_id]
    assert (line.name, line.total, line.tax) == (
        "Аудит отчётности",
        Decimal("1500.50"),
        TaxCode.VAT22,
    )
    stored = await CartRepository(chat.services.database).lines(1)
    assert [(s.name, s.total, s.tax) for s in stored] == [
        ("Аудит отчётности", Decimal("1500.50"), "vat22")
    ]


async def test_no_contact_means_no_cart(chat: Chat, paykeeper: FakePayKeeper) -> None:
    [summary] = await chat.say(MANAGER, "/invoice 700 Аудит")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [sent] = previews(paykeeper)
    assert sent["service_name"] == "Аудит"
    assert paykeeper.receipts.carts == {}


async def test_the_form_asks_for_a_phone_when_the_email_is_skipped(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, "1500")
    told, phone_question = await chat.say(MANAGER, "-")
    assert "Для чека нужен e-mail или телефон" in (told.text or "")
    refused = await chat.say(MANAGER, "-")
    assert "Для чека нужен e-mail или телефон" in (refused[0].text or "")
    await chat.press_text(MANAGER, phone_question, "Пропустить")
    [alert] = chat.answers()[-1:]
    assert "Для чека нужен" in alert.get("text", "")
    await chat.say(MANAGER, "8 910 123-45-67")
    await chat.say(MANAGER, "-")
    [summary] = await chat.say(MANAGER, "Консультация")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice_id] = paykeeper.invoices
    [line] = paykeeper.receipts.carts[invoice_id]
    assert line.name == "Консультация"
    assert previews(paykeeper)[0]["client_phone"] == "+79101234567"
