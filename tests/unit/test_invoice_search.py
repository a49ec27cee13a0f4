"""Lists and search on a real SQLite file; drafts and saved searches behind inline buttons."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.invoice_actions import same_term
from bot.services.invoice_lists import search_terms
from storage import (
    Database,
    Delivery,
    InvoiceRecord,
    InvoiceRepository,
    InvoiceStatus,
    NewInvoice,
)
from storage.database import migrations
from storage.inline_drafts import InlineDraft, InlineDraftRepository
from storage.invoice_filter import InvoiceFilter, SearchTerm, fold, index_form, where_clause
from storage.invoices import utcnow
from storage.people import PeopleRepository
from storage.saved_searches import SearchRepository


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    db = await Database.open(tmp_path / "invoices.db")
    yield db
    await db.close()


@pytest.fixture
def repo(database: Database) -> InvoiceRepository:
    return InvoiceRepository(database)


async def add(
    repo: InvoiceRepository,
    order_id: str,
    *,
    manager_id: int = 1,
    amount: str = "100",
    status: InvoiceStatus | None = None,
    **fields: str,
) -> int:
    values: dict[str, object] = {
        "order_id": order_id,
        "manager_id": manager_id,
        "manager_name": f"Manager {manager_id}",
        "amount": Decimal(amount),
        "service_name": "Консультация",
        "delivery": Delivery.LINK,
    }
    values.update(fields)
    invoice = await repo.create(NewInvoice(**values))  # type: ignore[arg-type]
    if status is not None:
        url = f"https://pk.example/bill/{invoice.id}/" if status.is_open else None
        await repo.update(invoice.id, status=status, invoice_url=url)
    return invoice.id


async def orders(repo: InvoiceRepository, query: InvoiceFilter, **paging: int) -> list[str]:
    found = await repo.find(query, limit=paging.get("limit", 100), offset=paging.get("offset", 0))
    return [invoice.order_id for invoice in found]


def words(text: str) -> tuple[SearchTerm, ...]:
    return search_terms(text)


async def test_newest_first_scoped_to_a_manager_and_paged(repo: InvoiceRepository) -> None:
    for n in range(5):
        await add(repo, f"mine-{n}")
    await add(repo, "theirs", manager_id=2)
    mine = InvoiceFilter(manager_id=1)
    assert await orders(repo, mine) == [f"mine-{n}" for n in range(4, -1, -1)]
    assert await orders(repo, mine, limit=2, offset=2) == ["mine-2", "mine-1"]
    assert await repo.count(mine) == 5
    assert await repo.count(InvoiceFilter()) == 6
    assert "theirs" in await orders(repo, InvoiceFilter())


async def test_statuses_and_link(repo: InvoiceRepository) -> None:
    await add(repo, "created", status=InvoiceStatus.CREATED)
    await add(repo, "paid", status=InvoiceStatus.PAID)
    await add(repo, "requested")
    await add(repo, "sent", status=InvoiceStatus.SENT)
    unpaid = InvoiceFilter(statuses=(InvoiceStatus.CREATED, InvoiceStatus.SENT))
    assert await orders(repo, unpaid) == ["sent", "created"]
    payable = InvoiceFilter(with_link=True)
    assert await orders(repo, payable) == ["sent", "created"]
    assert await repo.count(InvoiceFilter(statuses=(InvoiceStatus.PAID,))) == 1


async def test_search_is_case_insensitive_for_cyrillic_and_every_word_must_match(
    repo: InvoiceRepository,
) -> None:
    await add(repo, "a", client_name="Алёна Петрова", service_name="Аудит & консалтинг")
    await add(repo, "b", client_email="Olga@Example.org", client_phone="+79101234567")
    await add(repo, "c", amount="1500.50", service_name="Ремонт")

    async def search(text: str) -> list[str]:
        return await orders(repo, InvoiceFilter(terms=words(text)))

    assert await search("АЛЕНА") == ["a"]  # ё and е are one letter to a searcher
    assert await search("алёна аудит") == ["a"]
    assert await search("алёна olga") == []
    assert await search("& консалт") == ["a"]
    assert await search("olga@example") == ["b"]
    assert await search("910123") == ["b"]
    assert await search("1 500,50") == ["c"]
    assert await search("1500.5") == ["c"]
    assert await search("1500") == []  # an amount is matched exactly, not as a prefix
    assert await search("%") == []  # no LIKE wildcards
    assert await search("_") == []
    assert await search("") == ["c", "b", "a"]


async def test_manager_names_are_the_latest_each_issued_under(repo: InvoiceRepository) -> None:
    await add(repo, "a", manager_id=1)
    await add(repo, "b", manager_id=2, manager_name="Старое имя")
    await add(repo, "c", manager_id=2, manager_name="Новое имя")
    assert await repo.manager_names({1, 2, 3}) == {1: "Manager 1", 2: "Новое имя"}
    assert await repo.manager_names(set()) == {}


@given(st.text(max_size=60))
def test_any_search_text_is_only_data(text: str) -> None:
    """Whatever a user types, the SQL stays the same shape and runs."""
    connection = sqlite3.connect(":memory:")
    connection.create_function("fold", 1, fold, deterministic=True)
    for _, sql in migrations():
        connection.executescript(sql)
    terms = search_terms(text)
    where, params = where_clause(InvoiceFilter(manager_id=1, terms=terms))
    # The SQL depends only on whether a word has anything visible to look for,
    # and whether it is long enough for the trigram index.
    neutral = tuple(SearchTerm(_neutral(term.text), term.amount) for term in terms)
    assert where == where_clause(InvoiceFilter(manager_id=1, terms=neutral))[0]
    assert where.count("?") == len(params)
    connection.execute(f"SELECT COUNT(*) FROM invoices {where}", params).fetchone()  # noqa: S608
    connection.close()


def _neutral(text: str) -> str:
    if len(index_form(text)) >= 3 and "\x00" not in text:
        return "xxx"
    return "x" if fold(text) else ""


def test_search_terms() -> None:
    assert search_terms("  ") == ()
    assert search_terms("1 500,50") == (SearchTerm("1 500,50", Decimal("1500.50")),)
    assert search_terms("Иван 1500") == (
        SearchTerm("Иван", None),
        SearchTerm("1500", Decimal("1500.00")),
    )
    assert len(search_terms("a " * 50)) == 8


def test_a_repeat_keeps_the_time_to_pay() -> None:
    issued = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)  # 2 March in Moscow
    invoice = _record(created_at=issued, last_day=date(2026, 3, 9))
    today = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)
    assert same_term(invoice, today) == date(2026, 5, 17)
    assert same_term(replace(invoice, last_day=None), today) is None
    overdue = replace(invoice, last_day=date(2026, 3, 2))  # payable the day it was issued
    assert same_term(overdue, today) == date(2026, 5, 11)


def _record(**changes: object) -> InvoiceRecord:
    now = utcnow()
    values: dict[str, object] = {
        "id": 1,
        "order_id": "tg1-a",
        "manager_id": 1,
        "manager_name": "Иван",
        "amount": Decimal("100"),
        "service_name": "Услуга",
        "delivery": Delivery.LINK,
        "status": InvoiceStatus.CREATED,
        "client_email": None,
        "client_phone": None,
        "client_name": None,
        "last_day": None,
        "paykeeper_id": "1",
        "invoice_url": "https://pk.example/bill/1/",
        "error": None,
        "payment_id": None,
        "paid_at": None,
        "created_at": now,
        "updated_at": now,
    }
    values.update(changes)
    return InvoiceRecord(**values)  # type: ignore[arg-type]


# --- Drafts, saved searches, names --------------------------------------------------------


async def test_drafts_are_found_by_token_renewed_and_forgotten(database: Database) -> None:
    drafts = InlineDraftRepository(database)
    draft = InlineDraft("tok-1", 7, "tg7-aaa", {"amount": "1500.00", "service": "Я"}, utcnow())
    await drafts.add(draft)
    found = await drafts.get("tok-1")
    assert found == draft
    assert await drafts.get("tok-2") is None

    await drafts.renew_order("tok-1", "tg7-bbb")
    renewed = await drafts.get("tok-1")
    assert renewed is not None
    assert renewed.order_id == "tg7-bbb"

    old = InlineDraft("tok-old", 7, "tg7-old", {"amount": "1"}, utcnow() - timedelta(days=8))
    await drafts.add(old)
    assert await drafts.get("tok-old") is None  # too old to use
    await drafts.add(InlineDraft("tok-3", 7, "tg7-ccc", {"amount": "1"}, utcnow()))
    async with database.connection.execute("SELECT token FROM inline_drafts") as cursor:
        tokens = {row[0] for row in await cursor.fetchall()}
    assert tokens == {"tok-1", "tok-3"}  # adding one clears the expired ones


async def test_saved_searches_belong_to_their_user(database: Database) -> None:
    searches = SearchRepository(database)
    first = await searches.save(7, "консультация")
    second = await searches.save(8, "аудит")
    assert first != second
    assert await searches.text(first, 7) == "консультация"
    assert await searches.text(first, 8) is None
    assert await searches.text(999, 7) is None


async def test_people_keep_the_latest_name(database: Database) -> None:
    people = PeopleRepository(database)
    await people.remember(1, "Анна")
    await people.remember(1, "Анна")
    await people.remember(2, "John")
    await people.remember(1, "Анна Петрова")
    assert await people.names({1, 2, 3}) == {1: "Анна Петрова", 2: "John"}
    assert await people.names(set()) == {}


async def test_a_number_matches_an_id_only_whole(repo: InvoiceRepository) -> None:
    # PayKeeper's ids are timestamps: "2500" inside one is chance, not a match.
    by_chance = await add(repo, "tg1-a", amount="1500")
    await repo.update(by_chance, paykeeper_id="20261129152500123")
    await add(repo, "tg1-b", amount="2500")
    assert await orders(repo, InvoiceFilter(terms=words("2500"))) == ["tg1-b"]
    assert await orders(repo, InvoiceFilter(terms=words("20261129152500123"))) == ["tg1-a"]
    assert await orders(repo, InvoiceFilter(terms=words("tg1-"))) == []  # ids only whole


async def test_a_word_matches_an_id_only_whole(repo: InvoiceRepository) -> None:
    """A letter is never found inside a hex order id: "услуга B" used to find every invoice
    whose id had a "b" in it."""
    first = await add(repo, "tg1-0ab1ab2ab3", service_name="услуга A")
    await repo.update(first, paykeeper_id="20261129152500123")
    await add(repo, "tg1-0ba1ba2ba3", service_name="услуга B")
    await add(repo, "bf1-abcdef012345-1", service_name="Консультация")
    await add(repo, "bo1-B-17", service_name="Аудит")

    async def search(text: str) -> list[str]:
        return await orders(repo, InvoiceFilter(terms=words(text)))

    assert await search("b") == ["tg1-0ba1ba2ba3"]
    assert await search("услуга B") == ["tg1-0ba1ba2ba3"]
    assert await search("услуга a") == ["tg1-0ab1ab2ab3"]
    assert await search("услуга") == ["tg1-0ba1ba2ba3", "tg1-0ab1ab2ab3"]
    assert await search("c") == []  # only in ids
    assert await search("0ab1") == []
    assert await search("bf1-abcdef012345") == []
    assert await search("2026112915") == []
    # Whole ids, in any case, still find their invoice.
    assert await search("tg1-0ab1ab2ab3") == ["tg1-0ab1ab2ab3"]
    assert await search("TG1-0AB1AB2AB3") == ["tg1-0ab1ab2ab3"]
    assert await search("bf1-abcdef012345-1") == ["bf1-abcdef012345-1"]
    assert await search("BO1-b-17") == ["bo1-B-17"]
    assert await search("20261129152500123") == ["tg1-0ab1ab2ab3"]
    assert await search("20261129152500123 услуга") == ["tg1-0ab1ab2ab3"]


async def test_invisible_characters_neither_hide_nor_find_invoices(
    repo: InvoiceRepository,
) -> None:
    await add(repo, "tg1-1", service_name="услуга A")
    await add(repo, "tg1-2", service_name="услуга B")
    # Saved before input was cleaned of them: still found by what it shows.
    await add(repo, "tg1-3", service_name="Кон\u200bсуль\u202eтация", client_name="\ufeffИван")

    async def search(text: str) -> list[str]:
        return await orders(repo, InvoiceFilter(terms=words(text)))

    assert await search("\u200b") == []  # not every invoice
    assert await search("\u200b \u2060\u202e \ufeff") == []
    assert await search("услуга\u200b b\u202c") == ["tg1-2"]
    assert await search("\u2066b\u2069") == ["tg1-2"]
    assert await search("консультация иван") == ["tg1-3"]
    assert await search("tg1-\u200b1") == ["tg1-1"]
    assert await search("") == ["tg1-3", "tg1-2", "tg1-1"]
    assert search_terms("\u200b") == (SearchTerm(""),)
    assert search_terms("") == ()
