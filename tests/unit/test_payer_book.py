"""The payer book: every logged invoice remembers its payer, merged by e-mail or phone; the
migration backfills the book from invoices logged before it; search, visibility, correction
and forgetting."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.drafts import InvoiceDraft, reminder_days
from storage import Database, Delivery, InvoiceRepository, InvoiceStatus, NewInvoice
from storage.database import migrations
from storage.payers import Payer, PayerEmailTakenError, PayerRepository

ALICE, BOB = 1001, 1002


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "invoices.db")
    yield opened
    await opened.close()


_COUNT = iter(range(1, 10_000))


async def log(
    database: Database,
    *,
    email: str | None = None,
    phone: str | None = None,
    name: str | None = None,
    manager: int = ALICE,
    amount: str = "100",
) -> int | None:
    """Log an invoice and return its payer's id."""
    invoice = await InvoiceRepository(database).create(
        NewInvoice(
            order_id=f"tg-{next(_COUNT)}",
            manager_id=manager,
            manager_name="M",
            amount=Decimal(amount),
            service_name="S",
            delivery=Delivery.LINK,
            client_email=email,
            client_phone=phone,
            client_name=name,
        )
    )
    async with database.connection.execute(
        "SELECT payer_id FROM invoices WHERE id = ?", (invoice.id,)
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return None if row[0] is None else int(row[0])


async def test_the_same_email_in_any_case_is_one_payer_with_the_newest_details(
    database: Database,
) -> None:
    first = await log(database, email="Ivan@Alpha.ru", name="Альфа")
    second = await log(database, email="ivan@alpha.ru", phone="+79101234567")
    assert first is not None
    assert first == second
    payer = await PayerRepository(database).get(first, manager_id=None)
    assert payer is not None
    assert (payer.email, payer.phone, payer.client_name) == (
        "Ivan@Alpha.ru",
        "+79101234567",
        "Альфа",  # an invoice without a name does not erase the one the book has
    )


async def test_a_phone_joins_a_payer_only_where_emails_do_not_contradict(
    database: Database,
) -> None:
    by_phone = await log(database, phone="+79101234567", name="Бета")
    # The phone-only payer gains an e-mail...
    with_email = await log(database, email="beta@beta.ru", phone="+79101234567")
    assert with_email == by_phone
    # ...an invoice with only the phone finds them again...
    assert await log(database, phone="+79101234567") == by_phone
    # ...but a colleague with their own e-mail and the office phone is someone else.
    colleague = await log(database, email="gamma@beta.ru", phone="+79101234567")
    assert colleague is not None
    assert colleague != by_phone


async def test_no_contact_no_payer(database: Database) -> None:
    assert await log(database, name="Только имя") is None
    assert await PayerRepository(database).find("", manager_id=None, limit=10) == []


async def test_search_by_name_email_or_phone_any_case_and_yo(database: Database) -> None:
    alpha = await log(database, email="a@alpha.ru", name="ООО Альфа", manager=ALICE)
    beta = await log(database, email="b@beta.ru", name="Фёдор Бетов", manager=BOB)
    book = PayerRepository(database)

    def ids(found: list[Payer]) -> list[int]:
        return [payer.id for payer in found]

    assert ids(await book.find("альфа", manager_id=None, limit=10)) == [alpha]
    assert ids(await book.find("федор", manager_id=None, limit=10)) == [beta]
    assert ids(await book.find("BETA.RU", manager_id=None, limit=10)) == [beta]
    assert ids(await book.find("%", manager_id=None, limit=10)) == []  # no wildcard
    # The most recently billed first; a manager sees only the payers they billed.
    assert ids(await book.find("", manager_id=None, limit=10)) == [beta, alpha]
    assert ids(await book.find("", manager_id=ALICE, limit=10)) == [alpha]
    assert alpha is not None
    assert beta is not None
    assert await book.get(beta, manager_id=ALICE) is None
    assert await book.get(beta, manager_id=BOB) is not None


async def test_totals_say_what_was_paid_and_what_is_open(database: Database) -> None:
    payer = await log(database, email="a@alpha.ru", amount="100")
    await log(database, email="a@alpha.ru", amount="250.50")
    await log(database, email="a@alpha.ru", amount="7", manager=BOB)
    await database.connection.execute(
        "UPDATE invoices SET status = ? WHERE amount = '100.00'", (InvoiceStatus.PAID.value,)
    )
    await database.connection.execute(
        "UPDATE invoices SET status = ? WHERE amount <> '100.00'", (InvoiceStatus.SENT.value,)
    )
    assert payer is not None
    everyone = await PayerRepository(database).totals(payer, manager_id=None)
    assert (everyone.invoices, everyone.paid, everyone.open) == (3, Decimal(100), Decimal("257.5"))
    alice = await PayerRepository(database).totals(payer, manager_id=ALICE)
    assert (alice.invoices, alice.paid, alice.open) == (2, Decimal(100), Decimal("250.5"))


async def test_a_correction_changes_the_book_not_the_invoices(database: Database) -> None:
    payer = await log(database, email="a@alpha.ru", name="Альфа")
    other = await log(database, email="b@beta.ru")
    assert payer is not None
    assert other is not None
    book = PayerRepository(database)
    corrected = await book.correct(
        payer, email="new@alpha.ru", phone="+79101234567", client_name="ООО Альфа"
    )
    assert corrected is not None
    assert corrected.email == "new@alpha.ru"
    with pytest.raises(PayerEmailTakenError):
        await book.correct(payer, email="B@beta.ru", phone=None, client_name=None)
    async with database.connection.execute("SELECT client_email FROM invoices") as cursor:
        assert [row[0] for row in await cursor.fetchall()] == ["a@alpha.ru", "b@beta.ru"]
    # The next invoice to the corrected address joins the corrected payer.
    assert await log(database, email="new@alpha.ru") == payer


async def test_a_forgotten_payer_is_no_longer_offered_and_invoices_keep_their_contacts(
    database: Database,
) -> None:
    payer = await log(database, email="a@alpha.ru", name="Альфа")
    assert payer is not None
    book = PayerRepository(database)
    assert await book.forget(payer)
    assert not await book.forget(payer)
    assert await book.find("альфа", manager_id=None, limit=10) == []
    async with database.connection.execute(
        "SELECT client_email, client_name, payer_id FROM invoices"
    ) as cursor:
        assert [tuple(row) for row in await cursor.fetchall()] == [("a@alpha.ru", "Альфа", None)]


def _old_database(path: Path) -> None:
    """A database as the bot before the payer book left it, with invoices in it."""
    with sqlite3.connect(path) as db:
        for number, sql in migrations():
            if number >= 13:
                break
            db.executescript(sql)
            db.execute(f"PRAGMA user_version = {number}")
        rows = [
            ("o1", "Ivan@alpha.ru", None, "Альфа"),
            ("o2", "ivan@alpha.ru", "+79101234567", None),
            ("o3", None, "+79990001122", "Гамма"),
            ("o4", None, "+79990001122", None),
            ("o5", None, "+79101234567", None),  # the phone an e-mail payer has
            ("o6", None, None, "Никто"),
        ]
        for order_id, email, phone, name in rows:
            db.execute(
                """INSERT INTO invoices (order_id, manager_id, manager_name, amount,
                       client_email, client_phone, client_name, service_name, delivery,
                       status, created_at, updated_at)
                   VALUES (?, 1, 'M', '1.00', ?, ?, ?, 'S', 'link', 'sent', 't', 't')""",
                (order_id, email, phone, name),
            )


async def test_the_migration_fills_the_book_from_earlier_invoices(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path)
    database = await Database.open(path)
    try:
        async with database.connection.execute(
            "SELECT order_id, payer_id FROM invoices ORDER BY order_id"
        ) as cursor:
            links = {row[0]: row[1] for row in await cursor.fetchall()}
        book = PayerRepository(database)
        alpha = await book.get(links["o1"], manager_id=None)
        gamma = await book.get(links["o3"], manager_id=None)
    finally:
        await database.close()
    assert links["o1"] == links["o2"] == links["o5"]
    assert links["o3"] == links["o4"] != links["o1"]
    assert links["o6"] is None
    assert alpha is not None
    assert gamma is not None
    assert (alpha.email, alpha.phone, alpha.client_name) == (
        "ivan@alpha.ru",
        "+79101234567",
        "Альфа",
    )
    assert (gamma.email, gamma.phone, gamma.client_name) == (None, "+79990001122", "Гамма")


@pytest.mark.parametrize(
    ("email", "last_day", "chosen", "default", "expected"),
    [
        ("a@b.ru", date(2026, 12, 31), None, 3, 3),  # the setting
        ("a@b.ru", date(2026, 12, 31), None, None, None),  # the setting is off
        ("a@b.ru", date(2026, 12, 31), 0, 3, None),  # turned off on the summary
        ("a@b.ru", date(2026, 12, 31), 5, None, 5),  # turned on on the summary
        (None, date(2026, 12, 31), 5, 3, None),  # nowhere to send it
        ("a@b.ru", None, 5, 3, None),  # no last day to count from
    ],
)
def test_reminder_days(
    email: str | None,
    last_day: date | None,
    chosen: int | None,
    default: int | None,
    expected: int | None,
) -> None:
    draft = InvoiceDraft(Decimal(1), email=email, last_day=last_day, remind_days=chosen)
    assert reminder_days(draft, default) == expected
    assert InvoiceDraft.from_data(draft.to_data()) == draft  # kept in the form's data as is
