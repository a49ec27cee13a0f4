"""Buttons of the payer book: a payer offered in the form, /payers and a payer's card.

A button carries the payer's key only; whoever presses it is checked against what they may
see (bot/services/payers.py) before anything is shown or filled."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.keyboards.layout import button
from bot.texts import Texts
from storage.payers import Payer

LABEL_MAX = 40  # a button's label, cut: Telegram shows little more


class PayerAction(StrEnum):
    FILL = "fill"  # the form's e-mail step: fill e-mail, phone and client from the payer
    OPEN = "open"  # the payer's card
    LIST = "list"  # a page of /payers (page)
    ISSUE = "issue"  # a new invoice to the payer (the form, payer filled)
    EDIT = "edit"  # correct one field (field)
    FORGET = "forget"  # ask whether to remove
    FORGET_YES = "forget_yes"


class PayerCallback(CallbackData, prefix="payer"):
    action: str
    id: int = 0
    page: int = 0
    field: str = ""


def _label(payer: Payer) -> str:
    label = payer.label
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def with_payers(keyboard: InlineKeyboardMarkup, payers: Sequence[Payer]) -> InlineKeyboardMarkup:
    """The form's e-mail question: payers to fill in with one tap, then its own buttons."""
    offered = [
        [button(f"👤 {_label(payer)}", PayerCallback(action=PayerAction.FILL, id=payer.id))]
        for payer in payers
    ]
    return InlineKeyboardMarkup(inline_keyboard=[*offered, *keyboard.inline_keyboard])


def list_keyboard(
    texts: Texts, payers: Sequence[Payer], page: int, *, more: bool
) -> InlineKeyboardMarkup:
    laid: list[list[InlineKeyboardButton]] = [
        [button(_label(payer), PayerCallback(action=PayerAction.OPEN, id=payer.id, page=page))]
        for payer in payers
    ]
    paging = []
    if page > 0:
        paging.append(
            button(texts("payer.btn.prev"), PayerCallback(action=PayerAction.LIST, page=page - 1))
        )
    if more:
        paging.append(
            button(texts("payer.btn.next"), PayerCallback(action=PayerAction.LIST, page=page + 1))
        )
    if paging:
        laid.append(paging)
    return InlineKeyboardMarkup(inline_keyboard=laid)


def card_keyboard(
    texts: Texts, payer_id: int, page: int, *, may_change: bool
) -> InlineKeyboardMarkup:
    def on(action: PayerAction, field: str = "") -> PayerCallback:
        return PayerCallback(action=action, id=payer_id, page=page, field=field)

    laid: list[list[InlineKeyboardButton]] = []
    if may_change:
        laid.append([button(texts("payer.btn.issue"), on(PayerAction.ISSUE))])
        laid.append(
            [
                button(texts("payer.btn.edit_email"), on(PayerAction.EDIT, "email")),
                button(texts("payer.btn.edit_phone"), on(PayerAction.EDIT, "phone")),
                button(texts("payer.btn.edit_name"), on(PayerAction.EDIT, "name")),
            ]
        )
        laid.append([button(texts("payer.btn.forget"), on(PayerAction.FORGET))])
    laid.append([button(texts("payer.btn.back"), on(PayerAction.LIST))])
    return InlineKeyboardMarkup(inline_keyboard=laid)


def forget_keyboard(texts: Texts, payer_id: int, page: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                button(
                    texts("payer.btn.forget_yes"),
                    PayerCallback(action=PayerAction.FORGET_YES, id=payer_id, page=page),
                ),
                button(
                    texts("payer.btn.back"),
                    PayerCallback(action=PayerAction.OPEN, id=payer_id, page=page),
                ),
            ]
        ]
    )
