"""The runner against a real SQLite file and the PayKeeper stand-in: how many requests are in
flight, what a restart resumes, and that no row is ever sent twice."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web

from bot.app import create_bot
from bot.bulk_wiring import bulk_service
from bot.drafts import InvoiceDraft
from bot.services.background import BackgroundTasks
from bot.services.bulk import BulkFileError, BulkService, Prepared
from bot.services.bulk.tally import UNANSWERED_LIMIT, StopReason, Tally
from bot.services.issue_outcomes import Manager
from bot.services.issuing import InvoiceIssuer
from bot.settings import Settings
from paykeeper import InvoiceRequest, PayKeeperClient
from storage import Database, Delivery, InvoiceRepository, InvoiceStatus, NewInvoice
from storage.bulk import BulkRepository, RowOutcome, RunRecord, RunStatus
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.bulk_samples import HEADER_RU, order_rows, to_csv

MANAGER = Manager(2002, "Иван Петров")
PREVIEW = "/change/invoice/preview/"


class CountingPayKeeper:
    """Wraps the stand-in's handler to see how many requests are being served at once."""

    def __init__(self, latency: float) -> None:
        self.fake = FakePayKeeper(user="merchant", password="pw", latency=latency)
        self.in_flight = 0
        self.peak = 0
        handle = self.fake._handle

        async def counting(request: web.Request) -> web.StreamResponse:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                return await handle(request)
            finally:
                self.in_flight -= 1

        self.fake._handle = counting  # type: ignore[method-assign]

    def previews(self) -> list[dict[str, str]]:
        return [r.form for r in self.fake.requests if r.path == PREVIEW]


@dataclass
class Env:
    paykeeper: CountingPayKeeper
    database: Database
    invoices: InvoiceRepository
    runs: BulkRepository
    bulk: BulkService
    client: PayKeeperClient

    async def upload(self, rows: int = 20) -> Prepared:
        content = to_csv(HEADER_RU, order_rows(rows))
        return await self.bulk.prepare(
            content, "orders.csv", manager=MANAGER, chat_id=MANAGER.id, lang="ru"
        )

    async def started(self, rows: int = 20, delivery: Delivery = Delivery.LINK) -> RunRecord:
        prepared = await self.upload(rows)
        run = await self.bulk.start(prepared.run.id, MANAGER.id, delivery)
        assert run is not None
        return run


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    paykeeper = CountingPayKeeper(latency=0.02)
    await paykeeper.fake.start()
    settings = Settings(
        _env_file=None,
        bot_token="1:x",
        paykeeper_url=paykeeper.fake.url,
        bulk_concurrency=4,
        database_path=tmp_path / "invoices.db",
    )
    database = await Database.open(settings.database_path)
    invoices = InvoiceRepository(database)
    client = PayKeeperClient(paykeeper.fake.url, "merchant", "pw", timeout=2)
    issuer = InvoiceIssuer(invoices, client, "Оплата услуг", max_amount=settings.max_amount)
    runs = BulkRepository(database)
    bot = create_bot(settings)  # never asked: runs are driven by the runner here
    bulk = bulk_service(runs, invoices, issuer, BackgroundTasks(), bot, settings)
    yield Env(paykeeper, database, invoices, runs, bulk, client)
    await client.close()
    await database.close()
    await paykeeper.fake.stop()


async def test_requests_in_flight_are_bounded_and_one_token_serves_the_run(env: Env) -> None:
    run = await env.started(40)
    seen: list[int] = []
    end = await env.bulk.runner.run(run, progress=lambda tally: seen.append(tally.done))
    assert end.tally.done == 40
    assert end.tally.count(RowOutcome.ISSUED) == 40
    assert env.paykeeper.peak == 4
    assert env.paykeeper.fake.token_requests == 1
    assert seen == list(range(1, 41))
    orders = Counter(form["orderid"] for form in env.paykeeper.previews())
    assert len(orders) == 40
    assert set(orders.values()) == {1}
    counts = await env.runs.counts(run.id)
    assert (counts.rows, counts.valid, counts.done) == (40, 40, 40)


