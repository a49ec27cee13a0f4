"""What a restore trusts and where a backup writes: a copy whose schema is not exactly what the
migrations make at its version (a planted trigger, an extra index, an edited table) is
refused; a copy changed since its checksum was written is refused; a backup never writes
through a link planted in its way, nor into a folder others may write in."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from contextlib import closing
from datetime import datetime, time
from pathlib import Path

import pytest

from bot.services.backups import NightlyBackups
from paykeeper.moscow import MSK
from storage import Database
from storage.backup import (
    DatabaseLock,
    backup_database,
    nightly_copies,
    prune,
    restore_database,
)
from storage.backup_check import BackupError, check_copy, checksum_path
from storage.database import migrations

MOMENT = datetime(2026, 3, 2, 10, 0, tzinfo=MSK)

# What the issue found: after the restore, the first person to write to the bot is an admin.
PLANTED = """CREATE TRIGGER promote AFTER INSERT ON access_requests
BEGIN
    INSERT OR REPLACE INTO team_members (user_id, role, added_at, updated_at)
    VALUES (NEW.user_id, 'admin', 'x', 'x');
END"""


async def make_database(path: Path) -> Path:
    database = await Database.open(path)
    await database.close()
    return path


def edited_copy(source: Path, target: Path, *statements: str) -> Path:
    """A backup of ``source`` changed by ``statements``, its checksum dropped (as a hand-made
    copy would have none)."""
    backup_database(source, target)
    checksum_path(target).unlink()
    with closing(sqlite3.connect(target)) as db, db:
        for sql in statements:
            db.execute(sql)
    return target


async def test_a_copy_whose_schema_differs_from_the_migrations_is_not_restored(
    tmp_path: Path,
) -> None:
    db_path = await make_database(tmp_path / "invoices.db")
    before = db_path.read_bytes()
    copies = {
        "trigger promote": edited_copy(db_path, tmp_path / "trigger.db", PLANTED),
        "view": edited_copy(
            db_path, tmp_path / "view.db", "CREATE VIEW everyone AS SELECT * FROM team_members"
        ),
        "index invoices_by_payer": edited_copy(
            db_path, tmp_path / "index.db", "CREATE INDEX invoices_by_payer ON invoices (id)"
        ),
        "table invoices": edited_copy(
            db_path, tmp_path / "column.db", "ALTER TABLE invoices ADD COLUMN note TEXT"
        ),
        "index ": edited_copy(
            db_path,
            tmp_path / "dropped.db",
            "DROP INDEX " + _some_index(db_path),
        ),
    }
    for differs, copy in copies.items():
        with DatabaseLock(db_path, exclusive=True), pytest.raises(BackupError) as refused:
            restore_database(copy, db_path, moment=MOMENT)
        assert "does not have the schema of version" in str(refused.value)
        assert differs in str(refused.value)
    assert db_path.read_bytes() == before
    assert not [name for name in os.listdir(tmp_path) if "before-restore" in name]


def _some_index(path: Path) -> str:
    with closing(sqlite3.connect(path)) as db:
        row = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL LIMIT 1"
        ).fetchone()
    return str(row[0])


async def test_a_copy_made_by_an_older_version_is_restored(tmp_path: Path) -> None:
    """Its schema is compared with what the migrations made at its own version; the bot then
    migrates it on start as usual."""
    db_path = await make_database(tmp_path / "invoices.db")
    old = tmp_path / "old.db"
    version = migrations()[4][0]
    with closing(sqlite3.connect(old)) as db:
        for number, sql in migrations():
            if number <= version:
                db.executescript(sql)
        db.execute(f"PRAGMA user_version = {version}")
    assert check_copy(old).schema == version
    with DatabaseLock(db_path, exclusive=True):
        restore_database(old, db_path, moment=MOMENT)
    database = await Database.open(db_path)
    assert await database.schema_version() == migrations()[-1][0]
    await database.close()


async def test_a_backup_changed_after_it_was_made_is_not_restored(tmp_path: Path) -> None:
    db_path = await make_database(tmp_path / "invoices.db")
    folder = tmp_path / "backups"
    nightly = NightlyBackups(db_path, folder, keep=2, at=time(3, 0))
    assert await nightly.run_due(datetime(2026, 3, 1, 3, 0, tzinfo=MSK)) == 1
    [copy] = nightly_copies(folder, db_path)
    # The checksum beside it is what `sha256sum -c` reads.
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    assert checksum_path(copy).read_text(encoding="ascii") == f"{digest}  {copy.name}\n"
    with DatabaseLock(db_path, exclusive=True):
        restore_database(copy, db_path, moment=MOMENT)  # as it was made: restored

    with closing(sqlite3.connect(copy)) as db, db:
        db.execute(  # an invoice nobody issued, the schema untouched
            """INSERT INTO invoices (order_id, manager_id, manager_name, amount, service_name,
                   delivery, status, created_at, updated_at)
               VALUES ('o-9', 1, 'Иван', '9.00', 'Аудит', 'link', 'paid', 'x', 'x')"""
        )
    before = db_path.read_bytes()
    with DatabaseLock(db_path, exclusive=True), pytest.raises(BackupError) as refused:
        restore_database(copy, db_path, moment=MOMENT.replace(hour=11))
    assert "does not match its checksum" in str(refused.value)
    assert db_path.read_bytes() == before

    # Pruned copies take their checksums with them.
    assert await nightly.run_due(datetime(2026, 3, 2, 3, 0, tzinfo=MSK)) == 1
    prune(folder, db_path, keep=1)
    assert len(list(folder.iterdir())) == 2  # one copy, one checksum


async def test_a_backup_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    db_path = await make_database(tmp_path / "invoices.db")
    folder = tmp_path / "backups"
    folder.mkdir(mode=0o700)
    elsewhere = tmp_path / "public"
    elsewhere.mkdir()
    stolen = elsewhere / "stolen.db"
    target = folder / "copy.db"
    (folder / ".copy.db.partial").symlink_to(stolen)

    backup_database(db_path, target)

    assert not stolen.exists()  # nothing written where the link pointed
    assert not (folder / ".copy.db.partial").exists()
    assert check_copy(target).invoices == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
async def test_a_backup_folder_others_may_write_in_is_refused(tmp_path: Path) -> None:
    db_path = await make_database(tmp_path / "invoices.db")
    for mode in (0o770, 0o777, 0o1777):
        folder = tmp_path / f"shared-{mode:o}"
        folder.mkdir()
        folder.chmod(mode)
        with pytest.raises(BackupError, match="may be written by other users"):
            backup_database(db_path, folder / "copy.db")
        nightly = NightlyBackups(db_path, folder, keep=2, at=time(3, 0))
        assert await nightly.run_due(datetime(2026, 3, 1, 3, 0, tzinfo=MSK)) == 0
        assert list(folder.iterdir()) == []
