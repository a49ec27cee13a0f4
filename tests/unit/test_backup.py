"""Backups of the real SQLite file: consistent while invoices are being written, kept N deep,
restored only when no bot holds the database; a database newer than the code is refused."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
import stat
from contextlib import closing
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from aiohttp import web

from bot.app import create_bot
from bot.bulk_wiring import bulk_service
from bot.services.background import BackgroundTasks
from bot.services.backups import NightlyBackups
from bot.services.bulk.tally import Tally
from bot.services.issue_outcomes import Manager
from bot.services.issuing import InvoiceIssuer
from bot.settings import Settings
from paykeeper import PayKeeperClient
from paykeeper.moscow import MSK
from storage import Database, Delivery, EventKind, InvoiceRepository, InvoiceStatus, NewInvoice
from storage.backup import (
    DatabaseLock,
    DatabaseLocked,
    backup_database,
    bot_is_running,
    nightly_copies,
    restore_database,
)
from storage.backup_check import BackupError, check_copy, checksum_path
from storage.bulk import BulkRepository, RowOutcome
from storage.database import NewerDatabaseError, migrations
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.bulk_samples import HEADER_RU, order_rows, to_csv

ROWS_BEFORE = 3000  # enough pages that the copy overlaps the writes


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


async def fill(database: Database, count: int) -> None:
    """``count`` created invoices with their events, in one transaction (fast)."""
    now = datetime.now(MSK).isoformat()

    def insert(db: sqlite3.Connection) -> None:
        for n in range(count):
            cursor = db.execute(
                """INSERT INTO invoices (order_id, manager_id, manager_name, amount,
                       service_name, delivery, status, created_at, updated_at)
                   VALUES (?, 2002, 'Иван', '100.00', 'Аудит', 'link', 'created', ?, ?)""",
                (f"seed-{n}", now, now),
            )
            db.execute(
                "INSERT INTO invoice_events (invoice_id, kind, created_at) VALUES (?, ?, ?)",
                (cursor.lastrowid, "created", now),
            )

    await database.transaction(insert)


async def test_a_backup_taken_while_invoices_are_written_has_every_committed_row(
    tmp_path: Path,
) -> None:
    database = await Database.open(tmp_path / "invoices.db")
    invoices = InvoiceRepository(database)
    await fill(database, ROWS_BEFORE)
    stop = asyncio.Event()
    under_way = asyncio.Event()
    written: list[str] = []  # order ids whose invoice and "created" event are committed

    async def write() -> None:
        for n in itertools.count():
            if stop.is_set():
                return
            invoice = await invoices.create(
                NewInvoice(
                    order_id=f"live-{n}",
                    manager_id=2002,
                    manager_name="Иван",
                    amount=Decimal("10.50"),
                    service_name="Аудит",
                    delivery=Delivery.LINK,
                )
            )
            # Status and event change in one transaction: a copy must show both or neither.
            await invoices.update(
                invoice.id, status=InvoiceStatus.CREATED, event=EventKind.CREATED
            )
            written.append(invoice.order_id)
            if len(written) == 20:
                under_way.set()

    writer = asyncio.create_task(write())
    try:
        async with asyncio.timeout(60):
            await under_way.wait()
        committed = set(written)
        target = tmp_path / "backups" / "copy.db"
        info = await asyncio.to_thread(backup_database, tmp_path / "invoices.db", target)
        stop.set()
        await writer
    finally:
        stop.set()
        await database.close()

    orders = {row[0] for row in rows(target, "SELECT order_id FROM invoices")}
    assert committed <= orders  # every row committed before the backup began
    assert {f"seed-{n}" for n in range(ROWS_BEFORE)} <= orders
    assert orders <= {f"seed-{n}" for n in range(ROWS_BEFORE)} | set(written)
    assert info.invoices == len(orders)
    # No transaction torn in half: every created invoice has its event, and no event is
    # without its invoice's change.
    torn = rows(
        target,
        """SELECT i.order_id FROM invoices i WHERE (i.status = 'created') !=
               EXISTS (SELECT 1 FROM invoice_events e WHERE e.invoice_id = i.id
                       AND e.kind = 'created')""",
    )
    assert torn == []
    assert rows(target, "PRAGMA integrity_check") == [("ok",)]
    assert rows(target, "PRAGMA foreign_key_check") == []
    assert rows(target, "PRAGMA journal_mode") == [("delete",)]  # one file, no -wal needed
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # No leftovers; the checksum beside it, as sha256sum writes it.
    assert sorted(path.name for path in target.parent.iterdir()) == ["copy.db", "copy.db.sha256"]


class HeldPayKeeper:
    """The PayKeeper stand-in, with a gate that can hold invoice requests unanswered: the
    rows in flight are then written as ``requested`` and wait, so a backup is taken in the
    middle of a bulk run whatever the machine's speed."""

    def __init__(self, concurrency: int) -> None:
        self.fake = FakePayKeeper(user="merchant", password="pw")
        self.concurrency = concurrency
        self.gate = asyncio.Event()
        self.gate.set()
        self.held = 0
        self.all_held = asyncio.Event()
        handle = self.fake._handle

        async def gated(request: web.Request) -> web.StreamResponse:
            if request.path == "/change/invoice/preview/" and not self.gate.is_set():
                self.held += 1
                if self.held == self.concurrency:
                    self.all_held.set()
                await self.gate.wait()
            return await handle(request)

        self.fake._handle = gated  # type: ignore[method-assign]


