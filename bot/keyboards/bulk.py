"""Buttons under a bulk file's summary."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.formatting import short
from bot.services.bulk.choices import SETTLED_KEY, SHEET
from bot.services.bulk.columns import NONE, REQUIRED, Columns, Field
from bot.services.bulk.questions import Ask
from bot.services.bulk.sheets import SHEETS_SHOWN
from bot.services.bulk.summary import ReadingFacts
from bot.texts import Texts

ALTERNATIVES_SHOWN: Final = 3  # per field: more than this and the file needs renaming anyway


class BulkAction(StrEnum):
    EMAIL = "email"  # issue, e-mailing the invoices that have an address
    LINK = "link"  # issue, links only
    CANCEL = "cancel"


class BulkCallback(CallbackData, prefix="bulk"):
    action: str  # a BulkAction; a plain string so a forged one still unpacks
    run: int  # the run's id: the draft lives in SQLite, so the buttons survive a restart


class BulkColumnCallback(CallbackData, prefix="bulkcol"):
    """Take ``field`` from column ``column`` (``-1``: leave it empty), and read the file
    again. About 30 bytes: far under Telegram's 64."""

    run: int
    field: Field
    column: int


class BulkReadCallback(CallbackData, prefix="bulkrd"):
    """Read the file again with another sheet (``key`` "sheet", ``index`` the sheet's) or
    with rows already paid or cancelled included ("settled", 1) or not (0)."""

    run: int
    key: str
    index: int


def choice_keyboard(
    texts: Texts,
    *,
    run_id: int,
    can_email: bool,
    ready: bool = True,
    columns: Columns | None = None,
    header: list[str] | None = None,
    facts: ReadingFacts | None = None,
) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    facts = facts or ReadingFacts()
    asking = bool(facts.questions)
    ready = ready and not asking  # nothing is issued until the manager answers
    if asking and header is not None:
        _question_buttons(builder, texts, run_id, facts, header)
    if ready and can_email:
        builder.button(
            text=texts("bulk.btn.email"),
            callback_data=BulkCallback(action=BulkAction.EMAIL, run=run_id),
        )
    if ready:
        builder.button(
            text=texts("bulk.btn.link"),
            callback_data=BulkCallback(action=BulkAction.LINK, run=run_id),
        )
    if columns is not None and header is not None:
        _column_buttons(builder, texts, run_id, columns, header)
    reading = _reading_buttons(builder, texts, run_id, facts)
    if not ready and not columns_to_choose(columns) and not reading and not asking:
        return None
    builder.button(
        text=texts("bulk.btn.cancel"),
        callback_data=BulkCallback(action=BulkAction.CANCEL, run=run_id),
    )
    builder.adjust(1)
    return builder.as_markup()


def columns_to_choose(columns: Columns | None) -> bool:
    return columns is not None and bool(columns.alternatives)


def _column_buttons(
    builder: InlineKeyboardBuilder, texts: Texts, run_id: int, columns: Columns, header: list[str]
) -> None:
    for column, others in columns.alternatives.items():
        name = texts(f"bulk.field.{column.value}")
        for index in others[:ALTERNATIVES_SHOWN]:
            builder.button(
                text=texts("bulk.btn.use_column", field=name, column=short(header[index], 30)),
                callback_data=BulkColumnCallback(run=run_id, field=column, column=index),
            )
        if column not in REQUIRED and column not in columns.dropped:
            builder.button(
                text=texts("bulk.btn.drop_field", field=name),
                callback_data=BulkColumnCallback(run=run_id, field=column, column=NONE),
            )


def _question_buttons(
    builder: InlineKeyboardBuilder,
    texts: Texts,
    run_id: int,
    facts: ReadingFacts,
    header: list[str],
) -> None:
    """One button per option: the amount columns (the shown one too: choosing it answers)."""
    for question in facts.questions:
        if question.ask is Ask.AMOUNT_COLUMN:
            for option in question.options:
                index = int(option)
                builder.button(
                    text=texts("bulk.btn.amount", column=short(header[index], 30)),
                    callback_data=BulkColumnCallback(run=run_id, field=Field.AMOUNT, column=index),
                )
        elif question.ask is Ask.SHEET:
            for index, sheet in enumerate(facts.sheets[:SHEETS_SHOWN]):
                if sheet in question.options:
                    builder.button(
                        text=texts("bulk.btn.sheet", sheet=short(sheet, 30)),
                        callback_data=BulkReadCallback(run=run_id, key=SHEET, index=index),
                    )


def _reading_buttons(
    builder: InlineKeyboardBuilder, texts: Texts, run_id: int, facts: ReadingFacts
) -> bool:
    """The other sheets, and including (or leaving out) rows paid or cancelled already;
    whether there was any."""
    any_button = False
    asked_sheets = any(question.ask is Ask.SHEET for question in facts.questions)
    if facts.sheet is not None and not asked_sheets:
        for index, sheet in enumerate(facts.sheets[:SHEETS_SHOWN]):
            if sheet != facts.sheet:
                any_button = True
                builder.button(
                    text=texts("bulk.btn.sheet", sheet=short(sheet, 30)),
                    callback_data=BulkReadCallback(run=run_id, key=SHEET, index=index),
                )
    if facts.paid or facts.cancelled or facts.include_settled:
        any_button = True
        include = not facts.include_settled
        builder.button(
            text=texts("bulk.btn.include_settled" if include else "bulk.btn.exclude_settled"),
            callback_data=BulkReadCallback(run=run_id, key=SETTLED_KEY, index=int(include)),
        )
    return any_button
