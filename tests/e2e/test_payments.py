"""The real bot process hears about payments: PayKeeper's notification over HTTP, a payment
whose notification was lost, and a preview cut off by a killed process."""

from __future__ import annotations

import asyncio
import signal
import socket
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest

from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import Call, FakeTelegram, User
from tests.support.bot_process import BotProcess, StartBot, bot_env, free_port, refused_start

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them

MANAGER = User(id=2002, first_name="Иван", language_code="ru")
SECRET = "s3cr3t"  # the fake PayKeeper's secret word
PREVIEW = "/change/invoice/preview/"
PAID = "Счёт оплачен"


def text_has(fragment: str, chat_id: int = MANAGER.id) -> Callable[[Call], bool]:
    return lambda call: (
        fragment in str(call.params.get("text", "")) and call.params.get("chat_id") == chat_id
    )


def rows(workdir: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(workdir / "db" / "invoices.db") as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM invoices ORDER BY id").fetchall()


def sent_with(telegram: FakeTelegram, fragment: str) -> list[Call]:
    return [
        call
        for call in telegram.calls
        if call.method == "sendMessage" and text_has(fragment)(call)
    ]


async def ask_for_link(telegram: FakeTelegram, text: str) -> int:
    """Fill the one-line form and press "link", as the manager would; returns len(calls)
    from before the press, to wait for what follows."""
    after = len(telegram.calls)
    telegram.send_message(MANAGER, text)
    await telegram.wait_for("sendMessage", text_has("Проверьте счёт"), after=after)
    summary = next(
        m for m in reversed(telegram.chat_messages(MANAGER.id)) if "Проверьте" in (m.text or "")
    )
    button = next(b for b in summary.buttons if "Получить ссылку" in b["text"])
    after = len(telegram.calls)
    telegram.press(MANAGER, summary, button["callback_data"])
    return after


async def issue_link(telegram: FakeTelegram, text: str = "/invoice 1500 Консультация") -> None:
    after = await ask_for_link(telegram, text)
    await telegram.wait_for("editMessageText", text_has("Счёт создан"), after=after, timeout=30)


async def post_form(url: str, form: dict[str, str]) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.post(url, data=form) as response:
        return response.status, await response.text()


async def test_a_notification_reaches_the_running_bot_and_alerts_once(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    port = free_port()
    bot = await start_bot(WEB_PORT=str(port), PAYKEEPER_SECRET=SECRET)
    await issue_link(telegram)
    [invoice_id] = paykeeper.invoices
    notify_url = f"http://127.0.0.1:{port}/paykeeper/notify"

    after = len(telegram.calls)
    form = paykeeper.mark_paid(invoice_id)  # PayKeeper takes the money, then tells the bot
    first = await post_form(notify_url, form)
    alert = await telegram.wait_for("sendMessage", text_has(PAID), after=after)
    retried = await post_form(notify_url, form)  # PayKeeper did not trust the first answer

    expected = (200, "OK " + _md5(form["id"] + SECRET))
    assert first == retried == expected
    assert "1\xa0500,00\xa0₽" in alert.params["text"]
    assert "Консультация" in alert.params["text"]
    forged = await post_form(notify_url, form | {"key": "0" * 32})
    assert forged[0] == 403

    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/healthz") as health,
    ):
        assert health.status == 200
        assert (await health.json())["ok"] is True

    assert await bot.stop() == 0
    # Stopped cleanly, with its outbox drained: exactly one alert was ever sent.
    assert len(sent_with(telegram, PAID)) == 1
    [row] = rows(tmp_path)
    assert (row["status"], row["payment_id"]) == ("paid", form["id"])
    log = bot.log()
    assert "refused (forged)" in log
    assert SECRET not in log
    assert form["key"] not in log


async def test_a_payment_whose_notification_was_lost_is_found_by_reconciliation(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    bot = await start_bot(RECONCILE_INTERVAL="1")  # no WEB_PORT: no notifications at all
    await issue_link(telegram)
    [invoice_id] = paykeeper.invoices

    after = len(telegram.calls)
    form = paykeeper.mark_paid(invoice_id)
    await telegram.wait_for("sendMessage", text_has(PAID), after=after, timeout=30)

    [row] = rows(tmp_path)
    assert (row["status"], row["payment_id"]) == ("paid", form["id"])
    assert await bot.stop() == 0
    assert len(sent_with(telegram, PAID)) == 1


async def test_a_preview_cut_off_by_a_killed_bot_is_resolved_on_restart(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    # PayKeeper makes the invoice and then never answers; the bot is killed while waiting.
    paykeeper.fail_next(PREVIEW, "timeout-after")
    first = await start_bot(PAYKEEPER_TIMEOUT="60")
    await ask_for_link(telegram, "/invoice 990 Аудит")
    async with asyncio.timeout(30):
        while not paykeeper.invoices:  # noqa: ASYNC110 - the fake has no event to await
            await asyncio.sleep(0.05)
    await first.stop(signal.SIGKILL)
    [row] = rows(tmp_path)
    assert row["status"] == "requested"
    [invoice_id] = paykeeper.invoices

    after = len(telegram.calls)
    second = await start_bot()
    found = await telegram.wait_for(
        "sendMessage", text_has("Счёт всё-таки создан"), after=after, timeout=30
    )

    assert f"{paykeeper.url}/bill/{invoice_id}/" in found.params["text"]
    [row] = rows(tmp_path)
    assert (row["status"], row["paykeeper_id"]) == ("created", invoice_id)
    assert row["invoice_url"] == f"{paykeeper.url}/bill/{invoice_id}/"
    assert len([r for r in paykeeper.requests if r.path == PREVIEW]) == 1
    assert list(paykeeper.invoices) == [invoice_id]
    assert await second.stop() == 0


async def test_a_preview_paykeeper_never_got_is_failed_on_restart(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    paykeeper.fail_next(PREVIEW, "drop")  # the connection dies before PayKeeper acts
    first = await start_bot()
    after = await ask_for_link(telegram, "/invoice 1500 Консультация")
    await telegram.wait_for("editMessageText", text_has("мог быть создан"), after=after)
    assert await first.stop() == 0
    [row] = rows(tmp_path)
    assert row["status"] == "requested"

    after = len(telegram.calls)
    second = await start_bot()
    await telegram.wait_for("sendMessage", text_has("Счёт не создан"), after=after, timeout=30)

    [row] = rows(tmp_path)
    assert row["status"] == "failed"
    assert paykeeper.invoices == {}
    assert await second.stop() == 0


def test_web_port_without_the_secret_word_refuses_to_start(tmp_path: Path) -> None:
    [line] = refused_start(
        tmp_path,
        BOT_TOKEN="123456:TEST-token",
        WEB_PORT="8080",
        DATABASE_PATH=str(tmp_path / "invoices.db"),
    )
    assert line.startswith("Setting PAYKEEPER_SECRET: is required when WEB_PORT is set")
    assert not (tmp_path / "invoices.db").exists()


async def test_a_busy_port_is_one_clear_line(
    tmp_path: Path, telegram: FakeTelegram, paykeeper: FakePayKeeper
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = bot_env(telegram, paykeeper, tmp_path, WEB_PORT=str(port), PAYKEEPER_SECRET=SECRET)
        process = BotProcess(env, tmp_path)
        log = process.log_path.open("ab")
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp_path, env=env, stdout=log, stderr=log
        )
        log.close()
        code = await asyncio.wait_for(child.wait(), 60)
    assert code != 0
    assert f"Cannot serve HTTP on WEB_HOST=127.0.0.1 WEB_PORT={port}" in process.log()
    assert "Traceback" not in process.log()


def _md5(text: str) -> str:
    import hashlib

    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
