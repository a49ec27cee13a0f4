"""Buttons of recurring invoices: the questions that make one, and /schedules with its cards.

Callback data carries what was chosen (a kind, a weekday, a day of the month) or a schedule's
id, never an amount: the amount comes from the source invoice, or is typed."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.texts import Texts
from storage.schedules import ScheduleRecord, ScheduleStatus


class FormStep(StrEnum):
    KIND = "kind"  # value: 0 monthly, 1 weekly, 2 every N days
    MONTH_DAY = "mday"  # value: the day of the month
    WEEKDAY = "wday"  # value: 0 = Monday
    END = "end"  # value: 0 until stopped, 1 a number of times, 2 until a date
    CREATE = "create"
    CANCEL = "cancel"


KINDS = ("monthly", "weekly", "days")
ENDS = ("forever", "times", "until")


class ScheduleFormCallback(CallbackData, prefix="schf"):
    step: str  # a FormStep; plain so a retired one still unpacks
    value: int = 0


class ScheduleAction(StrEnum):
    OPEN = "open"
    LIST = "list"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"  # asks first
    STOP_CONFIRMED = "stop_yes"
    AMOUNT = "amount"


CHANGING = frozenset(
    {
        ScheduleAction.PAUSE,
        ScheduleAction.RESUME,
        ScheduleAction.STOP,
        ScheduleAction.STOP_CONFIRMED,
        ScheduleAction.AMOUNT,
    }
)


class ScheduleCallback(CallbackData, prefix="sch"):
    action: str  # a ScheduleAction
    id: int = 0


def _form(step: FormStep, value: int = 0) -> str:
    return ScheduleFormCallback(step=step, value=value).pack()


def kind_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for value, name in enumerate(KINDS):
        builder.button(text=texts(f"sch.btn.{name}"), callback_data=_form(FormStep.KIND, value))
    builder.button(text=texts("sch.btn.cancel"), callback_data=_form(FormStep.CANCEL))
    builder.adjust(1)
    return builder.as_markup()


def month_day_keyboard(texts: Texts, day: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts("sch.btn.month_day", day=day), callback_data=_form(FormStep.MONTH_DAY, day)
    )
    builder.button(text=texts("sch.btn.cancel"), callback_data=_form(FormStep.CANCEL))
    return builder.as_markup()


def weekday_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for day in range(7):
        builder.button(text=texts(f"sch.wd.{day}"), callback_data=_form(FormStep.WEEKDAY, day))
    builder.button(text=texts("sch.btn.cancel"), callback_data=_form(FormStep.CANCEL))
    builder.adjust(7, 1)
    return builder.as_markup()


def end_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for value, name in enumerate(ENDS):
        builder.button(text=texts(f"sch.btn.{name}"), callback_data=_form(FormStep.END, value))
    builder.button(text=texts("sch.btn.cancel"), callback_data=_form(FormStep.CANCEL))
    builder.adjust(1)
    return builder.as_markup()


def cancel_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts("sch.btn.cancel"), callback_data=_form(FormStep.CANCEL))
    return builder.as_markup()


def confirm_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts("sch.btn.create"), callback_data=_form(FormStep.CREATE))
    builder.button(text=texts("sch.btn.cancel"), callback_data=_form(FormStep.CANCEL))
    return builder.as_markup()


LIST_SIZE = 40  # the list's lines and buttons: well within a message's 4096 characters


def list_keyboard(texts: Texts, schedules: list[ScheduleRecord]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for schedule in schedules[:LIST_SIZE]:
        builder.button(
            text=texts("sch.btn.number", id=schedule.id),
            callback_data=ScheduleCallback(action=ScheduleAction.OPEN, id=schedule.id),
        )
    builder.adjust(5)
    return builder.as_markup()


def card_keyboard(
    texts: Texts, schedule: ScheduleRecord, *, may_manage: bool, confirm_stop: bool = False
) -> InlineKeyboardMarkup:
    """The actions that fit the schedule's status, for those who may take them."""
    builder = InlineKeyboardBuilder()

    def button(action: ScheduleAction, key: str) -> None:
        callback = ScheduleCallback(action=action, id=schedule.id)
        builder.button(text=texts(key), callback_data=callback)

    status = schedule.status
    if confirm_stop:
        button(ScheduleAction.STOP_CONFIRMED, "sch.btn.stop_yes")
        button(ScheduleAction.OPEN, "sch.btn.stop_no")
    elif may_manage and status.is_open:
        if status is ScheduleStatus.ACTIVE:
            button(ScheduleAction.PAUSE, "sch.btn.pause")
        if status is ScheduleStatus.PAUSED:
            button(ScheduleAction.RESUME, "sch.btn.resume")
        if status is not ScheduleStatus.PENDING:
            button(ScheduleAction.AMOUNT, "sch.btn.amount")
        button(ScheduleAction.STOP, "sch.btn.stop")
    button(ScheduleAction.LIST, "sch.btn.list")
    builder.adjust(2)
    return builder.as_markup()
