"""Buttons of the /invoice form."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.texts import Texts

EXPIRY_CHOICES = ("tomorrow", "days3", "days7", "month_end", "none")


class FormAction(StrEnum):
    SKIP = "skip"  # an optional question left empty
    EXPIRY = "expiry"  # a last day picked by button (value: one of EXPIRY_CHOICES)
    DELIVER = "deliver"  # issue the summary's invoice (value: email | link)
    EDIT = "edit"  # show which fields can be changed
    FIELD = "field"  # ask one field's question again (value: its name)
    BACK = "back"  # from the fields back to the summary's buttons
    CANCEL = "cancel"


class FormCallback(CallbackData, prefix="form"):
    # A FormAction; kept a plain string so that a forged or retired action still unpacks and
    # gets "this button is out of date" rather than nothing.
    action: str
    value: str = ""
    # Ties a summary's buttons to that summary, so an outdated or repeated press is recognised.
    nonce: str = ""


def skip_keyboard(
    texts: Texts, *, key: str = "btn.skip", **values: object
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts(key, **values), callback_data=FormCallback(action=FormAction.SKIP))
    builder.button(text=texts("btn.cancel"), callback_data=FormCallback(action=FormAction.CANCEL))
    builder.adjust(1)
    return builder.as_markup()


def cancel_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=texts("btn.cancel"),
                    callback_data=FormCallback(action=FormAction.CANCEL).pack(),
                )
            ]
        ]
    )


def expiry_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for choice in EXPIRY_CHOICES:
        builder.button(
            text=texts(f"btn.{choice}" if choice != "none" else "btn.no_expiry"),
            callback_data=FormCallback(action=FormAction.EXPIRY, value=choice),
        )
    builder.button(text=texts("btn.cancel"), callback_data=FormCallback(action=FormAction.CANCEL))
    builder.adjust(3, 2, 1)
    return builder.as_markup()


def summary_keyboard(texts: Texts, *, nonce: str, can_email: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if can_email:
        builder.button(
            text=texts("btn.send_email"),
            callback_data=FormCallback(action=FormAction.DELIVER, value="email", nonce=nonce),
        )
    builder.button(
        text=texts("btn.get_link"),
        callback_data=FormCallback(action=FormAction.DELIVER, value="link", nonce=nonce),
    )
    builder.button(
        text=texts("btn.edit"), callback_data=FormCallback(action=FormAction.EDIT, nonce=nonce)
    )
    builder.button(text=texts("btn.cancel"), callback_data=FormCallback(action=FormAction.CANCEL))
    builder.adjust(1)
    return builder.as_markup()


def fields_keyboard(texts: Texts, fields: tuple[str, ...], *, nonce: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field in fields:
        builder.button(
            text=texts(f"field.{field}"),
            callback_data=FormCallback(action=FormAction.FIELD, value=field, nonce=nonce),
        )
    builder.button(
        text=texts("btn.back"), callback_data=FormCallback(action=FormAction.BACK, nonce=nonce)
    )
    builder.adjust(3, 2, 1)
    return builder.as_markup()


def pay_keyboard(texts: Texts, *, url: str, amount: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=texts("btn.pay", amount=amount), url=url)]]
    )
