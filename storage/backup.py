"""Backing up and restoring the database file, and the lock that tells a running bot apart.

A backup uses SQLite's online backup API from a connection of its own: it copies every page in
one step under one read transaction, so it is a consistent snapshot (everything committed
before it began, nothing half-written) while the bot keeps writing, in WAL mode, unblocked.

The running bot holds a shared ``flock`` on ``<database>.lock``; restore needs it exclusively,
so it refuses while any bot runs. The OS drops the lock with the process, however it ends, so
a crashed bot never leaves a stale lock behind."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from types import TracebackType

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; restore then trusts the operator
    fcntl = None  # type: ignore[assignment]

from storage.backup_check import (
    PRIVATE_FILE,
    BackupError,
    CopyInfo,
    check_copy,
    checksum_path,
    create_private,
    open_untrusted,
    require_private_folder,
    verify_checksum,
    write_checksum,
)

PRIVATE_FOLDER = 0o700


class DatabaseLocked(BackupError):  # noqa: N818 - reads as the situation it names
    """Someone holds the lock in a way that excludes us (a running bot, a restore)."""


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class DatabaseLock:
    """``flock`` on ``<database>.lock``: shared for a running bot, exclusive for a restore."""

    def __init__(self, database: Path, *, exclusive: bool) -> None:
        self.path = lock_path(database)
        self.exclusive = exclusive
        self._fd: int | None = None

    def acquire(self) -> DatabaseLock:
        """Raises :class:`DatabaseLocked` at once (never waits) if the lock is taken."""
        make_private_folders(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        if fcntl is not None:
            mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise DatabaseLocked(str(self.path)) from None
        self._fd = fd
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the last descriptor drops the flock

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def bot_is_running(database: Path) -> bool:
    """Whether a bot holds the lock of ``database`` (for a health check without HTTP)."""
    if not lock_path(database).exists() or fcntl is None:
        return False
    try:
        with DatabaseLock(database, exclusive=True):
            return False
    except DatabaseLocked:
        return True


def make_private_folders(folder: Path) -> None:
    """Create ``folder`` and its missing parents 0700 (existing ones are left as they are)."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue
        created.chmod(PRIVATE_FOLDER)  # mkdir's mode is filtered by the umask


def backup_database(database: Path, target: Path, *, any_version: bool = False) -> CopyInfo:
    """Write a consistent copy of ``database`` to ``target`` (a new file, 0600), checked
    (``any_version``: a database of a newer version of the bot is copied too).

    Written under a temporary name and renamed at the end: ``target`` is either the whole
    copy or absent, never a half-written file that looks like a backup. The temporary file is
    made new (never through a link planted in its place) in a folder nobody else may write
    in; its SHA-256 is written beside the copy (``<target>.sha256``)."""
    if not database.is_file():
        raise BackupError(f"there is no database at {database.absolute()}")
    if target.exists() or target.is_symlink():
        raise BackupError(f"{target} already exists")
    make_private_folders(target.parent)
    require_private_folder(target.parent)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)  # left by a crash; a link is removed, not followed
    try:
        try:
            os.close(create_private(partial))
        except FileExistsError:  # put back between the unlink and the open: someone races us
            raise BackupError(f"{partial} appeared while the backup was starting") from None
        try:
            _copy(database, partial, standalone=True)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"SQLite cannot read {database.absolute()} ({error})") from None
        info = check_copy(partial, any_version=any_version)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    write_checksum(target, target)
    return info


def restore_database(backup: Path, database: Path, *, moment: datetime) -> Path | None:
    """Replace ``database``'s content with ``backup``'s; the caller holds the exclusive lock.

    The current database is first saved beside it (returned; None when there was none), so a
    restore of the wrong file can itself be undone. A checksum beside ``backup`` must match."""
    verify_checksum(backup)
    check_copy(backup)
    saved = None
    readable = True
    if database.is_file() and database.stat().st_size > 0:
        saved = database.with_name(f"{database.name}.before-restore-{moment:%Y%m%d-%H%M%S}")
        readable = _save_replaced(database, saved)
    make_private_folders(database.parent)
    if not readable:
        # SQLite cannot write into a damaged file: the copy replaces it, and the journal
        # files that belonged to the damaged one go (they are saved beside it).
        fresh = database.with_name(f".{database.name}.restoring")
        fresh.unlink(missing_ok=True)
        os.close(create_private(fresh))
        _copy(backup, fresh, standalone=True)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        os.replace(fresh, database)
        return saved
    os.close(os.open(database, os.O_RDWR | os.O_CREAT, PRIVATE_FILE))
    # Through SQLite, into the database as it is (WAL and all), in one transaction: a crash
    # midway leaves the old content, never a mix.
    _copy(backup, database, standalone=False)
    return saved


def _save_replaced(database: Path, saved: Path) -> bool:
    """Keep the database a restore replaces, whatever it is: a newer version's (a downgrade
    restores over one) is copied through SQLite; one SQLite cannot read (the damage a restore
    is run to undo) byte for byte, with its journal files. False in that second case."""
    require_private_folder(saved.parent)
    try:
        backup_database(database, saved, any_version=True)
        return True
    except BackupError:
        pass  # nothing was written: backup_database renames a finished copy only
    for suffix in ("", "-wal", "-shm"):
        source = database.with_name(database.name + suffix)
        if source.is_file():
            target = saved.with_name(saved.name + suffix)
            os.close(create_private(target))
            shutil.copyfile(source, target)
    return False


NIGHTLY = re.compile(r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})T(?P<time>\d{6})\.db$")


def nightly_name(database: Path, moment: datetime) -> str:
    """``invoices-2026-01-31T030000.db``: sorts by time, tells its day at a glance."""
    return f"{database.stem}-{moment:%Y-%m-%dT%H%M%S}.db"


def nightly_copies(folder: Path, database: Path) -> list[Path]:
    """This database's backups in ``folder``, oldest first (other files are not ours)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = NIGHTLY.match(path.name)
        if match and match["stem"] == database.stem and path.is_file():
            found.append(path)
    return sorted(found, key=lambda path: path.name)


def prune(folder: Path, database: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``database`` in ``folder``."""
    copies = nightly_copies(folder, database)
    doomed = copies[: max(len(copies) - keep, 0)]
    for path in doomed:
        path.unlink(missing_ok=True)
        checksum_path(path).unlink(missing_ok=True)
    return doomed


def _copy(source: Path, target: Path, *, standalone: bool) -> None:
    with (
        closing(open_untrusted(source)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)  # every page in one step: one consistent snapshot
        if standalone:
            # A copy in WAL mode would need its -wal file to be whole; this one stands alone.
            dst.execute("PRAGMA journal_mode=DELETE")
