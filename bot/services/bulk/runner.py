"""Issuing a run's rows: a fixed number in flight, each through :class:`InvoiceIssuer`.

A pool of workers takes rows from one shared list, so a 10 000-row file costs 8 (or however
many) coroutines, not 10 000 tasks. The row is written to SQLite by the issuer before
PayKeeper is called, and its outcome right after, so a restart resumes where it stopped:

* a row whose order id is already in the log is never sent again: if that invoice is still
  ``requested`` (the answer was lost, or the bot died mid-call) it is reported as uncertain and
  left to reconciliation, which looks the order up in PayKeeper;
* at shutdown (``stopping``) workers finish the rows in flight and take no more;
* when PayKeeper refuses the bot's credentials, or stops answering, the run stops instead of
  failing every remaining row the same way;
* when the manager may no longer issue (suspended, made a viewer), the run stops: each row is
  asked before it is sent, so a resumed run of theirs sends nothing.
* anything else that goes wrong with one row (the bot's own rules refuse it, or an exception
  nobody foresaw) is that row's failed line, with the reason: the other rows go on, and a
  resumed run meets the row's failed invoice in the log (or fails the row again) rather than
  crashing on it twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Final

from bot.drafts import InvoiceDraft
from bot.parsing import InputError
from bot.services.bulk.line_cells import stored_lines
from bot.services.bulk.tally import Breaker, RunEnd, StopReason, Tally, revoked
from bot.services.issue_outcomes import FailureKind, IssueOutcome, Manager
from bot.services.issuing import InvoiceIssuer
from storage import (
    Delivery,
    DuplicateOrderError,
    EventKind,
    InvoiceRecord,
    InvoiceRepository,
    InvoiceStatus,
)
from storage.bulk import (
    BulkRepository,
    PendingRow,
    RowDone,
    RowOutcome,
    RunRecord,
)

log = logging.getLogger(__name__)

# Row outcomes are written in batches: one transaction per row would cost as much SQLite time
# as the invoice itself. Losing a batch to a crash loses nothing: the invoice log has the
# truth, and a resumed run reads it back for those rows (see _existing).
RECORD_BATCH: Final = 32


Progress = Callable[[Tally], None]
# A refusal as the result file says it: plain text in the run's language.
Explain = Callable[[InputError, str], str]
Issued = tuple[RowDone, FailureKind | None]


class BulkRunner:
    def __init__(
        self,
        runs: BulkRepository,
        invoices: InvoiceRepository,
        issuer: InvoiceIssuer,
        *,
        concurrency: int,
        may_issue: Callable[[int], bool] = lambda _manager_id: True,
        explain: Explain,
    ) -> None:
        self.runs = runs
        self.invoices = invoices
        self.issuer = issuer
        self.concurrency = concurrency
        self.may_issue = may_issue
        self.explain = explain
        # Shared by every run of this runner: two managers' files at once still keep at most
        # `concurrency` requests in flight.
        self.limit = asyncio.Semaphore(concurrency)

    async def run(
        self,
        run: RunRecord,
        *,
        resumed: bool = False,
        progress: Progress | None = None,
        stopping: asyncio.Event | None = None,
    ) -> RunEnd:
        if run.delivery is None:
            raise ValueError(f"bulk run {run.id} has no delivery chosen")
        pending = await self.runs.pending(run.id)
        tally = Tally.of(await self.runs.counts(run.id))
        breaker = Breaker()
        manager = Manager(run.manager_id, run.manager_name)
        rows = iter(pending)
        delivery = run.delivery
        stop = stopping or asyncio.Event()

        finished: list[RowDone] = []
        batch = max(RECORD_BATCH, self.concurrency)

        async def flush() -> None:
            done = finished.copy()
            finished.clear()
            await self.runs.record(run.id, done)

        async def worker() -> None:
            for row in rows:  # one shared iterator: each row is taken by one worker
                if revoked(breaker, self.may_issue, manager.id):
                    return
                if stop.is_set() or breaker.reason is not None:
                    return
                async with self.limit:
                    done, failure = await self._settled(row, manager, delivery, run, resumed)
                finished.append(done)
                tally.add(done.outcome)
                breaker.record(failure)
                if progress is not None:
                    progress(tally)
                if len(finished) >= batch:
                    await flush()

        workers = min(self.concurrency, len(pending))
        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(workers):
                    group.create_task(worker())
        finally:
            await flush()
        if breaker.reason == StopReason.ACCESS:
            await self._logged_before(run, tally)
        if tally.done < tally.total and stop.is_set() and breaker.reason is None:
            return RunEnd(tally, interrupted=True)
        return RunEnd(tally, stop_reason=breaker.reason)

    async def _logged_before(self, run: RunRecord, tally: Tally) -> None:
        """A run stopped for good still accounts for the rows the invoice log has though their
        outcome was not recorded (a crash lost the batch): issued, or uncertain, is what the
        result file must say of them, never "not sent". Nothing is sent to PayKeeper."""
        rows = await self.runs.pending(run.id)
        known = await self.runs.known_orders([row.order_id for row in rows])
        done = [
            RowDone(row.row_number, _logged_outcome(order.status), order.invoice_id)
            for row in rows
            if (order := known.get(row.order_id)) is not None
        ]
        await self.runs.record(run.id, done)
        for row_done in done:
            tally.add(row_done.outcome)

    async def _settled(
        self, row: PendingRow, manager: Manager, delivery: Delivery, run: RunRecord, resumed: bool
    ) -> Issued:
        """How the row ended, whatever happened to it: one row never ends the run."""
        try:
            return await self._issue(row, manager, delivery, run, resumed)
        except Exception:
            log.exception("bulk run %s: row %s failed", run.id, row.row_number)
        try:
            existing = await self.invoices.get_by_order(row.order_id)
            if existing is not None:  # logged before it broke: what the log says counts
                return await self._existing(row, existing, run, resumed=resumed)
        except Exception:
            log.exception("bulk run %s: row %s not looked up", run.id, row.row_number)
        problem = self.explain(InputError("bulk.row.unexpected"), run.lang)
        return RowDone(row.row_number, RowOutcome.FAILED, None, problem), None

    async def _issue(
        self,
        row: PendingRow,
        manager: Manager,
        delivery: Delivery,
        run: RunRecord,
        resumed: bool,
    ) -> Issued:
        draft = InvoiceDraft.from_data(row.draft)
        # Rows without an e-mail get a link even in an e-mail run: nothing else can reach them.
        chosen = delivery if draft.email else Delivery.LINK
        try:
            outcome = await self.issuer.issue(
                draft,
                order_id=row.order_id,
                manager=manager,
                delivery=chosen,
                lines=stored_lines(row.draft, self.issuer),
            )
        except DuplicateOrderError:
            existing = await self.invoices.get_by_order(row.order_id)
            if existing is None:  # pragma: no cover - the log never deletes invoices
                raise
            return await self._existing(row, existing, run, resumed=resumed)
        refusal = outcome.failure.refusal if outcome.failure else None
        if refusal is not None:
            problem = self.explain(refusal, run.lang)
            return RowDone(row.row_number, RowOutcome.FAILED, outcome.invoice.id, problem), None
        return _classify(row, outcome)

    async def _existing(
        self, row: PendingRow, invoice: InvoiceRecord, run: RunRecord, *, resumed: bool
    ) -> Issued:
        """A row whose order id is taken: by this run before a restart, or by another upload
        of the same rows. Nothing is sent to PayKeeper again, except the e-mail a resumed run
        was cut off before (a second letter is better than none)."""
        number = row.row_number
        if invoice.status is InvoiceStatus.REQUESTED:
            return RowDone(number, RowOutcome.UNCERTAIN, invoice.id), None
        if invoice.status is InvoiceStatus.FAILED:
            return RowDone(number, RowOutcome.FAILED, invoice.id, await self._why(row, run)), None
        if (
            resumed
            and invoice.status is InvoiceStatus.CREATED
            and invoice.delivery is Delivery.EMAIL
            and invoice.error is None
        ):
            sent = await self.issuer.send_email(
                invoice, actor_id=invoice.manager_id, event=EventKind.EMAILED
            )
            return _classify(row, sent)
        return RowDone(
            number, RowOutcome.ISSUED if resumed else RowOutcome.EXISTING, invoice.id
        ), None

    async def _why(self, row: PendingRow, run: RunRecord) -> str | None:
        """Why the bot's rules refuse the row (a resumed run meets its failed invoice), or None
        when they let it through (PayKeeper's own refusal, kept in the invoice)."""
        try:
            draft = InvoiceDraft.from_data(row.draft)
            refusal = await self.issuer.refusal(draft, stored_lines(row.draft, self.issuer))
        except Exception:
            refusal = InputError("bulk.row.unexpected")
        return self.explain(refusal, run.lang) if refusal is not None else None


def _logged_outcome(status: InvoiceStatus) -> RowOutcome:
    if status is InvoiceStatus.REQUESTED:
        return RowOutcome.UNCERTAIN
    if status is InvoiceStatus.FAILED:
        return RowOutcome.FAILED
    return RowOutcome.ISSUED


def _classify(row: PendingRow, outcome: IssueOutcome) -> Issued:
    failure = outcome.failure
    invoice = outcome.invoice.id
    if failure is None:
        return RowDone(row.row_number, RowOutcome.ISSUED, invoice), None
    if failure.kind in (FailureKind.EMAIL, FailureKind.EMAIL_UNCERTAIN):
        return RowDone(row.row_number, RowOutcome.EMAIL_FAILED, invoice), None
    if failure.kind is FailureKind.UNCERTAIN:
        return RowDone(row.row_number, RowOutcome.UNCERTAIN, invoice), failure.kind
    return RowDone(row.row_number, RowOutcome.FAILED, invoice), failure.kind
