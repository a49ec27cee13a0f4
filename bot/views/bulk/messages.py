"""How a bulk run reads in chat, in the manager's language: file errors, problems with rows,
the progress message and how the run ended."""

from __future__ import annotations

import html
import re
from typing import Final

from bot.formatting import short
from bot.parsing import InputError
from bot.services.bulk.columns import Columns, Field
from bot.services.bulk.rows import Problem
from bot.services.bulk.table import BulkFileError
from bot.services.bulk.tally import StopReason, Tally
from bot.texts import Html, Texts, texts_for
from storage import Delivery
from storage.bulk import RunRecord

PROBLEMS_SHOWN: Final = 10  # more than this and the rest go into a file
_NAMES_SHOWN: Final = 8
_TAG = re.compile(r"<[^>]*>")


def plain(text: str) -> str:
    """An HTML text as it reads without markup (for files)."""
    return html.unescape(_TAG.sub("", text))


def format_size(size: int, lang: str) -> str:
    if size >= 1024 * 1024:
        number, unit = f"{size / 1024 / 1024:.1f}".removesuffix(".0"), ("МБ", "MB")
    else:
        number, unit = str(max(1, round(size / 1024))), ("КБ", "KB")
    if lang == "ru":
        return f"{number.replace('.', ',')}\xa0{unit[0]}"
    return f"{number}\xa0{unit[1]}"


_SIZES: Final = frozenset({"bulk.file.too_big", "bulk.file.xlsx_too_large"})


def file_error_text(error: BulkFileError, file_name: str, texts: Texts) -> str:
    params = dict(error.params)
    for name, value in params.items():
        if error.key in _SIZES and name in ("size", "maximum") and isinstance(value, int):
            params[name] = format_size(value, texts.lang)
        elif isinstance(value, int) and not isinstance(value, bool) and name != "row":
            params[name] = format_count(value, texts.lang)
        elif isinstance(value, list):  # column names
            names = [str(name) for name in value if str(name).strip()]
            params[name] = column_names(list(range(len(names))), names) or "—"
    reason = texts.html(error.key, **params)
    return texts("bulk.file.failed", file=file_name, reason=reason)


def format_count(number: int, lang: str) -> str:
    """``16 384`` in Russian (a no-break space between thousands), ``16,384`` in English;
    four digits as they are, as both languages write them."""
    if number < 10_000:
        return str(number)
    return f"{number:,}".replace(",", "\xa0" if lang == "ru" else ",")


def column_names(indexes: list[int], header: list[str]) -> str:
    """``«Сумма», «Почта»`` — at most a few, each shortened: a message holds 4096 characters."""
    names = [f"«{short(header[index])}»" for index in indexes[:_NAMES_SHOWN]]
    if len(indexes) > _NAMES_SHOWN:
        names.append(f"… (+{len(indexes) - _NAMES_SHOWN})")
    return ", ".join(names)


def problem_reasons(
    problems: list[Problem], columns: Columns, header: list[str], texts: Texts
) -> list[Html]:
    """``«Сумма»: …`` for each problem: the column as the file names it, then what is wrong."""
    parts = []
    for problem in problems:
        message = texts.html(problem.error.key, **problem.error.params_for(texts.lang))
        index = columns.fields.get(problem.field) if problem.field else None
        column = short(header[index]) if index is not None else texts("bulk.field.order")
        parts.append(texts.html("bulk.row.problem", column=column, message=message))
    return parts


def joined(reasons: list[Html], limit: int | None = None) -> Html:
    """The reasons in one line; with ``limit``, as many whole ones as fit (markup intact).
    Each reason is a sentence of its own, so a space separates them."""
    if limit is None:
        return Html(" ".join(reasons))
    shown = reasons[:1]
    for reason in reasons[1:]:
        if sum(len(part) + 1 for part in shown) + len(reason) > limit:
            shown.append(Html("…"))
            break
        shown.append(reason)
    return Html(" ".join(shown))


def plain_problems(problems: list[Problem], columns: Columns, header: list[str], lang: str) -> str:
    """A row's problems as one line without markup: what the run keeps beside the row and
    writes into the problems and result files."""
    return plain(joined(problem_reasons(problems, columns, header, texts_for(lang))))


def plain_refusal(refusal: InputError, lang: str) -> str:
    """Why the bot did not issue a row, as the result file says it in the run's language."""
    texts = texts_for(lang)
    return plain(texts.html(refusal.key, **refusal.params_for(lang)))


def progress_text(tally: Tally, run: RunRecord, texts: Texts) -> str:
    delivery = texts(f"bulk.delivery.{(run.delivery or Delivery.LINK).value}")
    return texts(
        "bulk.progress",
        file=run.file_name,
        delivery=delivery,
        done=tally.done,
        total=tally.total,
        failed=tally.problems,
    )


def paused_text(tally: Tally, run: RunRecord, texts: Texts) -> str:
    return texts(
        "bulk.paused",
        file=run.file_name,
        done=tally.done,
        total=tally.total,
        failed=tally.problems,
    )


def final_text(tally: Tally, run: RunRecord, stop_reason: str | None, texts: Texts) -> str:
    values = {
        "file": run.file_name,
        "done": tally.done,
        "total": tally.total,
        "failed": tally.problems,
    }
    if stop_reason is None:
        return texts("bulk.done", **values)
    reason = texts.html(_STOP_TEXTS.get(stop_reason, "bulk.stop.unreachable"))
    return texts("bulk.stopped", reason=reason, **values)


_STOP_TEXTS = {StopReason.AUTH: "bulk.stop.auth", StopReason.ACCESS: "bulk.stop.access"}


def field_name(column: Field, texts: Texts) -> str:
    return texts(f"bulk.field.{column.value}")