async def test_a_backup_taken_during_a_bulk_run_opens_and_has_every_committed_row(
    tmp_path: Path,
) -> None:
    concurrency, total, backup_after = 4, 120, 40
    paykeeper = HeldPayKeeper(concurrency)
    await paykeeper.fake.start()
    db_path = tmp_path / "invoices.db"
    settings = Settings(
        _env_file=None,
        bot_token="1:x",
        paykeeper_url=paykeeper.fake.url,
        bulk_concurrency=concurrency,
        database_path=db_path,
    )
    database = await Database.open(db_path)
    invoices = InvoiceRepository(database)
    # Generous: requests wait at the gate while the copy is written.
    client = PayKeeperClient(paykeeper.fake.url, "merchant", "pw", timeout=300)
    runs = BulkRepository(database)
    bot = create_bot(settings)  # never asked: the run is driven by the runner here
    issuer = InvoiceIssuer(invoices, client, "Оплата услуг", max_amount=settings.max_amount)
    bulk = bulk_service(runs, invoices, issuer, BackgroundTasks(), bot, settings)
    try:
        manager = Manager(2002, "Иван Петров")
        prepared = await bulk.prepare(
            to_csv(HEADER_RU, order_rows(total)),
            "orders.csv",
            manager=manager,
            chat_id=manager.id,
            lang="ru",
        )
        run = await bulk.start(prepared.run.id, manager.id, Delivery.LINK)
        assert run is not None

        def progress(tally: Tally) -> None:
            if tally.done == backup_after:
                paykeeper.gate.clear()  # the next requests wait

        running = asyncio.create_task(bulk.runner.run(run, progress=progress))
        async with asyncio.timeout(120):
            await paykeeper.all_held.wait()
        # What is committed now: issued invoices, and the rows in flight as `requested`.
        before = {row[0]: row[1] for row in rows(db_path, "SELECT order_id, status FROM invoices")}
        copy = tmp_path / "backups" / "mid-run.db"
        info = await asyncio.to_thread(backup_database, db_path, copy)
        paykeeper.gate.set()
        async with asyncio.timeout(120):
            end = await running
    finally:
        paykeeper.gate.set()
        await bot.session.close()
        await client.close()
        await database.close()
        await paykeeper.fake.stop()

    assert end.tally.count(RowOutcome.ISSUED) == total  # the run went on to the end
    assert check_copy(copy).invoices == info.invoices == len(before)
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]
    assert rows(copy, "PRAGMA foreign_key_check") == []
    in_copy = {row[0]: row[1] for row in rows(copy, "SELECT order_id, status FROM invoices")}
    assert in_copy == before  # every committed invoice, as it was; nothing after
    assert list(before.values()).count("requested") == concurrency
    assert list(before.values()).count("created") >= backup_after
    created = rows(
        copy,
        "SELECT COUNT(*) FROM invoices WHERE status = 'created' AND invoice_url IS NOT NULL",
    )
    assert created == [(len(before) - concurrency,)]
    # The run and every row of the file are there, still running (a bot started on the copy
    # would resume it); no row's outcome is recorded without its invoice.
    assert rows(copy, "SELECT status FROM bulk_runs") == [("running",)]
    assert rows(copy, "SELECT COUNT(*) FROM bulk_rows") == [(total,)]
    assert rows(
        copy,
        """SELECT COUNT(*) FROM bulk_rows r LEFT JOIN invoices i ON i.id = r.invoice_id
               WHERE r.outcome IS NOT NULL AND i.status IS NOT 'created'""",
    ) == [(0,)]


