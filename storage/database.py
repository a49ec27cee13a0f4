"""The database: WAL, foreign keys, versioned migrations, serialised writes."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Callable
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TypeVar

from storage.connection import Connection, Cursor, Params

_MIGRATION_NAME = re.compile(r"^(\d{4})_\w+\.sql$")
_T = TypeVar("_T")


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) for every ``storage/migrations/NNNN_name.sql``, in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found)


class NewerDatabaseError(sqlite3.DatabaseError):
    """The database was migrated by a newer version of the bot than this one (a downgrade).

    Running older code on it could misread or damage what the newer version wrote, so the bot
    refuses to start rather than guess."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"it was written by a newer version of the bot (schema version {found}; this "
            f"version knows up to {known}): run that version, or restore a backup made with "
            "this one"
        )
        self.found = found
        self.known = known


class Database:
    """One shared connection (:mod:`storage.connection`): every call is one function on
    SQLite's thread, run in the order made. Reads go straight through; a write is one function,
    ``transaction(work)``, so coroutines interleaving on the one connection never share a
    transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        if str(path) not in ("", ":memory:"):
            _private_files(Path(path))
        connection = await Connection.open(path)
        try:
            await connection.run(_configure, connection.sqlite)
            database = cls(connection)
            await database.migrate()
        except BaseException:
            await connection.close()
            raise
        return database

    async def close(self) -> None:
        await self.connection.close()

    async def schema_version(self) -> int:
        async with self.connection.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> None:
        current = await self.schema_version()
        known = migrations()
        if known and current > known[-1][0]:
            raise NewerDatabaseError(current, known[-1][0])
        for version, sql in known:
            if version <= current:
                continue
            # executescript() commits any open transaction first, so the script carries its own:
            # a migration and its version number land together or not at all.
            script = f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version:d};\nCOMMIT;"
            await self.connection.run(_run_script, self.connection.sqlite, script)

    async def transaction(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run ``work(connection)`` as one write transaction on SQLite's thread.

        One round trip, and no lock held across it: the thread runs calls one after another,
        so transactions queued there cannot overlap. ``work`` runs off the event loop: plain
        sqlite3 calls only.
        """
        return await self.connection.run(_in_transaction, self.connection.sqlite, work)

    async def execute_write(self, sql: str, params: Params = ()) -> Cursor:
        """One statement as a write transaction of its own, in one round trip."""
        return await self.transaction(partial(_statement, sql=sql, params=params))


# Invoices name payers, their e-mails and phones: only the bot's own user may read them.
_PRIVATE_FILE = 0o600
_PRIVATE_FOLDER = 0o700


def _private_files(path: Path) -> None:
    """Make the database's missing folders 0700 and its files 0600, whatever the umask.

    Folders that already exist are someone's choice (``.``, ``/var/lib/bot``) and stay as they
    are. The database file is made here rather than by SQLite, which creates it 0644 less the
    umask; SQLite gives the -wal and -shm files it creates the database file's mode. Files left
    with a looser mode by an earlier version are tightened.
    """
    missing: list[Path] = []
    folder = path.parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=_PRIVATE_FOLDER)
        except FileExistsError:  # made meanwhile by someone else: theirs
            continue
        folder.chmod(_PRIVATE_FOLDER)  # mkdir's mode is filtered by the umask
    os.close(os.open(path, os.O_RDONLY | os.O_CREAT, _PRIVATE_FILE))
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if stat.S_IMODE(file.stat().st_mode) != _PRIVATE_FILE:
                file.chmod(_PRIVATE_FILE)
        except FileNotFoundError:
            continue


def _configure(connection: sqlite3.Connection) -> None:
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA foreign_keys=ON",
        "PRAGMA busy_timeout=5000",
        "PRAGMA synchronous=NORMAL",
    ):
        connection.execute(pragma)


def _run_script(connection: sqlite3.Connection, script: str) -> None:
    try:
        connection.executescript(script)
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _statement(connection: sqlite3.Connection, *, sql: str, params: Params) -> Cursor:
    return Cursor(connection.execute(sql, params))


def _in_transaction(
    connection: sqlite3.Connection, work: Callable[[sqlite3.Connection], _T]
) -> _T:
    connection.execute("BEGIN IMMEDIATE")
    try:
        result = work(connection)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return result
