"""Buttons of the /invoice form."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.texts import Texts

FIELDS = ("amount", "email", "phone", "expiry", "service")
EXPIRY_CHOICES = ("tomorrow", "days3", "days7", "month_end", "none")


class FormCallback(CallbackData, prefix="form"):
    # skip | expiry | deliver | edit | field | back | cancel
    action: str
    value: str = ""
    # Ties a summary's buttons to that summary, so an outdated or repeated press is recognised.
    nonce: str = ""


def skip_keyboard(
    texts: Texts, *, key: str = "btn.skip", **values: object
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts(key, **values), callback_data=FormCallback(action="skip"))
    builder.button(text=texts("btn.cancel"), callback_data=FormCallback(action="cancel"))
    builder.adjust(1)
    return builder.as_markup()


def cancel_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=texts("btn.cancel"), callback_data=FormCallback(action="cancel").pack()
                )
            ]
        ]
    )


def expiry_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for choice in EXPIRY_CHOICES:
        builder.button(
            text=texts(f"btn.{choice}" if choice != "none" else "btn.no_expiry"),
            callback_data=FormCallback(action="expiry", value=choice),
        )
    builder.button(text=texts("btn.cancel"), callback_data=FormCallback(action="cancel"))
    builder.adjust(3, 2, 1)
    return builder.as_markup()


def summary_keyboard(texts: Texts, *, nonce: str, can_email: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if can_email:
        builder.button(
            text=texts("btn.send_email"),
            callback_data=FormCallback(action="deliver", value="email", nonce=nonce),
        )
    builder.button(
        text=texts("btn.get_link"),
        callback_data=FormCallback(action="deliver", value="link", nonce=nonce),
    )
    builder.button(text=texts("btn.edit"), callback_data=FormCallback(action="edit", nonce=nonce))
    builder.button(text=texts("btn.cancel"), callback_data=FormCallback(action="cancel"))
    builder.adjust(1)
    return builder.as_markup()


def fields_keyboard(texts: Texts, *, nonce: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field in FIELDS:
        builder.button(
            text=texts(f"field.{field}"),
            callback_data=FormCallback(action="field", value=field, nonce=nonce),
        )
    builder.button(text=texts("btn.back"), callback_data=FormCallback(action="back", nonce=nonce))
    builder.adjust(3, 2, 1)
    return builder.as_markup()


def pay_keyboard(texts: Texts, *, url: str, amount: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=texts("btn.pay", amount=amount), url=url)]]
    )
