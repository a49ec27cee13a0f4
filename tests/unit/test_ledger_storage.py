"""The ledger on a real SQLite file: recording, reading, and an upgraded database's money."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from storage import Database
from storage.database import migrations
from storage.ledger import LedgerRepository, Movement, MovementKind, NewMovement, Source
from storage.refund_book import Gate, RefundBook, RefundRecord

_T0 = "2026-03-01T09:00:00+00:00"


def _at_version_9(path: Path) -> None:
    """A database as the previous version left it."""
    with closing(sqlite3.connect(path)) as db:
        for version, sql in migrations():
            if version > 9:
                break
            db.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")


def _invoice(db: sqlite3.Connection, order: str, amount: str, **fields: str | None) -> int:
    values = {
        "order_id": order,
        "manager_id": 42,
        "manager_name": "Иван",
        "amount": amount,
        "service_name": "Аудит",
        "delivery": "link",
        "status": "paid",
        "created_at": _T0,
        "updated_at": _T0,
        **fields,
    }
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    sql = f"INSERT INTO invoices ({names}) VALUES ({marks})"  # noqa: S608 - names are ours
    cursor = db.execute(sql, tuple(values.values()))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _request(db: sqlite3.Connection, invoice_id: int, kind: str, key: str, **fields: str) -> None:
    db.execute(
        """INSERT INTO money_requests (invoice_id, kind, request_key, payment_id, amount, partial,
               state, actor_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 7, ?, ?)""",
        (
            invoice_id,
            kind,
            key,
            fields.get("payment_id"),
            fields["amount"],
            int(fields.get("partial", "0")),
            fields["state"],
            fields["at"],
            fields["at"],
        ),
    )


def _rows(movements: list[Movement]) -> list[tuple[int, str, str, str, str | None, str, str]]:
    return [
        (
            m.invoice_id,
            m.kind.value,
            f"{m.amount:.2f}",
            m.paykeeper_id,
            m.payment_id,
            m.moved_at.isoformat(),
            m.source,
        )
        for m in movements
    ]


async def test_an_upgraded_database_shows_the_same_money_in_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _at_version_9(path)
    with closing(sqlite3.connect(path)) as db, db:
        # Paid by card (the notification told), refunded in part by the bot.
        card = _invoice(db, "o1", "1500.00", payment_id="301", paid_at="2026-03-01T12:00:00+03:00")
        db.execute(
            "INSERT INTO invoice_events (invoice_id, kind, detail, created_at)"
            " VALUES (?, 'paid', 'notification, payment 301', ?)",
            (card, _T0),
        )
        _request(
            db,
            card,
            "refund",
            "r1",
            payment_id="301",
            amount="500.00",
            partial="1",
            state="done",
            at="2026-03-02T10:00:00+00:00",
        )
        # A refund PayKeeper refused and one whose answer was lost: no money moved (yet).
        _request(
            db,
            card,
            "refund",
            "r2",
            payment_id="301",
            amount="100.00",
            partial="1",
            state="refused",
            at="2026-03-02T11:00:00+00:00",
        )
        # Paid twice: the second payment was logged as an event.
        twice = _invoice(db, "o2", "700.00", payment_id="302", paid_at="2026-03-03T10:00:00+00:00")
        db.execute(
            "INSERT INTO invoice_events (invoice_id, kind, detail, created_at)"
            " VALUES (?, 'paid_again', '303', '2026-03-04T10:00:00.123456+00:00')",
            (twice,),
        )
        # Paid in cash (PayKeeper gave the cash payment an id).
        cash = _invoice(db, "o3", "900.00", payment_id="304", paid_at="2026-03-05T10:00:00+00:00")
        _request(
            db, cash, "cash", "c1", amount="900.00", state="done", at="2026-03-05T10:00:01+00:00"
        )
        # Not paid: no money.
        _invoice(db, "o4", "100.00", status="sent")

    database = await Database.open(path)
    try:
        ledger = LedgerRepository(database)
        everything = await ledger.between(
            datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
        )
        assert _rows(everything) == [
            (
                card,
                "payment",
                "1500.00",
                "301",
                "301",
                "2026-03-01T09:00:00+00:00",
                "notification",
            ),
            (card, "refund", "500.00", "bot-r1", "301", "2026-03-02T10:00:00+00:00", "bot"),
            (
                twice,
                "payment",
                "700.00",
                "302",
                "302",
                "2026-03-03T10:00:00+00:00",
                "reconciliation",
            ),
            (
                twice,
                "payment",
                "700.00",
                "303",
                "303",
                "2026-03-04T10:00:00+00:00",
                "notification",
            ),
            (cash, "cash", "900.00", "304", "304", "2026-03-05T10:00:00+00:00", "bot"),
        ]
        assert [m.kind for m in await ledger.for_invoice(twice)] == [MovementKind.PAYMENT] * 2
    finally:
        await database.close()


@pytest.fixture
async def ledger(tmp_path: Path) -> AsyncIterator[tuple[LedgerRepository, int]]:
    database = await Database.open(tmp_path / "ledger.db")
    with closing(sqlite3.connect(tmp_path / "ledger.db")) as db, db:
        invoice_id = _invoice(db, "o1", "1500.00", payment_id="301")
    yield LedgerRepository(database), invoice_id
    await database.close()


async def test_recording_the_same_movement_twice_changes_nothing(
    ledger: tuple[LedgerRepository, int],
) -> None:
    repo, invoice_id = ledger
    moved = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    payment = NewMovement(
        invoice_id, MovementKind.PAYMENT, Decimal("1500"), "301", moved, Source.NOTIFICATION
    )
    assert await repo.record(payment) is True
    assert await repo.record(payment) is False
    (row,) = await repo.for_invoice(invoice_id)
    assert (row.amount, row.payment_id, row.moved_at) == (Decimal("1500.00"), "301", moved)


async def test_between_is_half_open_and_in_time_order(
    ledger: tuple[LedgerRepository, int],
) -> None:
    repo, invoice_id = ledger
    for day, pk_id in ((3, "r-3"), (1, "r-1"), (2, "r-2")):
        await repo.record(
            NewMovement(
                invoice_id,
                MovementKind.REFUND,
                Decimal("10"),
                pk_id,
                datetime(2026, 3, day, tzinfo=UTC),
                Source.CABINET,
                payment_id="301",
            )
        )
    found = await repo.between(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 3, tzinfo=UTC))
    assert [m.paykeeper_id for m in found] == ["r-1", "r-2"]


async def _paid(repo: LedgerRepository, invoice_id: int) -> None:
    await repo.record(
        NewMovement(
            invoice_id,
            MovementKind.PAYMENT,
            Decimal("1500"),
            "301",
            datetime(2026, 3, 1, tzinfo=UTC),
            Source.NOTIFICATION,
        )
    )


async def test_a_partial_and_a_full_refund_at_once_never_book_more_than_was_paid(
    ledger: tuple[LedgerRepository, int],
) -> None:
    repo, invoice_id = ledger
    await _paid(repo, invoice_id)
    book = RefundBook(repo.database)
    part = await book.propose(invoice_id, "301", Decimal("500"), 7)
    whole = await book.propose(invoice_id, "301", Decimal("1500"), 8)
    confirmations = [await book.confirmation(key) for key in (part, whole)]
    opened = await asyncio.gather(
        *(book.open(c, c.actor_id) for c in confirmations if c is not None)
    )
    assert sorted(o.gate for o in opened) == sorted([Gate.FRESH, Gate.PENDING])


async def test_a_confirmation_for_a_payment_of_another_invoice_or_too_much_is_refused(
    ledger: tuple[LedgerRepository, int],
) -> None:
    repo, invoice_id = ledger
    await _paid(repo, invoice_id)
    book = RefundBook(repo.database)
    for payment, amount, gate in (
        ("999", Decimal("10"), Gate.NOT_RECORDED),
        ("301", Decimal("-5"), Gate.TOO_MUCH),
        ("301", Decimal("1500.01"), Gate.TOO_MUCH),
    ):
        confirmation = await book.confirmation(await book.propose(invoice_id, payment, amount, 7))
        assert confirmation is not None
        assert (await book.open(confirmation, 7)).gate is gate


async def test_refund_records_settle_the_bots_request_and_reveal_the_cabinets(
    ledger: tuple[LedgerRepository, int],
) -> None:
    repo, invoice_id = ledger
    await _paid(repo, invoice_id)
    book = RefundBook(repo.database)
    key = await book.propose(invoice_id, "301", Decimal("500"), 7)
    confirmation = await book.confirmation(key)
    assert confirmation is not None
    opened = await book.open(confirmation, 7)
    assert opened.request is not None
    moved = datetime(2026, 3, 2, tzinfo=UTC)
    records = [
        RefundRecord("r1", Decimal("500"), made=True, in_progress=True, moved_at=moved),
        RefundRecord("r2", Decimal("200"), made=True, in_progress=False, moved_at=moved),
        RefundRecord("r3", Decimal("800"), made=False, in_progress=False, moved_at=moved),
    ]
    booked = await book.book(invoice_id, "301", records)
    assert [r.id for r in booked.settled] == [opened.request.id]
    assert [(m.paykeeper_id, m.source) for m in booked.learned] == [("r2", "cabinet")]
    again = await book.book(invoice_id, "301", records)  # read again: nothing new
    assert (again.settled, again.learned) == ([], [])
    refunds = [m for m in await repo.for_invoice(invoice_id) if m.kind is MovementKind.REFUND]
    assert sorted((m.paykeeper_id, m.amount, m.in_progress) for m in refunds) == [
        ("r1", Decimal("500.00"), True),
        ("r2", Decimal("200.00"), False),
    ]
