"""What a backup must be before it is restored, and what a backup writes to be trusted later.

A database file is code as much as data: a trigger or a view in it runs with the bot's rights
on the first write after a restore. So a copy is accepted only when its schema (every table,
index, trigger and view, with its SQL) is exactly what this code's migrations make at the
copy's own version, and it is read with ``trusted_schema=OFF`` meanwhile. A SHA-256 written
beside each backup (``sha256sum`` format) tells, at restore, a copy changed since it was made.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storage.database import migrations

PRIVATE_FILE = 0o600
_CHUNK = 1024 * 1024

SchemaEntry = tuple[str, str, str, str | None]  # type, name, tbl_name, normalised SQL


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in one line."""


def newest_schema() -> int:
    """The schema version this code migrates to."""
    known = migrations()
    return known[-1][0] if known else 0


@dataclass(frozen=True, slots=True)
class CopyInfo:
    schema: int
    invoices: int


def open_untrusted(path: Path) -> sqlite3.Connection:
    """``path`` read-only, its schema's triggers and views kept from calling anything that
    is not harmless."""
    db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    db.execute("PRAGMA trusted_schema=OFF")
    return db


def check_copy(path: Path, *, any_version: bool = False) -> CopyInfo:
    """Raises :class:`BackupError` unless ``path`` is a sound SQLite database of this bot that
    this code can run (not newer than it, unless ``any_version``), with exactly the schema
    this code's migrations make at its version."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        with closing(open_untrusted(path)) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            schema = int(db.execute("PRAGMA user_version").fetchone()[0])
            found = schema_of(db)
            tables = {entry[1] for entry in found if entry[0] == "table"}
            invoices = (
                db.execute("SELECT COUNT(*) FROM invoices") if "invoices" in tables else None
            )
            count = int(invoices.fetchone()[0]) if invoices else 0
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database ({error})") from None
    if verdict != "ok":
        raise BackupError(f"{path} is damaged (SQLite's check says: {verdict})")
    if invoices is None:
        raise BackupError(f"{path} is not a database of this bot (it has no invoices table)")
    if schema > newest_schema():
        if any_version:
            return CopyInfo(schema, count)  # a newer version's schema is not ours to judge
        raise BackupError(
            f"{path} was made by a newer version of the bot (schema {schema}; this version "
            f"knows up to {newest_schema()}): restore it with that version"
        )
    unexpected = sorted(f"{kind} {name}" for kind, name, *_ in found ^ expected_schema(schema))
    if unexpected:
        raise BackupError(
            f"{path} does not have the schema of version {schema} of this bot (differs in: "
            f"{', '.join(dict.fromkeys(unexpected))}): refusing to use it"
        )
    return CopyInfo(schema, count)


def schema_of(db: sqlite3.Connection) -> frozenset[SchemaEntry]:
    rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    return frozenset(
        (str(kind), str(name), str(table), " ".join(sql.split()) if sql else None)
        for kind, name, table, sql in rows
    )


@lru_cache(maxsize=8)
def expected_schema(version: int) -> frozenset[SchemaEntry]:
    """What this code's migrations up to ``version`` make, in a fresh database."""
    with closing(sqlite3.connect(":memory:")) as db:
        for number, sql in migrations():
            if number <= version:
                db.executescript(sql)
        return schema_of(db)


def require_private_folder(folder: Path) -> None:
    """Refuse a folder that others may write in: they could plant a link or swap a file."""
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise BackupError(
            f"{folder} may be written by other users (mode {mode:o}): make it the bot "
            f"user's alone (chmod 700 {folder}) or choose another folder"
        )


def create_private(path: Path) -> int:
    """A new file, 0600, never through a link; raises if anything is there already."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE)


def checksum_path(copy: Path) -> Path:
    return copy.with_name(copy.name + ".sha256")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksum(copy: Path, written_as: Path) -> Path:
    """Write ``written_as``'s SHA-256 as ``copy``'s checksum file (``sha256sum -c`` reads it),
    under a temporary name renamed at the end."""
    target = checksum_path(copy)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with os.fdopen(create_private(partial), "w", encoding="ascii") as stream:
            stream.write(f"{sha256_of(written_as)}  {copy.name}\n")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def verify_checksum(copy: Path) -> bool:
    """Raises :class:`BackupError` when ``copy`` differs from the checksum written beside it;
    False when there is none (a copy made otherwise, or by an older version)."""
    sidecar = checksum_path(copy)
    try:
        recorded = sidecar.read_text(encoding="ascii").split()
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError) as error:
        raise BackupError(f"cannot read the checksum {sidecar} ({error})") from None
    if not recorded or recorded[0].lower() != sha256_of(copy):
        raise BackupError(
            f"{copy} does not match its checksum {sidecar}: it changed after the backup was "
            "made; refusing to use it"
        )
    return True
