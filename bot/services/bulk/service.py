"""Bulk files end to end: check an upload, store it as a draft run, issue it in the
background with a progress message, send the result file; resume runs cut off by a restart.

The run outlives the update that started it, so it is a BackgroundTasks job: at shutdown it
finishes the rows in flight and stays ``running`` in SQLite, and the next start resumes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from aiogram import Bot
from aiogram.types import BufferedInputFile, Message

from bot.drafts import today_in_moscow
from bot.services.background import BackgroundTasks
from bot.services.bulk import messages
from bot.services.bulk.columns import REQUIRED, Columns, match_columns
from bot.services.bulk.messages import Summary
from bot.services.bulk.progress import INTERVAL, ProgressReporter, telegram_call
from bot.services.bulk.results import file_name, write_table
from bot.services.bulk.rows import (
    CheckedRow,
    attempt_order_id,
    base_order_id,
    check_rows,
    content_hash,
)
from bot.services.bulk.runner import BulkRunner, Tally
from bot.services.bulk.table import BulkFileError, Table, read_table
from bot.services.issuing import InvoiceIssuer, Manager
from bot.settings import Settings
from bot.texts import Html, Texts
from storage import Delivery, InvoiceRepository, InvoiceStatus
from storage.bulk import (
    BulkRepository,
    KnownOrder,
    NewRow,
    NewRun,
    RowOutcome,
    RunRecord,
    RunStatus,
)

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 50  # of one row across uploads; a guard against an endless probe
DRAFTS_KEPT = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Prepared:
    """An upload checked and stored as a draft run, ready to be shown to the manager."""

    run: RunRecord
    summary: Summary
    problems_file: BufferedInputFile | None  # every row with errors, when there are many

    @property
    def ready(self) -> int:
        return self.summary.ready


@dataclass(slots=True)
class _Plan:
    rows: list[NewRow]
    ready: int = 0
    total: Decimal = Decimal(0)
    emails: int = 0
    retries: int = 0
    existing: int = 0
    uncertain: int = 0


class BulkService:
    def __init__(
        self,
        runs: BulkRepository,
        invoices: InvoiceRepository,
        issuer: InvoiceIssuer,
        tasks: BackgroundTasks,
        settings: Settings,
        *,
        progress_interval: float = INTERVAL,
    ) -> None:
        self.runs = runs
        self.invoices = invoices
        self.tasks = tasks
        self.settings = settings
        self.progress_interval = progress_interval
        self.runner = BulkRunner(runs, invoices, issuer, concurrency=settings.bulk_concurrency)

    # --- Upload -----------------------------------------------------------------------------

    async def prepare(
        self, content: bytes, name: str, *, manager: Manager, chat_id: int, texts: Texts
    ) -> Prepared:
        """Read and check the file and store it as a draft run; raises BulkFileError."""
        table = await asyncio.to_thread(
            read_table,
            content,
            name,
            max_rows=self.settings.bulk_max_rows,
            max_bytes=self.settings.bulk_max_bytes,
        )
        columns = _usable_columns(table, texts)
        checked = await asyncio.to_thread(
            check_rows,
            table,
            columns,
            today=today_in_moscow(),
            max_amount=self.settings.max_amount,
        )
        problems = [
            (row, messages.problem_reasons(row.problems, columns, table.header, texts))
            for row in checked
            if row.problems
        ]
        plain_problems = {
            row.row_number: messages.plain(messages.joined(reasons)) for row, reasons in problems
        }
        table_hash = content_hash(table)
        plan = await self._plan(checked, manager.id, table_hash, plain_problems)
        run_id = await self.runs.create_run(
            NewRun(
                manager_id=manager.id,
                manager_name=manager.name,
                chat_id=chat_id,
                lang=texts.lang,
                file_name=name,
                file_hash=table_hash,
                format=table.format,
                encoding=table.encoding,
                delimiter=table.delimiter,
                header=table.header,
            ),
            plan.rows,
        )
        run = await self.runs.get(run_id)
        if run is None:  # pragma: no cover - just written
            raise RuntimeError(f"bulk run {run_id} vanished")
        summary = Summary(
            file_name=name,
            rows=len(checked),
            ready=plan.ready,
            total=plan.total,
            emails=plan.emails,
            retries=plan.retries,
            existing=plan.existing,
            uncertain=plan.uncertain,
            problems=[(row.row_number, reasons) for row, reasons in problems],
            columns=columns,
            header=table.header,
        )
        problems_file = None
        if len(problems) > messages.PROBLEMS_SHOWN:
            problems_file = self._problems_file(table, name, problems, texts)
        return Prepared(run, summary, problems_file)

    async def _plan(
        self,
        checked: list[CheckedRow],
        manager_id: int,
        table_hash: str,
        problems: dict[int, str],
    ) -> _Plan:
        """Each valid row's order id for this attempt, and which rows were issued before."""
        bases = {
            row.row_number: base_order_id(manager_id, row.order, table_hash, row.ordinal)
            for row in checked
            if row.draft is not None
        }
        latest, attempts = await self._latest_attempts(list(bases.values()))
        plan = _Plan(rows=[])
        for row in checked:
            if row.draft is None:
                plan.rows.append(
                    NewRow(row.row_number, row.cells, problem=problems[row.row_number])
                )
                continue
            base = bases[row.row_number]
            known = latest.get(base)
            if known is not None and known.status is not InvoiceStatus.FAILED:
                plan.existing += 1
                plan.uncertain += known.status is InvoiceStatus.REQUESTED
                plan.rows.append(
                    NewRow(
                        row.row_number,
                        row.cells,
                        order_id=attempt_order_id(base, attempts[base]),
                        draft=row.draft.to_data(),
                        invoice_id=known.invoice_id,
                        outcome=RowOutcome.EXISTING,
                    )
                )
                continue
            attempt = attempts[base] + 1 if known is not None else 1
            plan.retries += known is not None
            plan.ready += 1
            plan.total += row.draft.amount
            plan.emails += row.draft.email is not None
            plan.rows.append(
                NewRow(
                    row.row_number,
                    row.cells,
                    order_id=attempt_order_id(base, attempt),
                    draft=row.draft.to_data(),
                )
            )
        return plan

    async def _latest_attempts(
        self, bases: list[str]
    ) -> tuple[dict[str, KnownOrder], dict[str, int]]:
        """For each base order id, its latest attempt in the log and that attempt's number."""
        latest = await self.runs.known_orders(bases)
        attempts = dict.fromkeys(latest, 1)
        failed = [base for base, known in latest.items() if known.status is InvoiceStatus.FAILED]
        attempt = 2
        while failed and attempt <= MAX_ATTEMPTS:
            probes = {attempt_order_id(base, attempt): base for base in failed}
            found = await self.runs.known_orders(list(probes))
            failed = []
            for order_id, known in found.items():
                base = probes[order_id]
                latest[base], attempts[base] = known, attempt
                if known.status is InvoiceStatus.FAILED:
                    failed.append(base)
            attempt += 1
        return latest, attempts

    def _problems_file(
        self,
        table: Table,
        name: str,
        problems: list[tuple[CheckedRow, list[Html]]],
        texts: Texts,
    ) -> BufferedInputFile:
        header, rows = messages.problems_table(
            table.header,
            [
                (row.row_number, row.cells, messages.plain(messages.joined(reasons)))
                for row, reasons in problems
            ],
            texts,
        )
        data = write_table(
            header,
            rows,
            format=table.format,
            encoding=table.encoding,
            delimiter=table.delimiter,
        )
        rename = _renamer("bulk.problems.name", texts)
        return BufferedInputFile(data, file_name(name, table.format, rename))

    # --- Choice -----------------------------------------------------------------------------

    async def start(self, run_id: int, manager_id: int, delivery: Delivery) -> RunRecord | None:
        """The draft as running, or None if it is not this manager's draft any more."""
        if not await self.runs.start(run_id, manager_id, delivery):
            return None
        return await self.runs.get(run_id)

    async def cancel(self, run_id: int, manager_id: int) -> RunRecord | None:
        if not await self.runs.cancel(run_id, manager_id):
            return None
        return await self.runs.get(run_id)

    async def owner(self, run_id: int) -> int | None:
        run = await self.runs.get(run_id)
        return run.manager_id if run is not None else None

    # --- The run ----------------------------------------------------------------------------

    def launch(self, run: RunRecord, bot: Bot, *, resumed: bool = False) -> None:
        self.tasks.spawn(self._drive(run, bot, resumed=resumed), name=f"bulk-run-{run.id}")

    async def resume(self, bot: Bot) -> int:
        """Carry on with the runs a stop or a crash cut off; returns how many. Drafts nobody
        started for a week are dropped on the way (their buttons then say so)."""
        await self.runs.forget_unstarted(datetime.now(UTC) - DRAFTS_KEPT)
        runs = await self.runs.with_status(RunStatus.RUNNING)
        for run in runs:
            log.info("bulk run %s was cut off; resuming", run.id)
            self.launch(run, bot, resumed=True)
        return len(runs)

    async def close_if_nothing_to_issue(self, prepared: Prepared, bot: Bot) -> None:
        """A file with no row to issue ends here; if some rows were issued earlier (the same
        file sent again), their links and statuses are worth a result file right away."""
        if prepared.ready:
            return
        await self.runs.finish(prepared.run.id)
        if prepared.summary.existing:
            await self.send_result(prepared.run, bot)

    async def _drive(self, run: RunRecord, bot: Bot, *, resumed: bool) -> None:
        texts = Texts("en" if run.lang == "en" else "ru")
        if resumed:
            await telegram_call(
                lambda: bot.send_message(run.chat_id, texts("bulk.resumed", file=run.file_name)),
                what="resume notice",
            )
        tally = Tally.of(await self.runs.counts(run.id))
        shown = messages.progress_text(tally, run, texts)
        sent = await telegram_call(
            lambda: bot.send_message(run.chat_id, shown), what="progress message"
        )
        reporter: ProgressReporter | None = None
        if isinstance(sent, Message):
            await self.runs.set_progress_message(run.id, sent.message_id)
            reporter = ProgressReporter(
                bot,
                run.chat_id,
                sent.message_id,
                lambda tally: messages.progress_text(tally, run, texts),
                interval=self.progress_interval,
            )
            reporter.start(shown)
        try:
            end = await self.runner.run(
                run,
                resumed=resumed,
                progress=reporter.changed if reporter else None,
                stopping=self.tasks.stopping,
            )
        except Exception:
            log.exception("bulk run %s failed", run.id)
            if reporter is not None:
                await reporter.stop()
            await telegram_call(
                lambda: bot.send_message(run.chat_id, texts("bulk.crashed", file=run.file_name)),
                what="crash notice",
            )
            return
        if end.interrupted:
            # Shutting down: the run stays `running` and the next start resumes it.
            log.info("bulk run %s paused at %d/%d", run.id, end.tally.done, end.tally.total)
            if reporter is not None:
                await reporter.finish(messages.paused_text(end.tally, run, texts))
            return
        if reporter is not None:
            await reporter.finish(messages.final_text(end.tally, run, end.stop_reason, texts))
        # The result goes out before the run is marked finished: a crash in between resends
        # it at the next start rather than never sending it.
        await self.send_result(run, bot)
        await self.runs.finish(run.id, stop_reason=end.stop_reason)

    async def send_result(self, run: RunRecord, bot: Bot) -> None:
        texts = Texts("en" if run.lang == "en" else "ru")
        results = await self.runs.results(run.id)
        header, rows = messages.result_table(run.header, results, texts)
        data = write_table(
            header, rows, format=run.format, encoding=run.encoding, delimiter=run.delimiter
        )
        name = file_name(run.file_name, run.format, _renamer("bulk.result.name", texts))
        caption = messages.result_caption(results, run, texts)
        await telegram_call(
            lambda: bot.send_document(run.chat_id, BufferedInputFile(data, name), caption=caption),
            what="result file",
        )


def _renamer(key: str, texts: Texts) -> Callable[[str], str]:
    return lambda stem: messages.plain(texts(key, stem=stem))


def _usable_columns(table: Table, texts: Texts) -> Columns:
    columns = match_columns(table.header)
    for column, indexes in columns.duplicates.items():
        raise BulkFileError(
            "bulk.file.duplicate_column",
            field=messages.field_name(column, texts),
            columns=messages.column_names(indexes, table.header),
        )
    missing = [column for column in REQUIRED if column not in columns.fields]
    if missing:
        shown = messages.column_names(list(range(len(table.header))), table.header)
        raise BulkFileError("bulk.file.no_amount_column", columns=shown or "—")
    if not table.rows:
        raise BulkFileError("bulk.file.no_rows")
    return columns
