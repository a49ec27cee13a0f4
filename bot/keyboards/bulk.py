"""Buttons under a bulk file's summary."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.formatting import short
from bot.services.bulk.columns import NONE, REQUIRED, Columns, Field
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


def choice_keyboard(
    texts: Texts,
    *,
    run_id: int,
    can_email: bool,
    ready: bool = True,
    columns: Columns | None = None,
    header: list[str] | None = None,
) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
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
    if not ready and not columns_to_choose(columns):
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
