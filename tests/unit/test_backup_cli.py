"""`python -m bot backup` and `restore` as an operator types them (run in-process through the
same entry point): a new backup folder, a restore refused while the bot runs, a downgrade or a
repair that restores over a database this version could not open."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.__main__ import main
from storage import Database
from storage.backup import DatabaseLock, backup_database
from storage.backup_check import check_copy
from storage.database import migrations


@pytest.fixture
async def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database of this version with one invoice, named by DATABASE_PATH, no .env around."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data" / "invoices.db"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    opened = await Database.open(path)
    await opened.close()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            """INSERT INTO invoices (order_id, manager_id, manager_name, amount, service_name,
                   delivery, status, created_at, updated_at)
               VALUES ('o-1', 1, 'Иван', '100.00', 'Аудит', 'link', 'created', 'x', 'x')"""
        )
    return path


def order_ids(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute("SELECT order_id FROM invoices ORDER BY id")]


def test_a_backup_into_a_folder_not_made_yet(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backups"
    assert main(["backup", f"{folder}/"]) == 0
    [copy] = list(folder.glob("*.db"))
    assert copy.name.startswith("invoices-")
    assert order_ids(copy) == ["o-1"]
    assert f"to {copy} (1 invoices)" in capsys.readouterr().out


def test_a_restore_is_refused_while_the_bot_runs(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.db"
    backup_database(database, copy)
    with DatabaseLock(database, exclusive=False):  # what a running bot holds
        assert main(["restore", str(copy)]) == 2
    assert "Refusing to restore: the bot is running" in capsys.readouterr().err


def test_a_restore_over_a_newer_versions_database_keeps_that_database(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.db"
    backup_database(database, copy)
    # The newer version issued another invoice and migrated past what this code knows.
    with closing(sqlite3.connect(database)) as db, db:
        db.execute(
            """INSERT INTO invoices (order_id, manager_id, manager_name, amount, service_name,
                   delivery, status, created_at, updated_at)
               VALUES ('o-2', 1, 'Иван', '5.00', 'Аудит', 'link', 'created', 'x', 'x')"""
        )
        db.execute(f"PRAGMA user_version = {migrations()[-1][0] + 1}")

    assert main(["restore", str(copy)]) == 0
    assert order_ids(database) == ["o-1"]
    [saved] = database.parent.glob("invoices.db.before-restore-????????-??????")
    assert order_ids(saved) == ["o-1", "o-2"]
    assert f"saved as {saved}" in capsys.readouterr().out


def test_a_restore_over_a_damaged_file_keeps_its_bytes(database: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    backup_database(database, copy)
    # SQLite's header survives (so it is still the bot's database file), its pages do not.
    damaged = database.read_bytes()[:100] + b"\xff" * 8000
    database.write_bytes(damaged)

    assert main(["restore", str(copy)]) == 0
    assert check_copy(database).invoices == 1
    [saved] = database.parent.glob(
        "invoices.db.before-restore-????????-??????"
    )  # not its -wal, -shm
    assert saved.read_bytes() == damaged
