"""Bulk files end to end: check an upload, store it as a draft run, issue it in the
background, report it through RunReports; resume runs cut off by a restart.

Reading and planning are pure (reading.py, planning.py: given what the log already holds),
issuing the rows is the runner's (runner.py); this ties them to the drafts in SQLite and to
the manager's choices. The run
outlives the update that started it, so it is a BackgroundTasks job: at shutdown it finishes
the rows in flight and stays ``running`` in SQLite, and the next start resumes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.drafts import today_in_moscow
from bot.services.background import BackgroundTasks
from bot.services.bulk.choices import Choices, can_choose
from bot.services.bulk.columns import Field
from bot.services.bulk.line_cells import replaced_rates
from bot.services.bulk.planning import Plan, plan_rows, row_bases
from bot.services.bulk.reading import Limits, Reading, read_upload
from bot.services.bulk.reports import ProblemWording, RunReports
from bot.services.bulk.rows import CheckedRow
from bot.services.bulk.runner import BulkRunner, Explain
from bot.services.bulk.summary import Summary, reading_facts
from bot.services.bulk.tally import Tally
from bot.services.issue_outcomes import Manager
from bot.services.issuing import InvoiceIssuer
from storage import Delivery, InvoiceRepository
from storage.bulk import BulkRepository, NewRun, RunRecord, RunStatus
from storage.order_aliases import OrderAliases

log = logging.getLogger(__name__)

DRAFTS_KEPT = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Prepared:
    """An upload checked and stored as a draft run, ready to be shown to the manager."""

    run: RunRecord
    summary: Summary
    problem_rows: list[CheckedRow]  # every row with problems, for the problems file

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
        reports: RunReports,
        *,
        aliases: OrderAliases,
        describe: ProblemWording,
        explain: Explain,
        limits: Limits,
        concurrency: int,
        may_issue: Callable[[int], bool] = lambda _manager_id: True,
    ) -> None:
        self.runs = runs
        self.aliases = aliases  # the managers' stand-ins in order ids
        self.tasks = tasks
        self.reports = reports
        self.describe = describe
        self.limits = limits
        # Whether a manager may still have invoices issued in their name (bot/services/access):
        # a run of someone suspended or made a viewer stops, and is not resumed at start.
        self.may_issue = may_issue
        self.runner = BulkRunner(
            runs,
            invoices,
            issuer,
            concurrency=concurrency,
            may_issue=may_issue,
            explain=explain,
        )

    # --- Upload -----------------------------------------------------------------------------

    async def prepare(
        self, content: bytes, name: str, *, manager: Manager, chat_id: int, lang: str
    ) -> Prepared:
        """Read and check the file and store it as a draft run; raises BulkFileError."""
        reading = await self._read(content, name, Choices())
        new, plan = await self._planned(reading, content, manager, chat_id, Choices(), lang)
        run_id = await self.runs.create_run(new, plan.rows)
        return await self._prepared(run_id, reading, plan)

    async def choose_column(
        self, run_id: int, manager: Manager, column: Field, index: int, lang: str
    ) -> Prepared | None:
        """The draft read again with ``column`` taken from column ``index`` (or left out,
        with NONE); None if it is not this manager's draft any more."""
        return await self.choose(run_id, manager, column.value, index, lang)

    async def choose(
        self, run_id: int, manager: Manager, key: str, index: int, lang: str
    ) -> Prepared | None:
        """The draft read again with one choice changed (see :class:`Choices`); None if it
        is not this manager's draft any more, or the choice is not one of its options."""
        run = await self.runs.get(run_id)
        if run is None or run.status is not RunStatus.DRAFT or run.manager_id != manager.id:
            return None
        content = await self.runs.upload_of(run_id)
        if content is None:
            return None
        choices = Choices.stored(run.choices).changed(key, index)
        if choices is None:
            return None
        reading = await self._read(content, run.file_name, choices)
        new, plan = await self._planned(reading, content, manager, run.chat_id, choices, lang)
        if not await self.runs.replace_draft(run_id, new, plan.rows):
            return None
        return await self._prepared(run_id, reading, plan)

    async def _read(self, content: bytes, name: str, choices: Choices) -> Reading:
        return await asyncio.to_thread(
            read_upload,
            content,
            name,
            limits=self.limits,
            today=today_in_moscow(),
            choices=choices.columns,
            sheet=choices.sheet,
            include_settled=choices.include_settled,
        )

    async def _planned(
        self,
        reading: Reading,
        content: bytes,
        manager: Manager,
        chat_id: int,
        choices: Choices,
        lang: str,
    ) -> tuple[NewRun, Plan]:
        names = reading.layout.names
        problems = {
            row.row_number: self.describe(row.problems, reading.columns, names, lang)
            for row in reading.checked
            if row.problems
        }
        bases, earlier = await row_bases(
            self.runs,
            reading.checked,
            reading.content_hash,
            alias=await self.aliases.of(manager.id),
            manager_id=manager.id,
        )
        plan = plan_rows(reading.checked, bases, earlier, problems)
        table = reading.table
        choosable = can_choose(reading)
        new = NewRun(
            manager_id=manager.id,
            manager_name=manager.name,
            chat_id=chat_id,
            lang=lang,
            file_name=reading.file_name,
            file_hash=reading.content_hash,
            format=table.format,
            encoding=table.encoding,
            delimiter=table.delimiter,
            header=names,
            choices=choices.to_stored(reading),
            upload=content if choosable else None,  # to read it again on the manager's choice
        )
        return new, plan

    async def _prepared(self, run_id: int, reading: Reading, plan: Plan) -> Prepared:
        run = await self.runs.get(run_id)
        if run is None:  # pragma: no cover - just written
            raise RuntimeError(f"bulk run {run_id} vanished")
        problem_rows = [row for row in reading.checked if row.problems]
        summary = Summary(
            file_name=reading.file_name,
            rows=len(reading.checked),
            ready=plan.ready,
            total=plan.total,
            emails=plan.emails,
            retries=plan.retries,
            existing=plan.existing,
            uncertain=plan.uncertain,
            problems=[(row.row_number, row.problems) for row in problem_rows],
            columns=reading.columns,
            header=reading.layout.names,
            header_rows=reading.layout.header_rows,
            skipped=reading.skipped,
            replaced_rates=sum(replaced_rates(row.lines) for row in reading.checked),
            reading=reading_facts(reading),
        )
        return Prepared(run, summary, problem_rows)

    # --- Choice -----------------------------------------------------------------------------

    async def start(self, run_id: int, manager_id: int, delivery: Delivery) -> RunRecord | None:
        """The draft as running, or None if it is not this manager's draft any more, or a
        question about it is still open (an old or forged button)."""
        run = await self.runs.get(run_id)
        if run is None or Choices.stored(run.choices).asked:
            return None
        if not await self.runs.start(run_id, manager_id, delivery):
            return None
        return await self.runs.get(run_id)

    async def cancel(self, run_id: int, manager_id: int) -> RunRecord | None:
        if not await self.runs.cancel(run_id, manager_id):
            return None
        return await self.runs.get(run_id)

    async def is_others(self, run_id: int, user_id: int) -> bool:
        """Whether the run belongs to another manager: a file is only ever its uploader's."""
        run = await self.runs.get(run_id)
        return run is not None and run.manager_id != user_id

    # --- The run ----------------------------------------------------------------------------

    def launch(self, run: RunRecord, *, resumed: bool = False) -> None:
        self.tasks.spawn(self._drive(run, resumed=resumed), name=f"bulk-run-{run.id}")

    async def resume(self) -> int:
        """Carry on with the runs a stop or a crash cut off; returns how many. Drafts nobody
        started for a week are dropped on the way (their buttons then say so)."""
        await self.runs.forget_unstarted(datetime.now(UTC) - DRAFTS_KEPT)
        runs = await self.runs.with_status(RunStatus.RUNNING)
        for run in runs:
            log.info("bulk run %s was cut off; resuming", run.id)
            self.launch(run, resumed=True)
        return len(runs)

    async def close_if_nothing_to_issue(self, prepared: Prepared) -> None:
        """A file with no row to issue ends here; if some rows were issued earlier (the same
        file sent again), their links and statuses are worth a result file right away."""
        if prepared.ready or prepared.summary.can_choose:
            return  # the manager decides (a column choice may still make rows issuable)
        await self.runs.finish(prepared.run.id)
        if prepared.summary.existing:
            await self.send_result(prepared.run)

    async def _drive(self, run: RunRecord, *, resumed: bool) -> None:
        if resumed and self.may_issue(run.manager_id):  # else it stops at once: no "carry on"
            await self.reports.resumed(run)
        progress = await self.reports.progress(run, Tally.of(await self.runs.counts(run.id)))
        if progress.message_id is not None:
            await self.runs.set_progress_message(run.id, progress.message_id)
        try:
            end = await self.runner.run(
                run, resumed=resumed, progress=progress.changed, stopping=self.tasks.stopping
            )
        except Exception:
            log.exception("bulk run %s failed", run.id)
            await progress.crashed()
            return
        if end.interrupted:
            # Shutting down: the run stays `running` and the next start resumes it.
            log.info("bulk run %s paused at %d/%d", run.id, end.tally.done, end.tally.total)
            await progress.paused(end.tally)
            return
        await progress.finished(end.tally, end.stop_reason)
        # The result goes out before the run is marked finished: a crash in between resends
        # it at the next start rather than never sending it.
        await self.send_result(replace(run, stop_reason=end.stop_reason))
        await self.runs.finish(run.id, stop_reason=end.stop_reason)

    async def send_result(self, run: RunRecord) -> None:
        await self.reports.result(run, await self.runs.results(run.id))
