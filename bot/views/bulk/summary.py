"""The summary of an upload: how the file was read, the rows skipped and the rows with
problems, and what can be issued."""

from __future__ import annotations

from typing import Final

from bot.formatting import format_amount, short
from bot.services.bulk.questions import Ask
from bot.services.bulk.sheets import SHEETS_SHOWN
from bot.services.bulk.skipping import Skip, Skipped
from bot.services.bulk.summary import Summary
from bot.texts import Html, Texts
from bot.views.bulk.messages import (
    PROBLEMS_SHOWN,
    column_names,
    field_name,
    joined,
    problem_reasons,
)

SKIPPED_SHOWN: Final = 10
_REASON_LENGTH: Final = 250


def summary_text(summary: Summary, texts: Texts) -> str:
    lines = [texts("bulk.summary.title", file=summary.file_name, rows=summary.rows)]
    lines.extend(_reading_lines(summary, texts))
    lines.append("")
    if summary.ready:
        total = format_amount(summary.total, texts.lang)
        lines.append(texts("bulk.summary.ready", count=summary.ready, total=total))
        if summary.emails < summary.ready:
            lines.append(texts("bulk.summary.emails", emails=summary.emails, count=summary.ready))
        if summary.retries:
            lines.append(texts("bulk.summary.retry", count=summary.retries))
        if summary.replaced_rates:
            lines.append(texts("rcpt.rates_replaced", count=summary.replaced_rates))
    if summary.existing:
        lines.append(texts("bulk.summary.existing", count=summary.existing))
        if summary.uncertain:
            lines.append(texts("bulk.summary.uncertain", count=summary.uncertain))
    if summary.problems:
        lines.append(texts("bulk.summary.invalid", count=len(summary.problems)))
        for row, problems in summary.problems[:PROBLEMS_SHOWN]:
            reasons = problem_reasons(problems, summary.columns, summary.header, texts)
            shown = joined(reasons, _REASON_LENGTH)
            lines.append(texts("bulk.summary.problem", row=row, reasons=shown))
        if len(summary.problems) > PROBLEMS_SHOWN:
            lines.append(
                texts("bulk.summary.more_problems", count=len(summary.problems) - PROBLEMS_SHOWN)
            )
    lines.append("")
    if summary.reading.questions:
        lines.extend(question_lines(summary, texts))
    elif summary.ready:
        lines.append(texts("bulk.summary.ask", count=summary.ready))
    else:
        lines.append(texts("bulk.summary.nothing"))
        if summary.can_choose:
            lines.append(texts("bulk.summary.choose_column"))
        elif summary.problems:
            lines.append(texts("bulk.summary.fix_and_resend"))
    return "\n".join(lines)


def _reading_lines(summary: Summary, texts: Texts) -> list[str]:
    """The header row, the column of each field, the other candidates, what is ignored, and
    the rows skipped as not invoices."""
    header = summary.header
    columns = summary.columns
    rows = "–".join(str(row) for row in summary.header_rows)
    found = [
        texts.html(
            "bulk.summary.column", field=field_name(column, texts), name=short(header[index])
        )
        for column, index in sorted(columns.fields.items(), key=lambda item: item[1])
    ]
    lines = [texts("bulk.summary.columns", row=rows, columns=Html(", ".join(found)))]
    for column, others in columns.alternatives.items():
        if column in columns.dropped:
            continue
        lines.append(
            texts(
                "bulk.summary.alternatives",
                field=field_name(column, texts),
                chosen=short(header[columns.fields[column]]),
                others=column_names(others, header),
            )
        )
    for column in columns.dropped:
        lines.append(texts("bulk.summary.dropped", field=field_name(column, texts)))
    if columns.ignored:
        lines.append(texts("bulk.summary.ignored", columns=column_names(columns.ignored, header)))
    lines.extend(_decision_lines(summary, texts))
    skipped = summary.skipped or []
    if skipped:
        lines.append(texts("bulk.summary.skipped", count=len(skipped)))
        lines.extend(skipped_line(row, texts) for row in skipped[:SKIPPED_SHOWN])
        if len(skipped) > SKIPPED_SHOWN:
            lines.append(texts("bulk.summary.more_skipped", count=len(skipped) - SKIPPED_SHOWN))
    return lines


def _decision_lines(summary: Summary, texts: Texts) -> list[str]:
    """What the reader chose where the file reads otherwise: the sheet, the rows set apart
    as paid or cancelled, the rows billed for the rest, the rows joined into one invoice."""
    facts = summary.reading
    lines = []
    if facts.sheet is not None:
        others = [name for name in facts.sheets if name != facts.sheet]
        lines.append(
            texts("bulk.summary.sheet", sheet=short(facts.sheet), others=_quoted(others, texts))
        )
    if facts.paid or facts.cancelled:
        lines.append(texts("bulk.summary.settled", paid=facts.paid, cancelled=facts.cancelled))
    if facts.include_settled:
        lines.append(texts("bulk.summary.settled_included"))
    if facts.partly_paid:
        lines.append(texts("bulk.summary.partly_paid", count=facts.partly_paid))
    for rows in facts.joined[:SKIPPED_SHOWN]:
        lines.append(texts("bulk.summary.joined", rows=", ".join(map(str, rows))))
    return lines


def question_lines(summary: Summary, texts: Texts) -> list[str]:
    lines = []
    for question in summary.reading.questions:
        if question.ask is Ask.AMOUNT_COLUMN:
            names = [summary.header[int(option)] for option in question.options]
            lines.append(texts("bulk.ask.amount_column", columns=_quoted(names, texts)))
        else:
            lines.append(texts("bulk.ask.sheet"))
    lines.append(texts("bulk.ask.first"))
    return lines


def _quoted(names: list[str], texts: Texts) -> str:
    marks = "«{}»" if texts.lang == "ru" else "“{}”"
    shown = [marks.format(short(name, 40)) for name in names[:SHEETS_SHOWN]]
    return ", ".join(
        shown + ([f"… (+{len(names) - SHEETS_SHOWN})"] if len(names) > SHEETS_SHOWN else [])
    )


def skipped_line(row: Skipped, texts: Texts) -> str:
    amount = format_amount(row.amount, texts.lang) if row.amount is not None else ""
    label = short(row.text or "")
    if row.kind is Skip.TOTAL and amount:
        return texts("bulk.skip.total_amount", row=row.row_number, label=label, amount=amount)
    # Each text takes the fields it needs (format() ignores the others).
    return texts(f"bulk.skip.{row.kind.value}", row=row.row_number, label=label, amount=amount)
