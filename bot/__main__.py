"""``python -m bot``: check the settings, then start the bot (long polling, or a webhook when
WEBHOOK_URL is set). Also:

- ``python -m bot backup PATH``: a consistent copy of the database, while the bot runs or not
  (PATH a new file, or a folder to put a dated copy in);
- ``python -m bot restore PATH``: put a backup in place of the database; refused while the bot
  runs;
- ``python -m bot livez``: exit 0 when the running bot answers (a container's health check);
- ``python -m bot check-paykeeper [--cart]``: PayKeeper's address, credentials, optional calls
  and (``--cart``) the cart format, against the real server.

Settings are checked before aiogram and the rest of the app are imported (seconds on a small
machine), so a missing or malformed setting is reported at once."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from bot.logs import setup_logging
from bot.setting_paths import setting_source
from bot.settings import (
    ENV_FILE,
    DatabaseSettings,
    Settings,
    StartupError,
    ToolSettings,
    describe_errors,
    env_file_note,
)
from storage.backup import (
    DatabaseLock,
    DatabaseLocked,
    backup_database,
    bot_is_running,
    lock_path,
    nightly_name,
    restore_database,
)
from storage.backup_check import BackupError

_S = TypeVar("_S", bound=DatabaseSettings)
# Backups are named in Moscow time, as the nightly ones (paykeeper.moscow would load aiohttp).
MSK = timezone(timedelta(hours=3), "MSK")
# A health probe holds the lock exclusively for an instant: a bot starting meanwhile waits
# this long for it before concluding that a restore is under way.
LOCK_PATIENCE = 10.0


# Set in the container image: a refused start waits for its stop instead of exiting, so a
# restart policy (compose's unless-stopped) does not start it again and again, printing the same
# refusal each time; the health check (`livez`, reading the same settings) says why meanwhile.
HOLD_VARIABLE = "HOLD_AFTER_REFUSAL"


def hold_until_stopped() -> None:
    """Wait for SIGTERM or Ctrl-C (`docker compose stop`, `down`, a fixed .env's `up -d`)."""
    stops = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    print(  # noqa: T201
        f"Not starting; waiting to be stopped ({HOLD_VARIABLE} is set): fix the setting above, "
        "then recreate the container",
        file=sys.stderr,
    )
    signal.sigwait(stops)


def refuse(*lines: str) -> int:
    for line in lines:
        print(line, file=sys.stderr)  # noqa: T201
    return 2


def say(line: str) -> None:
    print(line)  # noqa: T201


def load(kind: type[_S]) -> _S | int:
    """The settings, or the exit code after saying what is wrong with them."""
    try:
        return kind()  # filled from the environment and .env
    except ValidationError as error:
        return refuse(*describe_errors(error), env_file_note())
    except UnicodeDecodeError:
        return refuse(f"Cannot read {Path(ENV_FILE).absolute()}: it is not UTF-8 text")
    except OSError as error:  # a .env that is a folder or that the bot may not read
        return refuse(f"Cannot read {Path(ENV_FILE).absolute()}: {error.strerror or error}")


def run_bot() -> int:
    settings = load(Settings)
    if isinstance(settings, int):
        return settings
    setup_logging(settings.log_level, settings.secrets(), settings.log_format)
    logging.getLogger("bot").info("%s", database_line(settings))
    try:
        lock = _running_lock(settings.database_path)
    except DatabaseLocked:
        return refuse(
            f"Cannot start: {settings.database_path.absolute()} is being restored "
            "(python -m bot restore); start the bot when that is done"
        )
    except OSError as error:
        return refuse(
            f"Setting DATABASE_PATH: cannot use {settings.database_path.absolute()} "
            f"({error.strerror or error})"
        )
    try:
        from bot import event_loop
        from bot.app import run  # the heavy part: aiogram, aiohttp, every handler

        event_loop.run(run(settings))
    except StartupError as error:
        return refuse(str(error))
    except KeyboardInterrupt:  # Ctrl-C before the bot handles signals itself: a plain stop
        pass
    finally:
        if lock is not None:
            lock.release()
    return 0


def database_line(settings: DatabaseSettings) -> str:
    """Which database this process acts on and who chose it (the environment beats .env)."""
    source = setting_source("DATABASE_PATH", ENV_FILE)
    return f"database: {settings.database_path.absolute()} ({source})"


def _running_lock(database: Path) -> DatabaseLock | None:
    if str(database) in ("", ":memory:"):
        return None
    deadline = time.monotonic() + LOCK_PATIENCE
    while True:
        try:
            return DatabaseLock(database, exclusive=False).acquire()
        except DatabaseLocked:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def backup(given: str) -> int:
    settings = load(DatabaseSettings)
    if isinstance(settings, int):
        return settings
    say(database_line(settings))  # before anything is read: the operator sees which one
    database = settings.database_path
    path = Path(given)
    # A folder gets a dated copy, created if missing when the path says it is one (a trailing
    # slash), so `backup /data/backups/` works before the first nightly copy made the folder.
    folder = path.is_dir() or given.endswith(("/", os.sep))
    target = path / nightly_name(database, datetime.now(MSK)) if folder else path
    try:
        info = backup_database(database, target)
    except (BackupError, OSError) as error:
        return refuse(f"Backup failed: {error}")
    say(f"Backed up {database.absolute()} to {target} ({info.invoices} invoices)")
    return 0


def restore(path: Path) -> int:
    settings = load(DatabaseSettings)
    if isinstance(settings, int):
        return settings
    say(database_line(settings))  # before anything is replaced: the operator sees which one
    database = settings.database_path
    try:
        lock = DatabaseLock(database, exclusive=True).acquire()
    except DatabaseLocked:
        return refuse(
            f"Refusing to restore: the bot is running with {database.absolute()} (it holds "
            f"{lock_path(database.absolute())}). Stop it first, then restore."
        )
    try:
        saved = restore_database(path, database, moment=datetime.now(MSK))
    except (BackupError, OSError) as error:
        return refuse(f"Restore failed, nothing was changed: {error}")
    finally:
        lock.release()
    say(f"Restored {database.absolute()} from {path}")
    if saved is not None:
        say(f"The database it replaced was saved as {saved}")
    return 0


def livez() -> int:
    """0 when the running bot answers /livez (or, without an HTTP server, holds its lock)."""
    settings = load(ToolSettings)
    if isinstance(settings, int):
        return settings
    if settings.web_port is None:
        if bot_is_running(settings.database_path):
            return 0
        return refuse("The bot is not running (and WEB_PORT is off: no /livez to ask)")
    host = settings.web_host if settings.web_host not in ("", "0.0.0.0", "::") else "127.0.0.1"  # noqa: S104
    host = f"[{host}]" if ":" in host else host
    url = f"http://{host}:{settings.web_port}/livez"
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            status = int(answer.status)
    except OSError as error:  # refused, timed out, or an HTTP error status
        return refuse(f"{url} did not answer: {error}")
    return 0 if status == 200 else refuse(f"{url} answered HTTP {status}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Run the PayKeeper invoice bot (no command), or:"
    )
    commands = parser.add_subparsers(dest="command")
    copy = commands.add_parser("backup", help="write a consistent copy of the database")
    copy.add_argument(
        "path", help="a new file, or a folder for a dated copy (a new folder: end it with /)"
    )
    put_back = commands.add_parser("restore", help="replace the database with a backup")
    put_back.add_argument("path", type=Path, help="the backup to restore")
    commands.add_parser("livez", help="exit 0 when the running bot answers")
    probe = commands.add_parser(
        "check-paykeeper", help="check PAYKEEPER_URL, the credentials and optional calls"
    )
    probe.add_argument(
        "--cart", action="store_true", help="also issue, read back and revoke a 1-ruble invoice"
    )
    args = parser.parse_args(argv)
    if args.command == "backup":
        return backup(args.path)
    if args.command == "restore":
        return restore(args.path)
    if args.command == "livez":
        return livez()
    if args.command == "check-paykeeper":
        return check_paykeeper(cart=args.cart)
    code = run_bot()
    if code == 2 and os.environ.get(HOLD_VARIABLE, "").strip().lower() in ("1", "true", "yes"):
        hold_until_stopped()
    return code


def check_paykeeper(*, cart: bool) -> int:
    settings = load(ToolSettings)
    if isinstance(settings, int):
        return settings
    from bot.check_paykeeper import check  # aiohttp only when asked for

    return asyncio.run(check(settings, cart=cart, say=say))


if __name__ == "__main__":
    sys.exit(main())
