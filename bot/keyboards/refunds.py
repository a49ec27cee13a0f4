"""Buttons for money after the payment: refund and cash on an invoice's card, the choice of a
full or partial refund, and the confirmations. A refund's confirmation carries only the key of
what it confirms, kept server-side: the same button pressed twice is one request, never two,
and nothing in a button decides how much goes back."""

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
    CONFIRM = "y"  # `key`: the confirmation kept server-side
    CASH = "c"  # the card's button: confirm a cash payment
    CASH_CONFIRM = "cy"  # `key`: a fresh nonce, the request's key
    NO = "n"  # `key` "cash": the cash confirmation was declined, not a refund
    AGAIN = "a"  # a second payment's alert; `key`: that payment's row in the ledger
    MADE = "dm"  # an admin, from the cabinet: the refund in doubt (`key`: its request) was made
    NOT_MADE = "dn"  # ... was not made


class MoneyCallback(CallbackData, prefix="mny"):
    action: str  # a MoneyAction; a plain string so a forged one still unpacks
    id: int
    key: str = ""


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
    texts: Texts, invoice_id: int, amount: Decimal, key: str
) -> InlineKeyboardMarkup:
    yes = MoneyCallback(action=MoneyAction.CONFIRM, id=invoice_id, key=key)
    no = MoneyCallback(action=MoneyAction.NO, id=invoice_id)
    shown = format_amount(amount, texts.lang)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(texts, "rf.btn.confirm", yes, amount=shown)],
            [_button(texts, "rf.btn.no", no)],
        ]
    )


def confirm_cash_keyboard(texts: Texts, invoice_id: int) -> InlineKeyboardMarkup:
    yes = MoneyCallback(action=MoneyAction.CASH_CONFIRM, id=invoice_id, key=secrets.token_hex(4))
    no = MoneyCallback(action=MoneyAction.NO, id=invoice_id, key="cash")
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(texts, "rf.btn.cash_confirm", yes)],
            [_button(texts, "rf.btn.cash_no", no)],
        ]
    )


def refund_again_button(texts: Texts, invoice_id: int, key: str) -> InlineKeyboardButton:
    """``key``: the second payment as the server keeps it (Ledger.payment_key)."""
    data = MoneyCallback(action=MoneyAction.AGAIN, id=invoice_id, key=key)
    return _button(texts, "rf.btn.refund_again", data)


def doubt_keyboard(texts: Texts, invoice_id: int, request_id: int) -> InlineKeyboardMarkup:
    """For admins: what the cabinet shows about a refund in doubt."""
    made = MoneyCallback(action=MoneyAction.MADE, id=invoice_id, key=str(request_id))
    not_made = MoneyCallback(action=MoneyAction.NOT_MADE, id=invoice_id, key=str(request_id))
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(texts, "rf.btn.made", made)],
            [_button(texts, "rf.btn.not_made", not_made)],
        ]
    )


def to_card_keyboard(texts: Texts, invoice_id: int) -> InlineKeyboardMarkup:
    data = InvoiceCallback(action=InvoiceAction.OPEN, id=invoice_id)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=texts("rf.btn.card"), callback_data=data.pack())]
        ]
    )
