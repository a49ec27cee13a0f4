"""The invoice log on a real SQLite file."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from storage import (
    Database,
    Delivery,
    DuplicateOrderError,
    EventKind,
    InvoiceRepository,
    InvoiceStatus,
    NewInvoice,
)
from storage.carts import StoredLine, lines_writer
from storage.database import migrations
from storage.form_state import FormStateRepository
from storage.invoices import failed_at_once


def new(order_id: str = "tg1-abc", **changes: object) -> NewInvoice:
    values: dict[str, object] = {
        "order_id": order_id,
        "manager_id": 42,
        "manager_name": "Иван <Петров>",
        "amount": Decimal("1500.5"),
        "service_name": "Аудит & консалтинг",
        "delivery": Delivery.EMAIL,
        "client_email": "ivan@example.com",
        "client_phone": "+79101234567",
        "client_name": "ООО «Ромашка»",
        "last_day": date(2026, 12, 31),
    }
    values.update(changes)
    return NewInvoice(**values)  # type: ignore[arg-type]


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    db = await Database.open(tmp_path / "nested" / "dir" / "invoices.db")
    yield db
    await db.close()


@pytest.fixture
def repo(database: Database) -> InvoiceRepository:
    return InvoiceRepository(database)


async def test_open_creates_folders_uses_wal_and_applies_every_migration(
    tmp_path: Path, database: Database
) -> None:
    assert (tmp_path / "nested" / "dir" / "invoices.db").exists()
    async with database.connection.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"  # type: ignore[index]
    assert await database.schema_version() == migrations()[-1][0]


async def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "invoices.db"
    first = await Database.open(path)
    await InvoiceRepository(first).create(new())
    await first.close()
    second = await Database.open(path)
    assert await second.schema_version() == migrations()[-1][0]
    assert await InvoiceRepository(second).get_by_order("tg1-abc") is not None
    await second.close()


async def test_a_failing_migration_leaves_nothing_half_applied(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER)")  # clashes with migration 1
    raw.close()
    with pytest.raises(sqlite3.OperationalError):
        await Database.open(path)
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 0
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert "invoice_events" not in tables


async def test_create_logs_a_requested_row_with_exact_amount(
    repo: InvoiceRepository, tmp_path: Path
) -> None:
    invoice = await repo.create(new())
    assert invoice.status is InvoiceStatus.REQUESTED
    assert invoice.amount == Decimal("1500.50")
    assert invoice.last_day == date(2026, 12, 31)
    assert invoice.manager_name == "Иван <Петров>"
    assert invoice.paykeeper_id is None
    assert invoice.created_at.tzinfo is not None
    with closing(sqlite3.connect(tmp_path / "nested" / "dir" / "invoices.db")) as raw:
        assert raw.execute("SELECT amount FROM invoices").fetchone()[0] == "1500.50"
    [event] = await repo.events(invoice.id)
    assert (event.kind, event.actor_id, event.detail) == ("requested", 42, "email")


async def test_the_same_order_id_cannot_be_logged_twice(repo: InvoiceRepository) -> None:
    await repo.create(new("tg1-same"))
    with pytest.raises(DuplicateOrderError):
        await repo.create(new("tg1-same", amount=Decimal(1)))
    assert len(await repo.list_by_status(InvoiceStatus.REQUESTED)) == 1


async def test_concurrent_creates_of_one_order_make_one_row(repo: InvoiceRepository) -> None:
    results = await asyncio.gather(
        *(repo.create(new("tg1-race")) for _ in range(10)), return_exceptions=True
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, DuplicateOrderError) for r in results if isinstance(r, Exception))


async def test_update_changes_fields_and_records_the_event(repo: InvoiceRepository) -> None:
    invoice = await repo.create(new())
    updated = await repo.update(
        invoice.id,
        status=InvoiceStatus.CREATED,
        paykeeper_id="20261129120000123",
        invoice_url="https://pk.example/bill/20261129120000123/",
        event=EventKind.CREATED,
        detail="20261129120000123",
    )
    assert updated is not None
    assert updated.status is InvoiceStatus.CREATED
    assert updated.paykeeper_id == "20261129120000123"
    assert updated.updated_at >= invoice.updated_at
    assert [e.kind for e in await repo.events(invoice.id)] == ["requested", "created"]


async def test_conditional_update_applies_once(repo: InvoiceRepository) -> None:
    invoice = await repo.create(new())
    allowed = (InvoiceStatus.REQUESTED, InvoiceStatus.CREATED)
    results = await asyncio.gather(
        *(
            repo.update(
                invoice.id, status=InvoiceStatus.PAID, event=EventKind.PAID, only_from=allowed
            )
            for _ in range(5)
        )
    )
    assert sum(result is not None for result in results) == 1
    assert [e.kind for e in await repo.events(invoice.id)].count("paid") == 1


async def test_update_refuses_unknown_columns(repo: InvoiceRepository) -> None:
    invoice = await repo.create(new())
    with pytest.raises(ValueError, match="not updatable"):
        await repo.update(invoice.id, manager_id="1")


async def test_what_belongs_with_a_new_invoice_lands_with_it_or_not_at_all(
    database: Database, repo: InvoiceRepository
) -> None:
    line = StoredLine("Аудит", Decimal("5.00"), Decimal(1), Decimal("5.00"), "vat22", "", "")

    def broken(db: sqlite3.Connection, invoice_id: int) -> None:
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError):
        await repo.create(new("tg1-both"), alongside=[lines_writer([line]), broken])
    assert await repo.get_by_order("tg1-both") is None  # neither the log nor its cart
    async with database.connection.execute("SELECT count(*) FROM invoice_lines") as cursor:
        assert [tuple(row) for row in await cursor.fetchall()] == [(0,)]

    made = await repo.create(new("tg1-refused"), alongside=[failed_at_once("over the limit")])
    assert (made.status, made.error) == (InvoiceStatus.FAILED, "over the limit")
    assert [event.kind for event in await repo.events(made.id)] == ["requested", "failed"]


async def test_a_failed_write_is_rolled_back(database: Database, repo: InvoiceRepository) -> None:
    invoice = await repo.create(new())

    def fail_halfway(db: sqlite3.Connection) -> None:
        db.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", (invoice.id,))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await database.transaction(fail_halfway)
    assert (await repo.get(invoice.id)).status is InvoiceStatus.REQUESTED  # type: ignore[union-attr]


# --- Who may read the file ------------------------------------------------------------------


@pytest.fixture(params=[0o000, 0o022], ids=["umask-000", "umask-022"])
def permissive_umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


@pytest.fixture
def their_folder(tmp_path: Path, permissive_umask: int) -> Path:
    """A folder the bot did not make, with a mode somebody chose."""
    tmp_path.chmod(0o751)
    return tmp_path


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def database_files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


def leftover_database(path: Path) -> sqlite3.Connection:
    """A world-readable database left by an earlier version, open, with its WAL beside it."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("CREATE TABLE leftover (x)")
    raw.execute("INSERT INTO leftover VALUES (1)")
    raw.commit()
    for file in database_files(path):
        file.chmod(0o666)
    return raw