async def test_two_files_at_once_share_the_limit(env: Env) -> None:
    first = await env.started(12)
    second = await env.bulk.start(
        (
            await env.bulk.prepare(
                to_csv(HEADER_RU, order_rows(12, start=100)),
                "more.csv",
                manager=MANAGER,
                chat_id=MANAGER.id,
                lang="ru",
            )
        ).run.id,
        MANAGER.id,
        Delivery.LINK,
    )
    assert second is not None
    await asyncio.gather(env.bulk.runner.run(first), env.bulk.runner.run(second))
    assert env.paykeeper.peak == 4
    assert len(env.paykeeper.previews()) == 24


async def test_two_drafts_of_one_file_started_together_issue_each_row_once(env: Env) -> None:
    first = await env.started(10)
    second = await env.started(10)  # checked before the first one issued anything
    ends = await asyncio.gather(env.bulk.runner.run(first), env.bulk.runner.run(second))
    assert len(env.paykeeper.previews()) == 10
    issued = sum(end.tally.count(RowOutcome.ISSUED) for end in ends)
    # The other run's rows: issued already, or still awaiting PayKeeper's answer (uncertain).
    taken = sum(
        end.tally.count(RowOutcome.EXISTING) + end.tally.count(RowOutcome.UNCERTAIN)
        for end in ends
    )
    assert (issued, taken) == (10, 10)


async def test_a_restart_resumes_without_sending_any_row_twice(env: Env) -> None:
    run = await env.started(12, Delivery.EMAIL)
    pending = await env.runs.pending(run.id)
    # The bot died with row 1 written but unanswered, and row 2 created but not e-mailed.
    lost = await env.invoices.create(_new(pending[0].order_id, pending[0].draft))
    created = await env.invoices.create(_new(pending[1].order_id, pending[1].draft))
    remote = await env.client.create_invoice(
        InvoiceRequest(
            amount=created.amount, order_id=created.order_id, client_email=created.client_email
        )
    )
    await env.invoices.update(
        created.id,
        status=InvoiceStatus.CREATED,
        paykeeper_id=remote.invoice_id,
        invoice_url=remote.invoice_url,
    )
    before = len(env.paykeeper.previews())

    end = await env.bulk.runner.run(run, resumed=True)

    assert end.tally.count(RowOutcome.UNCERTAIN) == 1
    assert end.tally.count(RowOutcome.ISSUED) == 11
    sent_orders = {form["orderid"] for form in env.paykeeper.previews()[before:]}
    assert lost.order_id not in sent_orders
    assert created.order_id not in sent_orders
    assert len(sent_orders) == 10
    assert env.paykeeper.fake.sent.count(remote.invoice_id) == 1  # the cut-off e-mail went out
    still = await env.invoices.get(lost.id)
    assert still is not None
    assert still.status is InvoiceStatus.REQUESTED


async def test_shutdown_pauses_the_run_and_the_next_start_finishes_it(env: Env) -> None:
    run = await env.started(30)
    stopping = asyncio.Event()

    def progress(tally: Tally) -> None:
        if tally.done == 5:
            stopping.set()

    paused = await env.bulk.runner.run(run, progress=progress, stopping=stopping)
    assert paused.interrupted
    # Rows already in flight when the stop came were finished, not abandoned.
    assert 5 <= paused.tally.done < 30
    assert all(
        invoice.status is InvoiceStatus.CREATED
        for invoice in await env.invoices.list_by_status(*InvoiceStatus)
    )
    assert (await env.runs.get(run.id)) == run  # still `running`: resumed at the next start

    resumed = await env.bulk.runner.run(run, resumed=True)
    assert not resumed.interrupted
    assert resumed.tally.done == 30
    orders = Counter(form["orderid"] for form in env.paykeeper.previews())
    assert len(orders) == 30
    assert set(orders.values()) == {1}


async def test_an_email_paykeeper_would_not_send_is_reported(env: Env) -> None:
    env.paykeeper.fake.fail_next("/change/invoice/send/", "fail:Письмо не отправлено")
    env.bulk.runner.concurrency = 1
    run = await env.started(3, Delivery.EMAIL)
    end = await env.bulk.runner.run(run)
    assert end.tally.count(RowOutcome.EMAIL_FAILED) == 1
    assert end.tally.count(RowOutcome.ISSUED) == 2
    assert end.tally.problems == 1
    [result, *_] = await env.runs.results(run.id)
    assert (result.status, result.error) == (InvoiceStatus.CREATED, "Письмо не отправлено")


