"""The files a bulk run sends back: the result (the upload with each row's invoice, link and
status) and, before issuing, the rows with problems; each named and captioned in the
manager's language, written in the upload's own format."""

from __future__ import annotations

from collections.abc import Callable

from bot.services.bulk.results import file_name, write_table
from bot.services.bulk.service import Prepared
from bot.services.bulk.tally import StopReason
from bot.texts import Html, Texts
from bot.views.bulk.messages import PROBLEMS_SHOWN, plain, plain_problems
from storage import InvoiceStatus
from storage.bulk import Cell, RowOutcome, RowResult, RunRecord


def result_file(run: RunRecord, results: list[RowResult], texts: Texts) -> tuple[bytes, str]:
    """The result file's content and name."""
    header, rows = result_table(run.header, results, texts, not_tried=_not_tried(run))
    data = write_table(
        header, rows, format=run.format, encoding=run.encoding, delimiter=run.delimiter
    )
    return data, file_name(run.file_name, run.format, _renamer("bulk.result.name", texts))


def problems_file(prepared: Prepared, texts: Texts) -> tuple[bytes, str] | None:
    """Every row with problems, when there are more than the summary shows; else None."""
    run, summary = prepared.run, prepared.summary
    if len(prepared.problem_rows) <= PROBLEMS_SHOWN:
        return None
    header, rows = problems_table(
        summary.header,
        [
            (
                row.row_number,
                row.cells,
                plain_problems(row.problems, summary.columns, summary.header, texts.lang),
            )
            for row in prepared.problem_rows
        ],
        texts,
    )
    data = write_table(
        header, rows, format=run.format, encoding=run.encoding, delimiter=run.delimiter
    )
    return data, file_name(run.file_name, run.format, _renamer("bulk.problems.name", texts))


def _renamer(key: str, texts: Texts) -> Callable[[str], str]:
    return lambda stem: plain(texts(key, stem=stem))


def _not_tried(run: RunRecord) -> str:
    """What a row never sent is: stopped because the manager's access was revoked, or not
    sent for another reason (PayKeeper stopped answering, refused the bot's login)."""
    return "access_revoked" if run.stop_reason == StopReason.ACCESS else "not_tried"


def result_caption(results: list[RowResult], run: RunRecord, texts: Texts) -> str:
    counts: dict[str, int] = {}
    for row in results:
        key = _caption_key(row)
        counts[key] = counts.get(key, 0) + 1
    if "not_tried" in counts:
        counts[_not_tried(run)] = counts.pop("not_tried")
    order = (
        "issued",
        "existing",
        "email_failed",
        "failed",
        "uncertain",
        "not_tried",
        "access_revoked",
        "invalid",
    )
    lines = [texts(f"bulk.result.{key}", count=counts[key]) for key in order if counts.get(key)]
    return texts("bulk.result.caption", file=run.file_name, lines=Html("\n".join(lines)))


def _caption_key(row: RowResult) -> str:
    if row.outcome is None:
        return "not_tried" if row.problem is None else "invalid"
    if row.status is InvoiceStatus.REQUESTED:
        return "uncertain"
    return row.outcome.value


def status_text(row: RowResult, texts: Texts, not_tried: str = "not_tried") -> tuple[str, str]:
    """(status, error) for the result file; ``not_tried``: why a row was never sent."""
    if row.outcome is None:
        if row.problem is not None:
            return texts("bulk.status.invalid"), row.problem
        return texts(_NOT_TRIED_STATUS[not_tried]), ""
    if row.problem is not None:  # tried, and the bot's own rules (or a fault) stopped it
        return texts("bulk.status.refused"), row.problem
    if row.status is None:
        return texts(_NOT_TRIED_STATUS[not_tried]), ""
    if row.outcome is RowOutcome.EMAIL_FAILED and row.status is InvoiceStatus.CREATED:
        status = texts("bulk.status.email_failed")
    else:
        status = texts(f"bulk.status.{row.status.value}")
    if row.outcome is RowOutcome.EXISTING:
        status = texts("bulk.status.earlier", status=status)
    # The issuer clears the error when an invoice is created or e-mailed, so what is left is
    # PayKeeper's message about this row (a refusal, no answer, or the e-mail not sent).
    return plain(status), row.error or ""


_NOT_TRIED_STATUS = {
    "not_tried": "bulk.status.not_tried",
    "access_revoked": "bulk.status.access_revoked",
}


def result_table(
    header: list[str], results: list[RowResult], texts: Texts, *, not_tried: str = "not_tried"
) -> tuple[list[str], list[list[Cell]]]:
    """The uploaded table with the invoice id, link, status, error and order id appended."""
    width = max([len(header), *(len(row.cells) for row in results)])
    extra = ["invoice_id", "link", "status", "error", "order_id"]
    out_header = [*header, *[""] * (width - len(header)), *(texts(f"bulk.col.{n}") for n in extra)]
    rows: list[list[Cell]] = []
    for row in results:
        status, error = status_text(row, texts, not_tried)
        rows.append(
            [
                *row.cells,
                *[""] * (width - len(row.cells)),
                row.paykeeper_id or "",
                row.invoice_url or "",
                status,
                error,
                row.order_id if row.outcome is not None else "",
            ]
        )
    return out_header, rows


def problems_table(
    header: list[str], rows: list[tuple[int, list[Cell], str]], texts: Texts
) -> tuple[list[str], list[list[Cell]]]:
    """The rows with errors, each with its row number and what is wrong, to fix and resend."""
    width = max([len(header), *(len(cells) for _, cells, _ in rows)])
    out_header = [
        texts("bulk.col.row"),
        *header,
        *[""] * (width - len(header)),
        texts("bulk.col.problem"),
    ]
    out_rows: list[list[Cell]] = [
        [number, *cells, *[""] * (width - len(cells)), problem] for number, cells, problem in rows
    ]
    return out_header, out_rows
