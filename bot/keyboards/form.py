"""Buttons of the /invoice form."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.keyboards.layout import button, rows
from bot.texts import Texts

EXPIRY_CHOICES = ("tomorrow", "days3", "days7", "month_end", "none")


class FormAction(StrEnum):
    SKIP = "skip"  # an optional question left empty (value: its field)
    EXPIRY = "expiry"  # a last day picked by button (value: one of EXPIRY_CHOICES)
    DELIVER = "deliver"  # issue the summary's invoice (value: email | link)
    EDIT = "edit"  # show which fields can be changed
    FIELD = "field"  # ask one field's question again (value: its name)
    BACK = "back"  # from the fields back to the summary's buttons
    REMIND = "remind"  # turn the reminder to the payer on or off
    CANCEL = "cancel"


class FormCallback(CallbackData, prefix="form"):
    # A FormAction; kept a plain string so that a forged or retired action still unpacks and
    # gets "this button is out of date" rather than nothing.
    action: str
    value: str = ""
    # Ties a summary's buttons to that summary, so an outdated or repeated press is recognised.
    nonce: str = ""


_CANCEL = FormCallback(action=FormAction.CANCEL)


def skip_keyboard(
    texts: Texts, field: str, *, key: str = "btn.skip", **values: object
) -> InlineKeyboardMarkup:
    """Skip ``field``'s question: the button names it, so a second tap that arrives once the
    form has moved on does not skip the next question too."""
    return rows(
        [
            button(texts(key, **values), FormCallback(action=FormAction.SKIP, value=field)),
            button(texts("btn.cancel"), _CANCEL),
        ],
        1,
    )


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
    choices = [
        button(
            texts(f"btn.{choice}" if choice != "none" else "btn.no_expiry"),
            FormCallback(action=FormAction.EXPIRY, value=choice),
        )
        for choice in EXPIRY_CHOICES
    ]
    return rows([*choices, button(texts("btn.cancel"), _CANCEL)], 3, 2, 1)


def summary_keyboard(texts: Texts, *, nonce: str, can_email: bool) -> InlineKeyboardMarkup:
    email = FormCallback(action=FormAction.DELIVER, value="email", nonce=nonce)
    buttons = [button(texts("btn.send_email"), email)] if can_email else []
    buttons += [
        button(
            texts("btn.get_link"),
            FormCallback(action=FormAction.DELIVER, value="link", nonce=nonce),
        ),
        button(texts("btn.edit"), FormCallback(action=FormAction.EDIT, nonce=nonce)),
        button(texts("btn.cancel"), _CANCEL),
    ]
    return rows(buttons, 1)


def with_reminder_toggle(
    keyboard: InlineKeyboardMarkup, texts: Texts, nonce: str, *, on: bool
) -> InlineKeyboardMarkup:
    """The summary's reminder to the payer, turned off or on (before "edit" and "cancel")."""
    key = "btn.remind_off" if on else "btn.remind_on"
    toggle = [button(texts(key), FormCallback(action=FormAction.REMIND, nonce=nonce))]
    laid = keyboard.inline_keyboard
    return InlineKeyboardMarkup(inline_keyboard=[*laid[:-2], toggle, *laid[-2:]])


def fields_keyboard(texts: Texts, fields: tuple[str, ...], *, nonce: str) -> InlineKeyboardMarkup:
    buttons = [
        button(
            texts(f"field.{field}"),
            FormCallback(action=FormAction.FIELD, value=field, nonce=nonce),
        )
        for field in fields
    ]
    back = button(texts("btn.back"), FormCallback(action=FormAction.BACK, nonce=nonce))
    return rows([*buttons, back], 3, 2, 1)


def pay_keyboard(texts: Texts, *, url: str, amount: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=texts("btn.pay", amount=amount), url=url)]]
    )
