"""Invisible characters in what managers type, and searches that find only what they say."""

from __future__ import annotations

import sqlite3
import unicodedata
from contextlib import closing
from decimal import Decimal

from bot.drafts import InvoiceDraft
from bot.services.issue_outcomes import Manager
from storage import Delivery, InvoiceRecord
from tests.dialogue.test_inline import ask, ids
from tests.dialogue.test_invoices import amounts, requests
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.chat import MANAGER, Chat

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
ZWSP, BOM, LRM = "\u200b", "\ufeff", "\u200e"
PREVIEW = "/change/invoice/preview/"


def has_format_characters(text: str) -> bool:
    return any(unicodedata.category(c) == "Cf" for c in text)


def invoice_rows(chat: Chat) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(chat.services.settings.database_path)) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM invoices ORDER BY id").fetchall()


async def test_the_form_stores_and_sends_what_the_manager_sees(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, f"1500{ZWSP}")
    await chat.say(MANAGER, f"{BOM}ivan{ZWSP}@example.com")
    await chat.say(MANAGER, f"{LRI}+7 910 123-45-67{PDI}")
    await chat.say(MANAGER, f"{LRM}-")
    # Shows as "Консультация txt.exe" wherever the override is honoured.
    [summary] = await chat.say(MANAGER, f"Консультация {RLO}exe.txt{PDF}{ZWSP}")
    assert "Консультация exe.txt" in (summary.text or "")
    assert not has_format_characters(summary.text or "")
    await chat.press_text(MANAGER, summary, "Получить ссылку")

    [preview] = requests(paykeeper, PREVIEW)
    assert preview["service_name"] == "Консультация exe.txt"
    assert preview["client_email"] == "ivan@example.com"
    assert preview["client_phone"] == "+79101234567"
    [row] = invoice_rows(chat)
    assert row["service_name"] == "Консультация exe.txt"
    assert row["client_email"] == "ivan@example.com"


async def test_the_one_line_command_too(chat: Chat, paykeeper: FakePayKeeper) -> None:
    [summary] = await chat.say(
        MANAGER, f"/invoice 2500 {RLO}Аудит{PDF} {ZWSP} olga@{BOM}example.org"
    )
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [preview] = requests(paykeeper, PREVIEW)
    assert preview["service_name"] == "Аудит"
    assert preview["client_email"] == "olga@example.org"
    assert invoice_rows(chat)[0]["service_name"] == "Аудит"


async def issue(chat: Chat, order_id: str, amount: str, service: str) -> InvoiceRecord:
    outcome = await chat.services.issuer.issue(
        InvoiceDraft(amount=Decimal(amount), service=service),
        order_id=order_id,
        manager=Manager(MANAGER.id, MANAGER.first_name),
        delivery=Delivery.LINK,
    )
    return outcome.invoice


async def test_a_letter_finds_only_invoices_that_contain_it(chat: Chat) -> None:
    # Order ids as the form makes them; every one has an "a", a "b" and a "c" in it.
    first = await issue(chat, f"tg{MANAGER.id}-abc0abc0ab", "100", "услуга A")
    second = await issue(chat, f"tg{MANAGER.id}-bca0bca0bc", "200", "услуга B")
    third = await issue(chat, f"tg{MANAGER.id}-cab0cab0ca", "300", "Консультация")

    async def listed(query: str) -> list[str]:
        [listing] = await chat.say(MANAGER, f"/invoices {query}")
        return amounts(listing)

    async def offered(query: str) -> list[str]:
        """Invoices offered for sharing (a number may come with a hint on creating one)."""
        return [i for i in ids(await ask(chat, MANAGER, query)) if i.startswith("inv:")]

    assert await listed("b") == ["200,00"]
    assert await listed("услуга B") == ["200,00"]
    assert await listed("A") == ["100,00"]
    assert await listed("c") == []  # Latin c is only in the ids
    assert await listed(third.order_id.upper()) == ["300,00"]
    # Nothing visible is no search at all: the plain list, not a "search" matching everything.
    [plain] = await chat.say(MANAGER, f"/invoices {ZWSP}")
    assert amounts(plain) == ["300,00", "200,00", "100,00"]
    assert "Поиск: «" not in (plain.text or "")

    assert await offered("b") == [f"inv:{second.id}"]
    assert await offered("услуга a") == [f"inv:{first.id}"]
    assert await offered("c") == []
    assert await offered(f"{ZWSP}{BOM}") == []
    assert await offered(first.order_id) == [f"inv:{first.id}"]
    assert first.paykeeper_id is not None
    assert await offered(first.paykeeper_id) == [f"inv:{first.id}"]


async def test_a_search_is_echoed_back_without_its_invisible_characters(chat: Chat) -> None:
    await issue(chat, f"tg{MANAGER.id}-0000000001", "200", "услуга B")
    [listing] = await chat.say(MANAGER, f"/invoices услуга {RLO}B{PDF}")
    assert "услуга B" in (listing.text or "")
    assert not has_format_characters(listing.text or "")
    assert amounts(listing) == ["200,00"]
