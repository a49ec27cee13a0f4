"""The /report period buttons."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.texts import Texts


class ReportPeriod(StrEnum):
    THIS_MONTH = "this"
    LAST_MONTH = "last"


class ReportCallback(CallbackData, prefix="rep"):
    period: str  # a ReportPeriod; plain so a retired one still unpacks


def period_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts("report.btn.this_month"),
        callback_data=ReportCallback(period=ReportPeriod.THIS_MONTH),
    )
    builder.button(
        text=texts("report.btn.last_month"),
        callback_data=ReportCallback(period=ReportPeriod.LAST_MONTH),
    )
    return builder.as_markup()
