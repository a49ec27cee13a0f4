"""The commands an operator runs beside the bot (`backup`, `restore`, `livez`,
`check-paykeeper`), as real processes with no BOT_TOKEN anywhere: they need no Telegram. The
database commands say first which database they act on and who chose it; the environment
beats a .env file."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from storage import Database
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.bot_process import CEILING, PK_PASSWORD, REPO


def run(workdir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=workdir,
        env={"PATH": "", "PYTHONPATH": str(REPO), **env},  # no BOT_TOKEN
        capture_output=True,
        text=True,
        timeout=CEILING,
        check=False,
    )


async def a_database(path: Path, order_id: str) -> Path:
    opened = await Database.open(path)
    await opened.close()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            """INSERT INTO invoices (order_id, manager_id, manager_name, amount, service_name,
                   delivery, status, created_at, updated_at)
               VALUES (?, 1, 'Иван', '100.00', 'Аудит', 'link', 'created', 'x', 'x')""",
            (order_id,),
        )
    return path


def order_ids(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute("SELECT order_id FROM invoices ORDER BY id")]


async def test_backup_and_restore_need_no_token_and_name_the_environments_database(
    tmp_path: Path,
) -> None:
    unit = await a_database(tmp_path / "unit.db", "from-the-unit")
    stray = await a_database(tmp_path / "stray.db", "from-the-stray-env-file")
    (tmp_path / ".env").write_text(f"DATABASE_PATH={stray}\n", encoding="utf-8")

    done = await asyncio.to_thread(run, tmp_path, "backup", "copy.db", DATABASE_PATH=str(unit))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"database: {unit} (from environment)"
    assert order_ids(tmp_path / "copy.db") == ["from-the-unit"]

    # Without the environment's value the .env file decides, and the first line says so.
    done = await asyncio.to_thread(run, tmp_path, "restore", "copy.db")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"database: {stray} (from {tmp_path / '.env'})"
    assert order_ids(stray) == ["from-the-unit"]
    assert order_ids(unit) == ["from-the-unit"]


async def test_the_default_database_is_named_as_the_default(tmp_path: Path) -> None:
    done = await asyncio.to_thread(run, tmp_path, "backup", "copy.db")
    assert done.returncode == 2
    assert done.stdout.splitlines() == [f"database: {tmp_path / 'data/invoices.db'} (default)"]
    assert "there is no database at" in done.stderr


async def test_livez_needs_no_token(tmp_path: Path) -> None:
    done = await asyncio.to_thread(run, tmp_path, "livez", DATABASE_PATH=str(tmp_path / "x.db"))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "The bot is not running (and WEB_PORT is off: no /livez to ask)"
    ]


async def test_check_paykeeper_needs_no_token(tmp_path: Path, paykeeper: FakePayKeeper) -> None:
    env = {"PAYKEEPER_URL": paykeeper.url, "PAYKEEPER_USER": "merchant"}
    done = await asyncio.to_thread(
        run, tmp_path, "check-paykeeper", PAYKEEPER_PASSWORD=PK_PASSWORD, **env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ token: the address and the credentials work" in done.stdout
    assert paykeeper.token_requests == 1

    done = await asyncio.to_thread(
        run, tmp_path, "check-paykeeper", PAYKEEPER_PASSWORD="wrong", **env
    )
    assert done.returncode == 2
    assert "✗ token:" in done.stdout
    assert "wrong" not in done.stdout + done.stderr


async def test_a_refused_start_in_the_container_waits_for_its_stop(tmp_path: Path) -> None:
    """The image sets HOLD_AFTER_REFUSAL: a wrong setting is said once, then the bot waits to
    be stopped (no restart loop) and exits with the settings' code 2; livez, the container's
    health check, names the same setting meanwhile."""
    env = {"PATH": "", "PYTHONPATH": str(REPO), "HOLD_AFTER_REFUSAL": "1", "ADMIN_IDS": "1,x"}
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    assert bot.stderr is not None
    lines: list[str] = []
    async with asyncio.timeout(CEILING):
        while not lines or not lines[-1].startswith("Not starting; waiting to be stopped"):
            line = await bot.stderr.readline()
            assert line, f"the bot exited: {lines}"
            lines.append(line.decode().rstrip("\n"))
    assert bot.returncode is None  # still there, holding
    health = await asyncio.to_thread(
        run, tmp_path, "livez", HOLD_AFTER_REFUSAL="1", ADMIN_IDS="1,x"
    )
    assert health.returncode == 2
    assert "Setting ADMIN_IDS: expected comma-separated Telegram user ids" in health.stderr

    bot.send_signal(signal.SIGTERM)
    async with asyncio.timeout(CEILING):
        rest = await bot.stderr.read()
        assert await bot.wait() == 2
    assert rest == b""
    assert "Setting BOT_TOKEN: is required but not set" in lines
    assert "Setting ADMIN_IDS: expected comma-separated Telegram user ids, e.g. 1234,5678" in lines
    assert not any("Traceback" in line for line in lines)