async def test_a_run_gives_up_on_a_paykeeper_that_does_not_answer(env: Env) -> None:
    run = await env.started(40)
    await env.paykeeper.fake.stop()  # connection refused from now on
    end = await env.bulk.runner.run(run)
    assert end.stop_reason == StopReason.UNREACHABLE
    assert UNANSWERED_LIMIT <= end.tally.done < UNANSWERED_LIMIT + 4
    assert end.tally.count(RowOutcome.FAILED) == end.tally.done
    assert len(await env.runs.pending(run.id)) == 40 - end.tally.done


async def test_service_statuses(env: Env) -> None:
    prepared = await env.upload(3)
    assert prepared.run.status is RunStatus.DRAFT
    assert await env.bulk.start(prepared.run.id, 999, Delivery.LINK) is None  # not theirs
    assert await env.bulk.cancel(prepared.run.id, MANAGER.id) is not None
    assert await env.bulk.start(prepared.run.id, MANAGER.id, Delivery.LINK) is None
    assert await env.runs.with_status(RunStatus.RUNNING) == []


def _new(order_id: str, draft: dict[str, str | None]) -> NewInvoice:
    parsed = InvoiceDraft.from_data(draft)
    return NewInvoice(
        order_id=order_id,
        manager_id=MANAGER.id,
        manager_name=MANAGER.name,
        amount=parsed.amount,
        service_name=parsed.service or "Оплата услуг",
        delivery=Delivery.EMAIL,
        client_email=parsed.email,
    )


async def test_files_the_runner_never_sees(env: Env) -> None:
    """Refused at upload, before any row is stored: no amount column, or no invoice row."""
    for content, key in [
        ("Клиент;Услуга\nИван;Аудит\n".encode(), "bulk.file.no_amount_column"),
        ("Сумма;Почта\n".encode(), "bulk.file.no_rows"),
        ("Сумма;Почта\nИтого;\n;\n".encode(), "bulk.file.no_rows"),
    ]:
        with pytest.raises(BulkFileError) as caught:
            await env.bulk.prepare(
                content, "a.csv", manager=MANAGER, chat_id=MANAGER.id, lang="ru"
            )
        assert caught.value.key == key
    assert await env.runs.with_status(RunStatus.DRAFT) == []


async def tamper(env: Env, run: RunRecord, row_number: int, **changes: str) -> None:
    """Change a stored row's draft, as a row the checks let through yet the issuing trips on."""

    def write(db: sqlite3.Connection) -> None:
        (text,) = db.execute(
            "SELECT draft FROM bulk_rows WHERE run_id = ? AND row_number = ?",
            (run.id, row_number),
        ).fetchone()
        draft = {**json.loads(text), **changes}
        db.execute(
            "UPDATE bulk_rows SET draft = ? WHERE run_id = ? AND row_number = ?",
            (json.dumps(draft), run.id, row_number),
        )

    await env.database.transaction(write)


async def test_a_row_that_breaks_is_its_own_failed_line_and_the_run_goes_on(env: Env) -> None:
    run = await env.started(6)
    await tamper(env, run, 3, lines='[{"name": "x", "quantity": "два"}]')  # no such cart
    await tamper(env, run, 5, amount="2000000.00")  # above MAX_AMOUNT (1 000 000)

    end = await env.bulk.runner.run(run)
    assert end.tally.count(RowOutcome.ISSUED) == 4
    assert end.tally.count(RowOutcome.FAILED) == 2
    assert len(env.paykeeper.previews()) == 4  # neither broken row reached PayKeeper
    results = {row.row_number: row for row in await env.runs.results(run.id)}
    assert "сбой бота" in (results[3].problem or "")
    assert "Сумма слишком большая" in (results[5].problem or "")
    assert "1\xa0000\xa0000,00\xa0₽" in (results[5].problem or "")

    # After a restart the same rows are met again: no crash, nothing sent twice.
    await env.database.transaction(
        lambda db: db.execute(
            "UPDATE bulk_rows SET outcome = NULL WHERE run_id = ? AND row_number IN (3, 5)",
            (run.id,),
        )
    )
    again = await env.bulk.runner.run(run, resumed=True)
    assert again.tally.count(RowOutcome.FAILED) == 2
    assert len(env.paykeeper.previews()) == 4
    results = {row.row_number: row for row in await env.runs.results(run.id)}
    assert "сбой бота" in (results[3].problem or "")
    assert "Сумма слишком большая" in (results[5].problem or "")
