"""What a receipt carries: the payment type RECEIPT_PAYMENT_TYPE sets (full by default, as
PayKeeper; a prepayment with the included VAT rates, said on the summary), pre-2026 20% rates
mapped to 22% and said where they came in, XLSX percentage cells, clean line names and the
pkc format's escaping."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from bot.settings import Settings
from paykeeper.cart_wire import CART_MARK
from paykeeper.receipt_codes import CartFormat, PaymentType, TaxCode
from storage.catalogue import ServiceEntry, ServiceRepository
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, MANAGER, Chat

ADD = "➕ Добавить строку"


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """Receipts on; a test's ``indirect`` parameter changes more settings."""
    return settings.model_copy(update={"receipts": True, **getattr(request, "param", {})})


def prepaid(default_tax: TaxCode = TaxCode.VAT22) -> dict[str, object]:
    return {"receipt_payment_type": PaymentType.PREPAY, "default_tax": default_tax}


async def issue(chat: Chat, text: str) -> str:
    """The summary's text, then the invoice issued from it."""
    [summary] = await chat.say(MANAGER, text)
    shown = summary.text or ""
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    return shown


async def upload(chat: Chat, user: User, name: str, content: bytes) -> list[StoredMessage]:
    before = set(chat.telegram.messages)
    await chat.feed(chat.telegram.send_document(user, name, content, "application/octet-stream"))
    return [
        m
        for key, m in chat.telegram.messages.items()
        if key not in before and m.from_bot and m.chat_id == user.id
    ]


async def test_a_receipt_is_a_full_settlement_by_default(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    summary = await issue(chat, "/invoice 1500 payer@example.com Консультация")
    assert "предоплата" not in summary
    [invoice_id] = paykeeper.invoices
    [line] = paykeeper.receipts.carts[invoice_id]
    assert (line.payment_type, line.tax) == (PaymentType.FULL, TaxCode.VAT22)


@pytest.mark.parametrize(
    ("settings", "sent"),
    [
        (prepaid(TaxCode.VAT22), TaxCode.VAT122),
        (prepaid(TaxCode.VAT10), TaxCode.VAT110),
        (prepaid(TaxCode.VAT5), TaxCode.VAT105),
        (prepaid(TaxCode.VAT7), TaxCode.VAT107),
        (prepaid(TaxCode.VAT20), TaxCode.VAT122),
    ],
    indirect=["settings"],
)
async def test_a_prepayment_carries_the_included_rate_and_says_so(
    chat: Chat, paykeeper: FakePayKeeper, sent: TaxCode
) -> None:
    summary = await issue(chat, "/invoice 1500 payer@example.com Консультация")
    assert "Чек: предоплата, НДС по расчётной ставке" in summary
    [invoice_id] = paykeeper.invoices
    [line] = paykeeper.receipts.carts[invoice_id]
    assert (line.payment_type, line.tax) == (PaymentType.PREPAY, sent)


async def test_a_catalogue_service_at_20_percent_is_saved_and_sent_at_22(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [catalogue] = await chat.say(ADMIN, "/services")
    await chat.press_text(ADMIN, catalogue, "Добавить")
    [added] = await chat.say(ADMIN, "Аудит; 1000; 20%")
    assert "Ставка 20% действовала до 2026 года: в чек пойдёт 22%" in (added.text or "")
    await issue(chat, "/invoice 1000 payer@example.com Аудит")
    [invoice_id] = paykeeper.invoices
    [line] = paykeeper.receipts.carts[invoice_id]
    assert line.tax is TaxCode.VAT22


async def test_a_catalogue_import_says_how_many_rates_it_replaced(chat: Chat) -> None:
    [catalogue] = await chat.say(ADMIN, "/services")
    await chat.press_text(ADMIN, catalogue, "Загрузить")
    content = "Название;Цена;Ставка НДС\nАудит;1000;НДС 20%\nВыезд;500;10%\n".encode()
    [report] = await upload(chat, ADMIN, "services.csv", content)
    assert "Строк со ставкой НДС 20% (до 2026 года): 1. В чек пойдёт 22%." in (report.text or "")


async def test_an_added_line_of_a_20_percent_service_is_said_and_sent_at_22(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    # Stored before 2026, when 20% was the base rate.
    await ServiceRepository(chat.services.database).add(
        ServiceEntry(
            name="Выезд", price=Decimal(500), tax="vat20", item_type="service", payment_type="full"
        )
    )
    [summary] = await chat.say(MANAGER, "/invoice 1000 payer@example.com Консультация")
    await chat.press_text(MANAGER, summary, ADD)
    note, summary = await chat.say(MANAGER, "Выезд; 1")
    assert "Ставка 20% действовала до 2026 года: в чек пойдёт 22%" in (note.text or "")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice_id] = paykeeper.invoices
    taxes = [line.tax for line in paykeeper.receipts.carts[invoice_id]]
    assert taxes == [TaxCode.VAT22, TaxCode.VAT22]


def workbook_with_vat(rows: list[tuple[str, int, float]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Услуга", "Сумма", "Ставка НДС", "Почта"])
    for number, (service, amount, rate) in enumerate(rows, start=2):
        sheet.append([service, amount, rate, f"p{number}@example.com"])
        sheet.cell(row=number, column=3).number_format = "0%"  # Excel shows «22%»
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_xlsx_percentage_vat_cells_and_20_percent_rows_in_a_bulk_file(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    content = workbook_with_vat([("Аудит", 1000, 0.22), ("Выезд", 500, 0.2)])
    [summary] = await upload(chat, MANAGER, "orders.xlsx", content)
    text = summary.text or ""
    assert "Можно выставить: 2" in text
    assert "Строк со ставкой НДС 20% (до 2026 года): 1. В чек пойдёт 22%." in text
    after = len(chat.telegram.calls)
    await chat.press_text(MANAGER, summary, "ссылки")
    await chat.telegram.wait_for(
        "sendDocument",
        lambda call: "Результат" in str(call.params.get("caption", "")),
        after=after,
        timeout=30,
    )
    taxes = {cart[0].name: cart[0].tax for cart in paykeeper.receipts.carts.values()}
    assert taxes == {"Аудит": TaxCode.VAT22, "Выезд": TaxCode.VAT22}


async def test_invisible_characters_leave_an_added_line_s_name(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await chat.say(MANAGER, "/invoice 1000 payer@example.com Консультация")
    await chat.press_text(MANAGER, summary, ADD)
    [summary] = await chat.say(MANAGER, "\ufeffВыезд\u200b специалиста\u2060; 2; 250")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice_id] = paykeeper.invoices
    names = [line.name for line in paykeeper.receipts.carts[invoice_id]]
    assert names == ["Консультация", "Выезд специалиста"]


@pytest.mark.parametrize("settings", [{"paykeeper_cart_format": CartFormat.PKC}], indirect=True)
async def test_a_bar_in_a_name_is_escaped_in_the_pkc_format(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await issue(chat, "/invoice 1000 payer@example.com Аудит | консалтинг")
    [sent] = [r.form for r in paykeeper.requests if r.path == "/change/invoice/preview/"]
    service = sent["service_name"]
    assert service.startswith(CART_MARK)
    # PayKeeper reads the cart up to the next "|": only the two of the format may be there.
    assert service.count("|") == 2
    [invoice_id] = paykeeper.invoices
    [line] = paykeeper.receipts.carts[invoice_id]
    assert line.name == "Аудит | консалтинг"