async def test_a_new_database_is_readable_by_the_bot_only(their_folder: Path) -> None:
    path = their_folder / "data" / "bot" / "invoices.db"
    database = await Database.open(path)
    try:
        await InvoiceRepository(database).create(new())
        assert [mode(file) for file in database_files(path)] == ["0o600"] * 3
        assert mode(their_folder / "data") == "0o700"
        assert mode(their_folder / "data" / "bot") == "0o700"
        assert mode(their_folder) == "0o751"  # not the bot's to decide
    finally:
        await database.close()


async def test_existing_files_are_tightened_but_not_their_folder(their_folder: Path) -> None:
    path = their_folder / "invoices.db"
    with closing(leftover_database(path)):
        database = await Database.open(path)
    try:
        await InvoiceRepository(database).create(new())
        assert [mode(file) for file in database_files(path)] == ["0o600"] * 3
        assert mode(their_folder) == "0o751"
    finally:
        await database.close()


async def test_a_database_in_the_working_folder(
    their_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(their_folder)
    database = await Database.open("invoices.db")
    try:
        await InvoiceRepository(database).create(new())
        assert [mode(file) for file in database_files(their_folder / "invoices.db")] == [
            "0o600"
        ] * 3
        assert mode(their_folder) == "0o751"
    finally:
        await database.close()


async def test_many_transactions_at_once_each_land_whole(database: Database) -> None:
    await database.execute_write("CREATE TABLE t (x INTEGER, y INTEGER)")

    def pair(n: int) -> Callable[[sqlite3.Connection], int]:
        def insert(db: sqlite3.Connection) -> int:
            db.execute("INSERT INTO t VALUES (?, 0)", (n,))
            db.execute("INSERT INTO t VALUES (?, 1)", (n,))
            return n

        return insert

    assert await asyncio.gather(*(database.transaction(pair(n)) for n in range(64))) == list(
        range(64)
    )
    async with database.connection.execute(
        "SELECT x, COUNT(*) FROM t GROUP BY x HAVING COUNT(*) = 2"
    ) as cursor:
        assert len(await cursor.fetchall()) == 64


async def test_an_in_memory_database_works() -> None:
    database = await Database.open(":memory:")
    try:
        created = await InvoiceRepository(database).create(new())
        assert await InvoiceRepository(database).get(created.id) == created
    finally:
        await database.close()
    await database.close()  # a second close is harmless


async def test_a_form_survives_a_restart_and_a_finished_one_leaves_no_row(
    tmp_path: Path,
) -> None:
    path = tmp_path / "invoices.db"
    database = await Database.open(path)
    states = FormStateRepository(database)
    assert await states.get("1:2:2") == (None, "{}")
    await states.set_state("1:2:2", "InvoiceForm:email")
    await states.set_data("1:2:2", '{"amount": "1500"}')
    await states.set_state("1:3:3", "InvoiceForm:amount")
    await database.close()

    database = await Database.open(path)  # a restart: nothing remembered but the file
    try:
        states = FormStateRepository(database)
        assert await states.get("1:2:2") == ("InvoiceForm:email", '{"amount": "1500"}')
        await states.set_state("1:2:2", None)  # what aiogram's clear() does
        await states.set_data("1:2:2", "{}")
        assert await states.get("1:2:2") == (None, "{}")
        with closing(sqlite3.connect(path)) as db:
            keys = [row[0] for row in db.execute("SELECT key FROM form_state")]
        assert keys == ["1:3:3"]
    finally:
        await database.close()


async def test_form_state_read_once_is_not_read_again(database: Database) -> None:
    """aiogram reads the state before every update: after the first read, from memory."""
    states = FormStateRepository(database)
    await states.set_state("1:2:2", "InvoiceForm:email")
    statements: list[str] = []
    database.connection.sqlite.set_trace_callback(statements.append)
    try:
        for _ in range(3):
            assert await states.get("1:2:2") == ("InvoiceForm:email", "{}")
        await states.set_data("1:2:2", '{"a": 1}')
    finally:
        database.connection.sqlite.set_trace_callback(None)
    assert not any(s.lstrip().upper().startswith("SELECT") for s in statements)
    assert sum("form_state" in s for s in statements) == 1  # the one write


async def test_clearing_a_form_is_one_transaction(tmp_path: Path) -> None:
    """aiogram's clear() sets the state to None, then the data to {}: one write, no row left."""
    path = tmp_path / "invoices.db"
    database = await Database.open(path)
    try:
        states = FormStateRepository(database)
        await states.set_state("1:2:2", "InvoiceForm:email")
        await states.set_data("1:2:2", '{"amount": "1500"}')
        statements: list[str] = []
        database.connection.sqlite.set_trace_callback(statements.append)
        try:
            await states.set_state("1:2:2", None)
            await states.set_data("1:2:2", "{}")
            await states.flush()
        finally:
            database.connection.sqlite.set_trace_callback(None)
        assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("SELECT COUNT(*) FROM form_state").fetchone()[0] == 0
    finally:
        await database.close()


async def test_a_state_ended_alone_keeps_the_answers_and_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "invoices.db"
    database = await Database.open(path)
    states = FormStateRepository(database)
    await states.set_state("1:2:2", "InvoiceForm:email")
    await states.set_data("1:2:2", '{"amount": "1500"}')
    await states.set_state("1:2:2", None)
    assert await states.get("1:2:2") == (None, '{"amount": "1500"}')
    await states.flush()  # what the bot's shutdown does
    await database.close()

    database = await Database.open(path)
    try:
        assert await FormStateRepository(database).get("1:2:2") == (None, '{"amount": "1500"}')
    finally:
        await database.close()


def test_migrations_are_numbered_one_after_another() -> None:
    # A database at version N skips every file numbered N or less: a number left out and
    # filled in later would never run on databases already past it.
    versions = [version for version, _ in migrations()]
    assert versions == list(range(1, len(versions) + 1))
