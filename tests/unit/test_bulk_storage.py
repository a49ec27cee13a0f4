"""Bulk runs in SQLite, and the one-round-trip transactions the invoice log now writes with."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
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
from storage.bulk import BulkRepository, NewRow, NewRun, RowDone, RowOutcome, RunStatus


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "invoices.db")
    yield database
    await database.close()


def invoice(order_id: str) -> NewInvoice:
    return NewInvoice(
        order_id=order_id,
        manager_id=7,
        manager_name="Иван",
        amount=Decimal("1500.5"),
        service_name="Аудит",
        delivery=Delivery.LINK,
    )


def run(**changes: object) -> NewRun:
    values: dict[str, object] = {
        "manager_id": 7,
        "manager_name": "Иван",
        "chat_id": 7,
        "lang": "ru",
        "file_name": "заказы.csv",
        "file_hash": "ab" * 32,
        "format": "csv",
        "encoding": "cp1251",
        "delimiter": ";",
        "header": ["Заказ", "Сумма"],
    }
    values.update(changes)
    return NewRun(**values)  # type: ignore[arg-type]


async def test_a_transaction_commits_everything_or_nothing(database: Database) -> None:
    def both(db: sqlite3.Connection) -> int:
        db.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        db.execute("INSERT INTO t VALUES (1)")
        return 42

    assert await database.transaction(both) == 42

    def half(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO t VALUES (2)")
        db.execute("INSERT INTO t VALUES (1)")  # breaks the UNIQUE constraint

    with pytest.raises(sqlite3.IntegrityError):
        await database.transaction(half)
    async with database.connection.execute("SELECT x FROM t") as cursor:
        assert [row[0] for row in await cursor.fetchall()] == [1]
    assert not database.connection.in_transaction
    await database.execute_write("INSERT INTO t VALUES (3)")  # the connection is usable again


async def test_the_invoice_log_writes_are_unchanged(database: Database) -> None:
    invoices = InvoiceRepository(database)
    created = await invoices.create(invoice("bo7-A"))
    assert (created.order_id, created.status, created.amount) == (
        "bo7-A",
        InvoiceStatus.REQUESTED,
        Decimal("1500.50"),
    )
    assert created == await invoices.get(created.id)
    with pytest.raises(DuplicateOrderError):
        await invoices.create(invoice("bo7-A"))

    updated = await invoices.update(
        created.id,
        status=InvoiceStatus.CREATED,
        paykeeper_id="20260310120000001",
        invoice_url="https://pk/bill/20260310120000001/",
        event=EventKind.CREATED,
        detail="20260310120000001",
    )
    assert updated == await invoices.get(created.id)
    assert updated is not None
    assert updated.status is InvoiceStatus.CREATED
    # A conditional change that does not apply changes nothing and records nothing.
    assert (
        await invoices.update(
            created.id,
            status=InvoiceStatus.PAID,
            event=EventKind.PAID,
            only_from=(InvoiceStatus.SENT,),
        )
        is None
    )
    events = [event.kind for event in await invoices.events(created.id)]
    assert events == ["requested", "created"]


async def test_a_run_and_its_rows(database: Database) -> None:
    invoices = InvoiceRepository(database)
    runs = BulkRepository(database)
    earlier = await invoices.create(invoice("bo7-B"))
    run_id = await runs.create_run(
        run(),
        [
            NewRow(2, ["A", "1500,50"], order_id="bo7-A", draft={"amount": "1500.50"}),
            NewRow(
                3,
                ["B", 200],
                order_id="bo7-B",
                draft={"amount": "200.00"},
                invoice_id=earlier.id,
                outcome=RowOutcome.EXISTING,
            ),  # issued by an earlier upload
            NewRow(4, ["C", "abc"], problem="«Сумма»: не понял сумму"),
        ],
    )
    stored = await runs.get(run_id)
    assert stored is not None
    assert (stored.status, stored.header, stored.delivery) == (
        RunStatus.DRAFT,
        ["Заказ", "Сумма"],
        None,
    )
    assert [row.order_id for row in await runs.pending(run_id)] == ["bo7-A"]
    counts = await runs.counts(run_id)
    assert (counts.rows, counts.valid, counts.done) == (3, 2, 1)

    assert not await runs.start(run_id, 8, Delivery.EMAIL)  # not their file
    assert await runs.start(run_id, 7, Delivery.EMAIL)
    assert not await runs.start(run_id, 7, Delivery.LINK)  # starts once
    assert not await runs.cancel(run_id, 7)

    made = await invoices.create(invoice("bo7-A"))
    await runs.record(run_id, [RowDone(2, RowOutcome.ISSUED, made.id)])
    assert await runs.pending(run_id) == []
    results = await runs.results(run_id)
    assert [(r.row_number, r.outcome, r.status, r.problem) for r in results] == [
        (2, RowOutcome.ISSUED, InvoiceStatus.REQUESTED, None),
        (3, RowOutcome.EXISTING, InvoiceStatus.REQUESTED, None),
        (4, None, None, "«Сумма»: не понял сумму"),
    ]
    assert results[1].cells == ["B", 200]  # numbers stay numbers for the XLSX result

    assert await runs.finish(run_id)
    assert not await runs.finish(run_id)
    assert [r.id for r in await runs.with_status(RunStatus.FINISHED)] == [run_id]


async def test_known_orders_beyond_one_query(database: Database) -> None:
    invoices = InvoiceRepository(database)
    for n in range(0, 1200, 100):
        await invoices.create(invoice(f"o{n}"))
    known = await BulkRepository(database).known_orders([f"o{n}" for n in range(1200)])
    assert sorted(known, key=lambda order: int(order[1:])) == [
        f"o{n}" for n in range(0, 1200, 100)
    ]


async def test_old_drafts_are_forgotten(database: Database) -> None:
    runs = BulkRepository(database)
    draft = await runs.create_run(run(), [NewRow(2, ["A", "1"], order_id="x", draft={})])
    started = await runs.create_run(run(), [])
    assert await runs.start(started, 7, Delivery.LINK)
    assert await runs.forget_unstarted(datetime.now(UTC) - timedelta(days=7)) == 0
    assert await runs.forget_unstarted(datetime.now(UTC) + timedelta(seconds=1)) == 1
    assert await runs.get(draft) is None
    assert await runs.pending(draft) == []
    assert await runs.get(started) is not None
