"""What the bot's reader makes of the unseen corpus, beside what an accountant expects.

``python -m tests.corpus.unseen_today`` writes, per file, every difference as Markdown into
``unseen/TODAY.md`` below its marker line (the summary above it is written by hand). A report,
not a test: the reader is being rebuilt to pass it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from bot.services.bulk.reading import Limits, Reading, read_upload
from bot.services.bulk.table import BulkFileError
from tests.corpus.unseen_expectations import FOLDER, TODAY, Expectation, Invoice, expectations

LIMITS = Limits(max_rows=1000, max_bytes=2 * 1024 * 1024, max_amount=Decimal(1_000_000))
MARKER = "<!-- below: written by python -m tests.corpus.unseen_today -->"
FIELDS = ("amount", "email", "phone", "client", "service", "last_day", "order")
Values = dict[str, str | None]


def _shown(values: Values) -> str:
    return ", ".join(f"{key}={value}" for key, value in values.items() if value is not None)


def _wanted(invoice: Invoice) -> Values:
    return {
        "amount": str(invoice.amount),
        "email": invoice.email,
        "phone": invoice.phone,
        "client": invoice.client,
        "service": invoice.service,
        "last_day": str(invoice.last_day) if invoice.last_day else None,
        "order": invoice.order,
    }


def _issued(reading: Reading) -> dict[int, Values]:
    issued: dict[int, Values] = {}
    for row in reading.checked:
        if row.draft is not None:
            draft = row.draft
            issued[row.row_number] = {
                "amount": str(draft.amount),
                "email": draft.email,
                "phone": draft.phone,
                "client": draft.client_name,
                "service": draft.service,
                "last_day": str(draft.last_day) if draft.last_day else None,
                "order": row.order,
            }
    return issued


def _first_sheet(path: Path) -> str:
    workbook = load_workbook(path, read_only=True)
    try:
        return str(workbook.sheetnames[0])
    finally:
        workbook.close()


def _compared(reading: Reading, expected: Expectation) -> list[str]:
    names = reading.layout.names
    lines = [
        f"- header rows {list(reading.layout.header_rows)}; columns: "
        + ", ".join(f"{f.value}=«{names[i]}»" for f, i in reading.columns.fields.items())
    ]
    if reading.columns.alternatives:
        lines.append(
            "- offered: "
            + "; ".join(
                f"{f.value}: " + "/".join(f"«{names[i]}»" for i in others)
                for f, others in reading.columns.alternatives.items()
            )
        )
    issued = _issued(reading)
    problems = {row.row_number: [p.error.key for p in row.problems] for row in reading.checked}
    skipped = {row.row_number: row.kind.value for row in reading.skipped}
    named: set[int] = set()
    for invoice in expected.invoices:
        named.update(invoice.rows)
        first, want = invoice.rows[0], _wanted(invoice)
        rows = "+".join(map(str, invoice.rows))
        if first not in issued:
            why = problems.get(first) or skipped.get(first) or "not read"
            lines.append(f"- rows {rows}: expected ({_shown(want)}); read: NOT issued ({why})")
            continue
        diff = [
            f"{key} expected {want[key]!r}, read {issued[first][key]!r}"
            for key in FIELDS
            if want[key] != issued[first][key]
        ]
        diff += [
            f"row {extra} expected joined, read {problems.get(extra) or _shown(issued[extra])}"
            for extra in invoice.rows[1:]
            if problems.get(extra) != ["bulk.row.joined"] and extra in issued
        ]
        if diff:
            lines.append(f"- rows {rows}: " + "; ".join(diff))
    for skip in expected.not_billed:
        named.add(skip.row)
        if skip.row in issued:
            lines.append(f"- row {skip.row} ({skip.why}): BILLED ({_shown(issued[skip.row])})")
        elif problems.get(skip.row):
            lines.append(
                f"- row {skip.row} ({skip.why}): withheld as a faulty row {problems[skip.row]}"
                " rather than counted apart"
            )
    lines += [
        f"- row {row}: BILLED, not expected ({_shown(values)})"
        for row, values in issued.items()
        if row not in named
    ]
    return lines


def report() -> str:
    out: list[str] = []
    for path, expected in expectations():
        out.append(f"\n## {path.name}\n")
        if expected.ask:
            asks = ", ".join(sorted(expected.ask))
            out.append(f"- the bot must ask ({asks}); today's reader never asks")
        try:
            reading = read_upload(path.read_bytes(), path.name, limits=LIMITS, today=TODAY)
        except BulkFileError as error:
            out.append(f"- refused the whole file: {error}")
            continue
        first = _first_sheet(path) if expected.sheet is not None else None
        if first is not None and first != expected.sheet:
            out.append(f"- read the first sheet «{first}», not «{expected.sheet}»; billed:")
            out += [f"  - row {row}: {_shown(values)}" for row, values in _issued(reading).items()]
            continue
        out += _compared(reading, expected)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    target = FOLDER / "TODAY.md"
    summary = target.read_text(encoding="utf-8").split(MARKER)[0] if target.exists() else ""
    target.write_text(summary + MARKER + "\n" + report(), encoding="utf-8")
