"""Buttons for money after the payment (issue 13): refund and cash on an invoice's card, the
choice of a full or partial refund, and the confirmations. A confirmation carries a fresh
nonce: the same button pressed twice is one request, never two."""

from __future__ import annotations

import secrets
from decimal import Decimal
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.formatting import format_amount
from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.texts import Texts


class MoneyAction(StrEnum):
    REFUND = "r"  # the card's button: choose full or partial
    FULL = "f"
    PART = "p"
    CONFIRM = "y"  # refund `amount` (of `payment` when given)
    CASH = "c"  # the card's button: confirm a cash payment
    CASH_CONFIRM = "cy"
    NO = "n"
    AGAIN = "a"  # a second payment's alert: refund that payment


class MoneyCallback(CallbackData, prefix="mny"):
    action: str  # a MoneyAction; a plain string so a forged one still unpacks
    id: int
    nonce: str = ""
    amount: str = ""
    payment: str = ""


def _button(texts: Texts, key: str, data: MoneyCallback, **values: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=texts(key, **values), callback_data=data.pack())


def money_buttons(
    texts: Texts, invoice_id: int, *, refund: bool, cash: bool
) -> list[InlineKeyboardButton]:
    buttons = []
    if refund:
        data = MoneyCallback(action=MoneyAction.REFUND, id=invoice_id)
        buttons.append(_button(texts, "rf.btn.refund", data))
    if cash:
        data = MoneyCallback(action=MoneyAction.CASH, id=invoice_id)
        buttons.append(_button(texts, "rf.btn.cash", data))
    return buttons


def refund_choice_keyboard(texts: Texts, invoice_id: int, left: Decimal) -> InlineKeyboardMarkup:
    amount = format_amount(left, texts.lang)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(
                    texts,
                    "rf.btn.full",
                    MoneyCallback(action=MoneyAction.FULL, id=invoice_id),
                    amount=amount,
                )
            ],
            [_button(texts, "rf.btn.part", MoneyCallback(action=MoneyAction.PART, id=invoice_id))],
            [_button(texts, "rf.btn.no", MoneyCallback(action=MoneyAction.NO, id=invoice_id))],
        ]
    )


def confirm_refund_keyboard(
    texts: Texts, invoice_id: int, amount: Decimal, payment: str = ""
) -> InlineKeyboardMarkup:
    yes = MoneyCallback(
        action=MoneyAction.CONFIRM,
        id=invoice_id,
        nonce=secrets.token_hex(4),
        amount=f"{amount:.2f}",
        payment=payment,
    )
    no = MoneyCallback(action=MoneyAction.NO, id=invoice_id)
    shown = format_amount(amount, texts.lang)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(texts, "rf.btn.confirm", yes, amount=shown)],
            [_button(texts, "rf.btn.no", no)],
        ]
    )


def confirm_cash_keyboard(texts: Texts, invoice_id: int) -> InlineKeyboardMarkup:
    yes = MoneyCallback(action=MoneyAction.CASH_CONFIRM, id=invoice_id, nonce=secrets.token_hex(4))
    no = MoneyCallback(action=MoneyAction.NO, id=invoice_id)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(texts, "rf.btn.cash_confirm", yes)],
            [_button(texts, "rf.btn.no", no)],
        ]
    )


def refund_again_button(texts: Texts, invoice_id: int, payment_id: str) -> InlineKeyboardButton:
    data = MoneyCallback(action=MoneyAction.AGAIN, id=invoice_id, payment=payment_id)
    return _button(texts, "rf.btn.refund_again", data)


def to_card_keyboard(texts: Texts, invoice_id: int) -> InlineKeyboardMarkup:
    data = InvoiceCallback(action=InvoiceAction.OPEN, id=invoice_id)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=texts("rf.btn.card"), callback_data=data.pack())]
        ]
    )
