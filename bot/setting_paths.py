"""Whether the files a setting names can be used: the database's file and the backups' folder.
Checked when settings are read, before anything is created, so a bad path is refused at once
with what is wrong with it."""

from __future__ import annotations

import os
from pathlib import Path

from dotenv import dotenv_values

SQLITE_HEADER = b"SQLite format 3\x00"


def database_path_problem(path: Path) -> str | None:
    """Why SQLite could not keep its file (and the -wal, -shm files beside it) at ``path``, or
    None. Creates nothing: the folders are made, private, when the database opens.

    Checked with ``os.access``, which root passes almost everywhere; what it misses still
    fails at open, as a StartupError."""
    if str(path) in ("", ":memory:"):
        return None
    file = path.absolute()
    expected = "expected a file in a folder the bot can create and write"
    if os.path.isdir(file):
        return f"{expected}; {file} is a folder"
    folder = file.parent
    existing = folder
    while not os.path.exists(existing):  # os.path: no PermissionError from a stat
        existing = existing.parent
    if not os.path.isdir(existing):
        return f"{expected}; {existing} is a file, so the folder {folder} cannot be created"
    if not os.access(existing, os.W_OK | os.X_OK):
        if existing == folder:
            return f"{expected}; the folder {folder} is not writable"
        return f"{expected}; {existing} is not writable, so {folder} cannot be created"
    if os.path.exists(file) and not os.access(file, os.R_OK | os.W_OK):
        return f"{expected}; {file} cannot be read and written"
    if not _sqlite_or_empty(file):
        return f"expected an SQLite database or a new file; {file} is some other file"
    return None


def folder_problem(folder: Path) -> str | None:
    """Why the bot could not make (or write) files in ``folder``, or None. Creates nothing."""
    folder = folder.absolute()
    expected = "expected a folder the bot can create and write"
    if os.path.exists(folder) and not os.path.isdir(folder):
        return f"{expected}; {folder} is a file"
    existing = folder
    while not os.path.exists(existing):
        existing = existing.parent
    if not os.path.isdir(existing):
        return f"{expected}; {existing} is a file, so no folder can be made in it"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{expected}; {existing} is not writable"
    return None


def _sqlite_or_empty(file: Path) -> bool:
    """Whether ``file`` is missing, empty or starts as every SQLite database does."""
    if not os.path.isfile(file):  # reading a named pipe, say, would block
        return True
    try:
        with file.open("rb") as opened:
            head = opened.read(len(SQLITE_HEADER))
    except OSError:  # missing, or a failure the open itself reports
        return True
    return head in (b"", SQLITE_HEADER)


def setting_source(name: str, env_file: Path | str) -> str:
    """Where the value of setting ``name`` came from, as pydantic-settings decides it: the
    environment (which wins), then the .env file, else the default. An operator reading
    "from /srv/bot/.env" sees at once that a stray file, not the unit, chose the database."""
    if any(key.upper() == name.upper() and value for key, value in os.environ.items()):
        return "from environment"
    path = Path(env_file)
    try:
        values = dotenv_values(path, encoding="utf-8") if path.is_file() else {}
    except (OSError, UnicodeDecodeError):
        values = {}
    if any(key.upper() == name.upper() and value for key, value in values.items()):
        return f"from {path.absolute()}"
    return "default"
