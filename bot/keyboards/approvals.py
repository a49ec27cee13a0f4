"""Buttons of a held invoice: the admins' approve / reject, and the manager's withdraw."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.texts import Texts


class ApprovalAction(StrEnum):
    APPROVE = "ok"
    REJECT = "no"
    REASON = "why"  # reject, asking the admin for a reason first
    WITHDRAW = "back"  # the manager's


class ApprovalCallback(CallbackData, prefix="apr"):
    action: str  # an ApprovalAction; plain so a retired one still unpacks
    id: int


def decision_keyboard(texts: Texts, approval_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action, key in (
        (ApprovalAction.APPROVE, "appr.btn.approve"),
        (ApprovalAction.REJECT, "appr.btn.reject"),
        (ApprovalAction.REASON, "appr.btn.reason"),
    ):
        builder.button(
            text=texts(key), callback_data=ApprovalCallback(action=action, id=approval_id)
        )
    builder.adjust(2, 1)
    return builder.as_markup()


def withdraw_keyboard(texts: Texts, approval_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts("appr.btn.withdraw"),
        callback_data=ApprovalCallback(action=ApprovalAction.WITHDRAW, id=approval_id),
    )
    return builder.as_markup()
