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

from aiogram import Bot
from aiogram.types import BufferedInputFile, Message

from bot.drafts import today_in_moscow
from bot.services.background import BackgroundTasks
from bot.services.bulk import messages
from bot.services.bulk.columns import Field
from bot.services.bulk.planning import Plan, plan_rows
from bot.services.bulk.progress import INTERVAL, ProgressReporter, telegram_call
from bot.services.bulk.reading import Limits, Reading, read_upload
from bot.services.bulk.results import file_name, write_table
from bot.services.bulk.rows import CheckedRow
from bot.services.bulk.runner import BulkRunner, Tally
from bot.services.bulk.summary import Summary
from bot.services.issuing import InvoiceIssuer, Manager
from bot.settings import Settings
from bot.texts import Html, Texts
from storage import Delivery, InvoiceRepository
from storage.bulk import BulkRepository, NewRun, RunRecord, RunStatus

log = logging.getLogger(__name__)

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
        reading = await self._read(content, name, {})
        new, plan, problems = await self._planned(reading, content, manager, chat_id, {}, texts)
        run_id = await self.runs.create_run(new, plan.rows)
        return await self._prepared(run_id, reading, name, plan, problems, texts)

    async def choose_column(
        self, run_id: int, manager: Manager, column: Field, index: int, texts: Texts
    ) -> Prepared | None:
        """The draft read again with ``column`` taken from column ``index`` (or left out,
        with NONE); None if it is not this manager's draft any more."""
        run = await self.runs.get(run_id)
        if run is None or run.status is not RunStatus.DRAFT or run.manager_id != manager.id:
            return None
        content = await self.runs.upload_of(run_id)
        if content is None:
            return None
        choices = {Field(name): chosen for name, chosen in run.choices.items()}
        choices[column] = index
        reading = await self._read(content, run.file_name, choices)
        new, plan, problems = await self._planned(
            reading, content, manager, run.chat_id, choices, texts
        )
        if not await self.runs.replace_draft(run_id, new, plan.rows):
            return None
        return await self._prepared(run_id, reading, run.file_name, plan, problems, texts)

    async def _read(self, content: bytes, name: str, choices: dict[Field, int]) -> Reading:
        limits = Limits(
            max_rows=self.settings.bulk_max_rows,
            max_bytes=self.settings.bulk_max_bytes,
            max_amount=self.settings.max_amount,
        )
        return await asyncio.to_thread(
            read_upload, content, name, limits=limits, today=today_in_moscow(), choices=choices
        )

    async def _planned(
        self,
        reading: Reading,
        content: bytes,
        manager: Manager,
        chat_id: int,
        choices: dict[Field, int],
        texts: Texts,
    ) -> tuple[NewRun, Plan, list[tuple[CheckedRow, list[Html]]]]:
        names = reading.layout.names
        problems = [
            (row, messages.problem_reasons(row.problems, reading.columns, names, texts))
            for row in reading.checked
            if row.problems
        ]
        plain_problems = {
            row.row_number: messages.plain(messages.joined(reasons)) for row, reasons in problems
        }
        plan = await plan_rows(
            self.runs, reading.checked, manager.id, reading.content_hash, plain_problems
        )
        table = reading.table
        choosable = bool(reading.columns.alternatives)
        new = NewRun(
            manager_id=manager.id,
            manager_name=manager.name,
            chat_id=chat_id,
            lang=texts.lang,
            file_name=reading.file_name,
            file_hash=reading.content_hash,
            format=table.format,
            encoding=table.encoding,
            delimiter=table.delimiter,
            header=names,
            choices={column.value: index for column, index in choices.items()},
            upload=content if choosable else None,  # to read it again on the manager's choice
        )
        return new, plan, problems

    async def _prepared(
        self,
        run_id: int,
        reading: Reading,
        name: str,
        plan: Plan,
        problems: list[tuple[CheckedRow, list[Html]]],
        texts: Texts,
    ) -> Prepared:
        run = await self.runs.get(run_id)
        if run is None:  # pragma: no cover - just written
            raise RuntimeError(f"bulk run {run_id} vanished")
        summary = Summary(
            file_name=name,
            rows=len(reading.checked),
            ready=plan.ready,
            total=plan.total,
            emails=plan.emails,
            retries=plan.retries,
            existing=plan.existing,
            uncertain=plan.uncertain,
            problems=[(row.row_number, reasons) for row, reasons in problems],
            columns=reading.columns,
            header=reading.layout.names,
            header_rows=reading.layout.header_rows,
            skipped=reading.skipped,
        )
        problems_file = None
        if len(problems) > messages.PROBLEMS_SHOWN:
            problems_file = self._problems_file(reading, name, problems, texts)
        return Prepared(run, summary, problems_file)

    def _problems_file(
        self,
        reading: Reading,
        name: str,
        problems: list[tuple[CheckedRow, list[Html]]],
        texts: Texts,
    ) -> BufferedInputFile:
        header, rows = messages.problems_table(
            reading.layout.names,
            [
                (row.row_number, row.cells, messages.plain(messages.joined(reasons)))
                for row, reasons in problems
            ],
            texts,
        )
        table = reading.table
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
        if prepared.ready or prepared.summary.can_choose:
            return  # the manager decides (a column choice may still make rows issuable)
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
