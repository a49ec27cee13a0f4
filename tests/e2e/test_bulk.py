"""The real bot process with a 50-row file: 47 invoices, a result file, nothing issued twice,
not even when the bot is killed mid-run and started again."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.shared_bot import SharedBot, invoices_of, on_shared_bot, requests_of, rows_of
from tests.fakes.paykeeper import FakePayKeeper, RecordedRequest
from tests.fakes.telegram import Call, FakeTelegram, Upload, User
from tests.support.bot_process import CEILING, BotProcess, StartBot
from tests.support.bulk_samples import (
    HEADER_RU,
    as_dicts,
    order_number,
    order_rows,
    read_csv,
    to_csv,
)

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them

MANAGER = User(id=2002, first_name="Иван", language_code="ru")
PREVIEW = "/change/invoice/preview/"
BAD = [4, 20, 41]  # 0-based: sheet rows 6, 22 and 43 (bad amount, e-mail, phone)
VALID = [n for n in range(1, 51) if n - 1 not in BAD]


def the_file() -> bytes:
    return to_csv(HEADER_RU, order_rows(50, bad=BAD), encoding="cp1251")


def alias(workdir: Path, manager: User = MANAGER) -> str:
    """The random alias standing for ``manager`` in bulk order ids."""
    with closing(sqlite3.connect(workdir / "db" / "invoices.db")) as db:
        sql = "SELECT alias FROM order_aliases WHERE manager_id = ?"
        [(found,)] = db.execute(sql, (manager.id,)).fetchall()
    return str(found)


def expected_orders(workdir: Path, manager: User = MANAGER) -> set[str]:
    return {f"bo{alias(workdir, manager)}-{order_number(n)}" for n in VALID}


def previews(paykeeper: FakePayKeeper) -> list[RecordedRequest]:
    """Every invoice request (a fresh bot: only MANAGER's)."""
    return [r for r in paykeeper.requests if r.path == PREVIEW]


def invoice_rows(workdir: Path, manager: User = MANAGER) -> list[sqlite3.Row]:
    return rows_of(workdir / "db" / "invoices.db", manager)


async def upload(telegram: FakeTelegram, content: bytes, manager: User = MANAGER) -> Call:
    """Send the file; the bot's summary of it."""
    after = len(telegram.calls)
    telegram.send_document(manager, "заказы.csv", content, "text/csv")
    return await telegram.wait_for(
        "sendMessage", lambda call: "заказы.csv" in str(call.params.get("text")), after=after
    )


async def press(telegram: FakeTelegram, button_text: str, manager: User = MANAGER) -> int:
    summary = next(
        m
        for m in reversed(telegram.chat_messages(manager.id))
        if "Можно выставить" in (m.text or "")
    )
    button = next(b for b in summary.buttons if button_text in b["text"])
    after = len(telegram.calls)
    telegram.press(manager, summary, button["callback_data"])
    await telegram.wait_for("answerCallbackQuery", after=after)
    return after


async def result(telegram: FakeTelegram, after: int) -> Call:
    return await telegram.wait_for(
        "sendDocument",
        lambda call: "Результат" in str(call.params.get("caption")),
        after=after,
        timeout=60,
    )


def result_rows(call: Call) -> dict[str, dict[str, str]]:
    document = call.params["document"]
    assert isinstance(document, Upload)
    assert document.filename == "заказы-результат.csv"
    return {row["Заказ"]: row for row in as_dicts(read_csv(document.content, encoding="cp1251"))}


def check_issued_once(paykeeper: FakePayKeeper, workdir: Path, manager: User = MANAGER) -> None:
    """Each valid order is one invoice in PayKeeper and one row in the log; no bad row is."""
    invoices = invoices_of(paykeeper, workdir / "db" / "invoices.db", manager).values()
    in_paykeeper = Counter(invoice["orderid"] for invoice in invoices)
    assert set(in_paykeeper) == expected_orders(workdir, manager)
    assert set(in_paykeeper.values()) == {1}
    logged = Counter(row["order_id"] for row in invoice_rows(workdir, manager))
    assert set(logged) == expected_orders(workdir, manager)


@on_shared_bot
async def test_a_50_row_file_with_3_bad_rows_and_the_same_file_again(
    shared_bot: SharedBot,
) -> None:
    telegram, paykeeper, workdir = shared_bot.telegram, shared_bot.paykeeper, shared_bot.workdir
    manager = shared_bot.manager()
    summary = await upload(telegram, the_file(), manager)
    text = str(summary.params["text"])
    assert "строк со счетами: 50" in text
    assert "Можно выставить: <b>47</b>" in text
    assert "С ошибками, выставлены не будут: <b>3</b>" in text
    for sheet_row in (6, 22, 43):
        assert f"• строка {sheet_row}:" in text

    after = await press(telegram, "ссылки", manager)
    done = result_rows(await result(telegram, after))

    mine = invoices_of(paykeeper, shared_bot.database, manager)
    assert len(mine) == 47
    check_issued_once(paykeeper, workdir, manager)
    by_order = {invoice["orderid"]: (i, invoice) for i, invoice in mine.items()}
    for n in range(1, 51):
        row = done[order_number(n)]
        if n - 1 in BAD:
            assert row["Статус"] == "не выставлен: ошибка в строке"
            assert row["Ошибка"]
            assert row["Номер счёта PayKeeper"] == ""
            continue
        invoice_id, invoice = by_order[f"bo{alias(workdir, manager)}-{order_number(n)}"]
        assert row["Номер счёта PayKeeper"] == invoice_id
        assert row["Ссылка на оплату"] == f"{paykeeper.url}/bill/{invoice_id}/"
        assert row["Статус"] == "создан"
        assert row["Сумма"] == f"{1000 + n},50"
        assert invoice["pay_amount"] == f"{1000 + n}.50"

    # The same file again: nothing new, and the earlier links come back.
    sent_before = len(requests_of(paykeeper, shared_bot.database, manager, PREVIEW))
    after = len(telegram.calls)
    again = await upload(telegram, the_file(), manager)
    assert "Уже выставлены раньше, повторно не выставляю: 47" in str(again.params["text"])
    assert "reply_markup" not in again.params
    repeated = result_rows(await result(telegram, after))
    assert len(requests_of(paykeeper, shared_bot.database, manager, PREVIEW)) == sent_before == 47
    assert len(invoice_rows(workdir, manager)) == 47
    for n in VALID:
        row = repeated[order_number(n)]
        assert row["Номер счёта PayKeeper"] == done[order_number(n)]["Номер счёта PayKeeper"]
        assert row["Статус"] == "создан (выставлен раньше)"


async def kill_mid_run(bot: BotProcess, paykeeper: FakePayKeeper, concurrency: int) -> int:
    """SIGKILL the bot at a moment when every worker is waiting for PayKeeper's answer;
    returns how many previews had reached PayKeeper."""
    async with asyncio.timeout(CEILING):
        while True:
            sent = len(previews(paykeeper))
            if sent >= 12 and sent - len(paykeeper.invoices) == concurrency:
                # Checked and killed with no await between: the stand-in cannot answer
                # anyone in the meantime, so exactly `concurrency` rows are in flight.
                assert bot.process is not None
                bot.process.kill()
                await bot.process.wait()
                return sent
            await asyncio.sleep(0.002)


async def test_a_run_killed_mid_way_finishes_after_restart_with_each_order_once(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    bot = await start_bot(BULK_CONCURRENCY="4")
    await upload(telegram, the_file())
    paykeeper.latency = 0.3
    await press(telegram, "ссылки")
    sent = await kill_mid_run(bot, paykeeper, 4)
    assert sent < 47
    async with asyncio.timeout(CEILING):  # the stand-in finishes the four it was holding
        while len(paykeeper.invoices) < sent:  # noqa: ASYNC110 - the stand-in has no event for it
            await asyncio.sleep(0.01)
    assert len(paykeeper.invoices) == sent

    after = len(telegram.calls)
    # The killed process's long poll is still pending at the stand-in; start_bot waits for a
    # poll from the new process, so the waits below need not cover its start-up too.
    await start_bot(BULK_CONCURRENCY="4")
    notice = await telegram.wait_for(
        "sendMessage", lambda call: "Бот перезапускался" in str(call.params["text"]), after=after
    )
    assert "заказы.csv" in str(notice.params["text"])
    done = result_rows(await result(telegram, after))

    check_issued_once(paykeeper, tmp_path)
    assert len(previews(paykeeper)) == 47  # no order was sent to PayKeeper twice
    statuses = Counter(done[order_number(n)]["Статус"] for n in VALID)
    # The four cut off mid-call were made by PayKeeper but their answer was lost: they stay
    # "no answer" (for reconciliation to confirm) unless reconciliation already did.
    assert statuses["создан"] >= 43
    assert (
        statuses["создан"]
        + statuses["нет ответа PayKeeper — бот проверяет, не выставляйте повторно"]
        == 47
    )


async def test_a_stopped_bot_pauses_the_run_and_carries_on_after_restart(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    bot = await start_bot(BULK_CONCURRENCY="4")
    await upload(telegram, the_file())
    paykeeper.latency = 0.2
    await press(telegram, "ссылки")
    async with asyncio.timeout(30):
        while len(paykeeper.invoices) < 8:  # noqa: ASYNC110 - the stand-in has no event for it
            await asyncio.sleep(0.01)
    assert await bot.stop(signal.SIGTERM) == 0
    [paused] = [m for m in telegram.chat_messages(MANAGER.id) if "на паузе" in (m.text or "")]
    assert "После запуска продолжу с того же места." in (paused.text or "")
    # In-flight rows were finished before the exit: nothing is left uncertain.
    assert all(row["status"] == "created" for row in invoice_rows(tmp_path))
    assert len(invoice_rows(tmp_path)) < 47

    after = len(telegram.calls)
    await start_bot(BULK_CONCURRENCY="4")
    done = result_rows(await result(telegram, after))
    check_issued_once(paykeeper, tmp_path)
    assert all(done[order_number(n)]["Статус"] == "создан" for n in VALID)
