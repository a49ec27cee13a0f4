"""Refunds and cash payments from an invoice's card (issue 13): choose, confirm, report.

Whose invoice it is is checked here as for card buttons (InvoiceActions.load); who may refund
or take cash is the service's rule (bot/services/refunds.py). The confirmation's nonce is the
request's key: a second press of it finds the first request and sends nothing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.filters import NOT_COMMAND, TEXT
from bot.formatting import format_amount
from bot.keyboards.refunds import (
    MoneyAction,
    MoneyCallback,
    confirm_cash_keyboard,
    confirm_refund_keyboard,
    refund_choice_keyboard,
    to_card_keyboard,
)
from bot.parsing import InputError, parse_amount
from bot.services.access import Role
from bot.services.invoice_actions import InvoiceActions, Refusal
from bot.services.refunds import AfterPayment, MoneyOutcome, Result
from bot.texts import Texts
from bot.views.invoices import alert
from bot.views.refunds import outcome_text, refusal_text
from storage import InvoiceRecord


class RefundForm(StatesGroup):
    amount = State()


def create_router() -> Router:
    router = Router(name="refunds")
    router.callback_query.register(press, MoneyCallback.filter())
    router.message.register(partial_amount, StateFilter(RefundForm.amount), TEXT, NOT_COMMAND)
    return router


async def _load(
    query: CallbackQuery, invoice_id: int, actions: InvoiceActions, role: Role, texts: Texts
) -> InvoiceRecord | None:
    found = await actions.load(invoice_id, query.from_user.id, role)
    if isinstance(found, Refusal):
        key = "inv.not_found" if found is Refusal.NOT_FOUND else "inv.forbidden"
        await query.answer(alert(texts(key)), show_alert=True)
        return None
    return found


async def press(
    query: CallbackQuery,
    callback_data: MoneyCallback,
    state: FSMContext,
    texts: Texts,
    role: Role,
    actions: InvoiceActions,
    after_payment: AfterPayment,
) -> None:
    invoice = await _load(query, callback_data.id, actions, role, texts)
    message = query.message
    if invoice is None or not isinstance(message, Message):
        return
    action = callback_data.action
    money = after_payment
    if action == MoneyAction.NO:
        await query.answer()
        await state.clear()
        await message.edit_text(texts("rf.cancelled"), reply_markup=None)
        return
    cash = action in (MoneyAction.CASH, MoneyAction.CASH_CONFIRM)
    allowed = money.may_take_cash(role) if cash else money.may_refund(role)
    if not allowed:
        await query.answer(alert(texts("rf.refusal.not_allowed")), show_alert=True)
        return
    if action == MoneyAction.REFUND:
        await query.answer()
        await _choose(message, invoice, money, texts)
    elif action == MoneyAction.FULL:
        await query.answer()
        left = await money.left(invoice)
        await message.edit_text(
            texts("rf.confirm", id=invoice.id, amount=format_amount(left, texts.lang)),
            reply_markup=confirm_refund_keyboard(texts, invoice.id, left),
        )
    elif action == MoneyAction.PART:
        await query.answer()
        left = await money.left(invoice)
        await state.set_state(RefundForm.amount)
        await state.update_data(refund_invoice=invoice.id)
        await message.answer(
            texts("rf.ask_amount", id=invoice.id, left=format_amount(left, texts.lang))
        )
    elif action == MoneyAction.AGAIN:
        await query.answer()
        await message.answer(
            texts(
                "rf.confirm_again",
                id=invoice.id,
                payment=callback_data.payment,
                amount=format_amount(invoice.amount, texts.lang),
            ),
            reply_markup=confirm_refund_keyboard(
                texts, invoice.id, invoice.amount, callback_data.payment
            ),
        )
    elif action == MoneyAction.CONFIRM:
        await _refund(query, message, callback_data, invoice, role, money, texts)
    elif action == MoneyAction.CASH:
        await query.answer()
        await message.answer(
            texts("rf.cash_ask", id=invoice.id, amount=format_amount(invoice.amount, texts.lang)),
            reply_markup=confirm_cash_keyboard(texts, invoice.id),
        )
    elif action == MoneyAction.CASH_CONFIRM:
        # Answered first: PayKeeper may take a while, and the button must not spin.
        await query.answer()
        outcome = await money.take_cash(
            invoice, key=_key(callback_data), actor_id=query.from_user.id, role=role
        )
        await _show(message, outcome, invoice, texts, cash=True)
    else:
        await query.answer(alert(texts("inv.unknown_action")), show_alert=True)


def _key(data: MoneyCallback) -> str:
    return f"{data.action}:{data.id}:{data.nonce}:{data.payment}"


async def _choose(
    message: Message, invoice: InvoiceRecord, money: AfterPayment, texts: Texts
) -> None:
    refunded = await money.refunded(invoice)
    left = await money.left(invoice)
    if left <= 0 or refusal_needed(invoice):
        await message.answer(refusal_text(invoice, left, texts))
        return
    await message.answer(
        texts(
            "rf.choose",
            id=invoice.id,
            paid=format_amount(invoice.amount, texts.lang),
            refunded=format_amount(refunded.amount if refunded else Decimal(0), texts.lang),
            left=format_amount(left, texts.lang),
        ),
        reply_markup=refund_choice_keyboard(texts, invoice.id, left),
    )


def refusal_needed(invoice: InvoiceRecord) -> bool:
    return invoice.status.value != "paid"


async def _refund(
    query: CallbackQuery,
    message: Message,
    data: MoneyCallback,
    invoice: InvoiceRecord,
    role: Role,
    money: AfterPayment,
    texts: Texts,
) -> None:
    try:
        amount = Decimal(data.amount)
    except InvalidOperation:
        await query.answer(alert(texts("inv.unknown_action")), show_alert=True)
        return
    await query.answer()
    outcome = await money.refund(
        invoice,
        amount,
        key=_key(data),
        actor_id=query.from_user.id,
        role=role,
        payment_id=data.payment or None,
    )
    await _show(message, outcome, invoice, texts, cash=False, amount=amount, payment=data.payment)


async def _show(
    message: Message,
    outcome: MoneyOutcome,
    invoice: InvoiceRecord,
    texts: Texts,
    *,
    cash: bool,
    amount: Decimal | None = None,
    payment: str = "",
) -> None:
    text = outcome_text(outcome, invoice, texts, cash=cash, amount=amount, payment=payment)
    keyboard = (
        to_card_keyboard(texts, invoice.id) if outcome.result is not Result.ALREADY else None
    )
    if outcome.result is Result.ALREADY:
        await message.answer(text)
        return
    await message.edit_text(text, reply_markup=keyboard)


async def partial_amount(
    message: Message,
    state: FSMContext,
    texts: Texts,
    role: Role,
    actions: InvoiceActions,
    after_payment: AfterPayment,
) -> None:
    user = message.from_user
    invoice_id = (await state.get_data()).get("refund_invoice")
    if user is None or not isinstance(invoice_id, int):
        await state.clear()
        return
    found = await actions.load(invoice_id, user.id, role)
    if isinstance(found, Refusal) or not after_payment.may_refund(role):
        await state.clear()
        await message.answer(texts("rf.refusal.not_allowed"))
        return
    left = await after_payment.left(found)
    try:
        amount = parse_amount(message.text or "", left if left > 0 else Decimal("0.01"))
    except InputError as error:
        await message.answer(texts(error.key, **error.params_for(texts.lang)))
        await message.answer(
            texts("rf.ask_amount", id=found.id, left=format_amount(left, texts.lang))
        )
        return
    await state.clear()
    await message.answer(
        texts("rf.confirm", id=found.id, amount=format_amount(amount, texts.lang)),
        reply_markup=confirm_refund_keyboard(texts, found.id, amount),
    )