async def test_a_backup_never_overwrites_and_needs_a_database(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no database"):
        backup_database(tmp_path / "missing.db", tmp_path / "copy.db")
    database = await Database.open(tmp_path / "invoices.db")
    await database.close()
    (tmp_path / "copy.db").write_text("precious", encoding="utf-8")
    with pytest.raises(BackupError, match="already exists"):
        backup_database(tmp_path / "invoices.db", tmp_path / "copy.db")
    assert (tmp_path / "copy.db").read_text(encoding="utf-8") == "precious"


def at_msk(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=MSK)


async def test_nightly_backups_are_made_once_a_day_and_the_newest_kept(tmp_path: Path) -> None:
    db_path = tmp_path / "invoices.db"
    database = await Database.open(db_path)
    await database.close()
    folder = tmp_path / "backups"
    (folder).mkdir()
    (folder / "notes.txt").write_text("not a backup", encoding="utf-8")
    nightly = NightlyBackups(db_path, folder, keep=3, at=time(3, 0))

    assert await nightly.run_due(at_msk(1, 2, 59)) == 0  # before BACKUP_TIME
    for day in range(1, 6):
        assert await nightly.run_due(at_msk(day, 3, 0)) == 1
        assert await nightly.run_due(at_msk(day, 3, 1)) == 0  # once a day
        assert await nightly.run_due(at_msk(day, 23, 59)) == 0
    kept = [path.name for path in nightly_copies(folder, db_path)]
    assert kept == [f"invoices-2026-03-0{day}T030000.db" for day in (3, 4, 5)]
    assert (folder / "notes.txt").exists()  # not ours: never deleted

    # A restart the same day finds the copy already made.
    again = NightlyBackups(db_path, folder, keep=3, at=time(3, 0))
    assert await again.run_due(at_msk(5, 12, 0)) == 0
    # Started late, after a day without the bot: today's copy is made at once.
    assert await again.run_due(at_msk(7, 12, 0)) == 1

    off = NightlyBackups(db_path, tmp_path / "off", keep=0, at=time(3, 0))
    assert await off.run_due(at_msk(8, 4, 0)) == 0
    assert not (tmp_path / "off").exists()


async def test_a_failed_nightly_backup_is_tried_again_an_hour_later(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    nightly = NightlyBackups(tmp_path / "missing.db", folder, keep=2, at=time(3, 0))
    assert await nightly.run_due(at_msk(1, 3, 0)) == 0  # no database yet: failed, logged
    database = await Database.open(tmp_path / "missing.db")
    await database.close()
    assert await nightly.run_due(at_msk(1, 3, 30)) == 0  # not every minute
    assert await nightly.run_due(at_msk(1, 4, 0)) == 1


async def test_restore_waits_for_the_bot_to_stop_and_keeps_what_it_replaced(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "invoices.db"
    database = await Database.open(db_path)
    await fill(database, 2)
    await database.close()
    backup = tmp_path / "two.db"
    backup_database(db_path, backup)
    database = await Database.open(db_path)
    await fill_more(database)
    await database.close()

    with DatabaseLock(db_path, exclusive=False):  # what a running bot holds
        assert bot_is_running(db_path)
        with pytest.raises(DatabaseLocked):
            DatabaseLock(db_path, exclusive=True).acquire()
    assert not bot_is_running(db_path)

    with DatabaseLock(db_path, exclusive=True):
        saved = restore_database(backup, db_path, moment=at_msk(2, 10))
    assert saved == tmp_path / "invoices.db.before-restore-20260302-100000"
    assert len(rows(db_path, "SELECT * FROM invoices")) == 2
    assert len(rows(saved, "SELECT * FROM invoices")) == 3
    # The bot opens the restored database as usual.
    database = await Database.open(db_path)
    assert await database.schema_version() == migrations()[-1][0]
    await database.close()


async def fill_more(database: Database) -> None:
    now = datetime.now(MSK).isoformat()
    await database.execute_write(
        """INSERT INTO invoices (order_id, manager_id, manager_name, amount, service_name,
                   delivery, status, created_at, updated_at)
               VALUES ('after-backup', 2002, 'Иван', '5.00', 'Аудит', 'link', 'created', ?, ?)""",
        (now, now),
    )


async def test_only_a_sound_backup_of_this_bot_is_restored(tmp_path: Path) -> None:
    db_path = tmp_path / "invoices.db"
    database = await Database.open(db_path)
    await database.close()
    before = db_path.read_bytes()
    text = tmp_path / "notes.db"
    text.write_text("not a database", encoding="utf-8")
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE t (x)")
    newer = tmp_path / "newer.db"
    backup_database(db_path, newer)
    with closing(sqlite3.connect(newer)) as db:
        db.execute("PRAGMA user_version = 999")
    checksum_path(newer).unlink()  # a copy made by hand: no checksum to go by
    for bad, reason in [
        (tmp_path / "absent.db", "not a file"),
        (text, "not a readable SQLite database"),
        (other, "no invoices table"),
        (newer, "newer version of the bot"),
    ]:
        with pytest.raises(BackupError, match=reason):
            restore_database(bad, db_path, moment=at_msk(1, 1))
    assert db_path.read_bytes() == before
    assert check_copy(db_path).invoices == 0


async def test_a_database_newer_than_the_code_is_refused_at_open(tmp_path: Path) -> None:
    path = tmp_path / "invoices.db"
    database = await Database.open(path)
    await database.close()
    newest = migrations()[-1][0]
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {newest + 1}")
    with pytest.raises(NewerDatabaseError) as refused:
        await Database.open(path)
    assert str(refused.value) == (
        f"it was written by a newer version of the bot (schema version {newest + 1}; this "
        f"version knows up to {newest}): run that version, or restore a backup made with "
        "this one"
    )
    assert rows(path, "PRAGMA user_version") == [(newest + 1,)]  # left as it was
