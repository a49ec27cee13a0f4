"""The service catalogue (issue 13): /services as admins keep it, and the form's service step
offering its services (the price filling a skipped amount, the VAT reaching the receipt)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from bot.keyboards.catalogue import ServiceAction, ServiceCallback
from bot.services import catalogue
from bot.services.bulk.file_reader import read_table
from bot.services.workbook import write_workbook
from bot.settings import Settings
from paykeeper.receipt_codes import TaxCode
from tests.corpus.xlsx_writer import workbook
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, MANAGER, Chat


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"receipts": True})


async def add(chat: Chat, line: str) -> list[StoredMessage]:
    [catalogue] = await chat.say(ADMIN, "/services")
    [ask] = await chat.press_text(ADMIN, catalogue, "Добавить")
    assert "Название; цена; НДС" in (ask.text or "")
    return await chat.say(ADMIN, line)


async def upload(chat: Chat, user: User, name: str, content: bytes) -> list[StoredMessage]:
    before = set(chat.telegram.messages)
    await chat.feed(chat.telegram.send_document(user, name, content, "text/csv"))
    return [
        m
        for key, m in chat.telegram.messages.items()
        if key not in before and m.from_bot and m.chat_id == user.id
    ]


async def test_admin_adds_edits_and_archives_a_service(chat: Chat) -> None:
    [done] = await add(chat, "Консультация; 1 500; 10%; service")
    assert "«Консультация» добавлена" in (done.text or "")
    [catalogue] = await chat.say(ADMIN, "/services")
    assert "Консультация — 1\xa0500,00\xa0₽, vat10" in (catalogue.text or "")

    [card] = await chat.press_text(ADMIN, catalogue, "Консультация")
    assert "Предмет расчёта: service" in (card.text or "")
    assert "Способ расчёта: full" in (card.text or "")  # RECEIPT_PAYMENT_TYPE's default
    await chat.press_text(ADMIN, card, "Изменить")
    [edited] = await chat.say(ADMIN, "Консультация юриста; -; без НДС; service; full")
    assert "изменена" in (edited.text or "")
    [catalogue] = await chat.say(ADMIN, "/services")
    assert "Консультация юриста — без цены, none" in (catalogue.text or "")

    [card] = await chat.press_text(ADMIN, catalogue, "Консультация юриста")
    await chat.press_text(ADMIN, card, "В архив")
    assert "в архиве" in (chat.telegram.message(ADMIN.id, card.message_id).text or "")
    [catalogue] = await chat.say(ADMIN, "/services")
    assert "Консультация" not in (catalogue.text or "")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("; 1500", "нет названия"),
        ("А" * 129, "длиннее 128"),
        ("Аудит; сто", "Не понял сумму «сто»"),
        ("Аудит; 100; 18%", "не ставка НДС"),
        ("Аудит; 100; 22%; car", "нет такого значения"),
    ],
)
async def test_a_bad_line_is_explained_and_nothing_is_added(
    chat: Chat, line: str, said: str
) -> None:
    [answer] = await add(chat, line)
    assert said in (answer.text or "")
    assert await chat.services.catalogue.active() == []


async def test_a_duplicate_name_is_refused(chat: Chat) -> None:
    await add(chat, "Аудит; 100")
    [answer] = await add(chat, "Аудит; 200")
    assert "уже есть в каталоге" in (answer.text or "")


async def test_managers_neither_see_nor_change_the_catalogue(chat: Chat) -> None:
    [answer] = await chat.say(MANAGER, "/services")
    assert "ведут администраторы" in (answer.text or "")
    before = set(chat.telegram.messages)
    forged = ServiceCallback(action=ServiceAction.ADD).pack()
    await chat.feed(chat.telegram.press(MANAGER, answer, forged, strict=False))
    assert "администраторы" in chat.answers()[-1].get("text", "")
    assert set(chat.telegram.messages) == before


async def test_import_and_export(chat: Chat) -> None:
    csv = "Название;Цена;Ставка НДС\nАудит;2500;НДС 22%\nДоставка;;Без НДС\n;100;22%\n".encode()
    [catalogue] = await chat.say(ADMIN, "/services")
    await chat.press_text(ADMIN, catalogue, "Загрузить файл")
    [report] = await upload(chat, ADMIN, "services.csv", csv)
    assert "новых 2, обновлено 0, с ошибками 1" in (report.text or "")
    assert "строка 4: нет названия" in (report.text or "")

    [catalogue] = await chat.say(ADMIN, "/services")
    files = await chat.press_text(ADMIN, catalogue, "Выгрузить")
    names = [m.media["document"]["file_name"] for m in files]
    assert names == ["services.csv", "services.xlsx"]
    exported = chat.telegram.files[files[0].media["document"]["file_id"]].content.decode()
    assert "Аудит;2500.00;vat22;service;full" in exported
    assert "Доставка;;none;service;full" in exported


async def test_xlsx_import_and_export_run_off_the_event_loop(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl's work (and the XLSX guard's) is done on a worker thread: the bot keeps
    answering everyone else meanwhile."""
    on_loop: dict[str, bool] = {}

    def watched(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                asyncio.get_running_loop()
                on_loop[name] = True
            except RuntimeError:
                on_loop[name] = False
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(catalogue, "read_table", watched("import", read_table))
    monkeypatch.setattr(catalogue, "write_workbook", watched("export", write_workbook))
    content = workbook([["Название", "Цена"], ["Аудит", 2500]])
    [listing] = await chat.say(ADMIN, "/services")
    await chat.press_text(ADMIN, listing, "Загрузить файл")
    [report] = await upload(chat, ADMIN, "services.xlsx", content)
    assert "новых 1, обновлено 0, с ошибками 0" in (report.text or "")
    [listing] = await chat.say(ADMIN, "/services")
    files = await chat.press_text(ADMIN, listing, "Выгрузить")
    xlsx = chat.telegram.files[files[1].media["document"]["file_id"]].content
    assert xlsx.startswith(b"PK")
    assert on_loop == {"import": False, "export": False}


async def test_the_form_offers_the_service_and_takes_its_price_and_vat(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await add(chat, "Консультация; 1500; 10%")
    started = await chat.say(MANAGER, "/invoice")
    assert any("цены услуги в каталоге" in (m.text or "") for m in started)
    await chat.say(MANAGER, "-")  # the amount: from the service
    await chat.say(MANAGER, "payer@example.com")
    await chat.say(MANAGER, "-")
    [question] = await chat.say(MANAGER, "-")
    assert "Консультация" in [b["text"] for b in question.buttons]
    [summary] = await chat.press_text(MANAGER, question, "Консультация")
    assert "1\xa0500,00\xa0₽" in (summary.text or "")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice_id] = paykeeper.invoices
    [line] = paykeeper.receipts.carts[invoice_id]
    assert (line.name, line.total, line.tax) == ("Консультация", Decimal("1500.00"), TaxCode.VAT10)


async def test_a_skipped_amount_is_asked_when_the_service_has_no_price(chat: Chat) -> None:
    await add(chat, "Консультация; 1500")
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, "-")
    await chat.say(MANAGER, "payer@example.com")
    await chat.say(MANAGER, "-")
    await chat.say(MANAGER, "-")
    asked = await chat.say(MANAGER, "Что-то другое")
    assert "нет цены в каталоге" in (asked[0].text or "")
    refused = await chat.say(MANAGER, "-")  # no second skip
    assert refused
    [summary] = await chat.say(MANAGER, "700")
    assert "700,00" in (summary.text or "")
    assert "Что-то другое" in (summary.text or "")
