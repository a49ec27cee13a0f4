"""Refunds and cash payments from an invoice's card: choose, confirm, report.

Whose invoice it is is checked here as for card buttons (InvoiceActions.load); who may refund
or take cash, which payment and how much are the service's rules (bot/services/refunds.py).
A refund's confirmation button carries the key of the confirmation kept server-side, which is
also the request's key: a second press of it finds the first request and sends nothing."""

from __future__ import annotations

from decimal import Decimal

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
    doubt_keyboard,
    refund_choice_keyboard,
    to_card_keyboard,
)
from bot.parsing import InputError, parse_amount
from bot.services.access import Role
from bot.services.invoice_actions import InvoiceActions
from bot.services.invoice_actions import Refusal as Access
from bot.services.money_outcomes import MoneyOutcome, Proposal, Refusal, Result
from bot.services.refunds import AfterPayment
from bot.texts import Texts
from bot.views.invoices import alert
from bot.views.refunds import outcome_text, proposal_text, refusal_text
from storage import InvoiceRecord, InvoiceStatus


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
    if isinstance(found, Access):
        key = "inv.not_found" if found is Access.NOT_FOUND else "inv.forbidden"
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
        said = "rf.cash_cancelled" if callback_data.key == "cash" else "rf.cancelled"
        await message.edit_text(texts(said), reply_markup=None)
        return
    cash = action in (MoneyAction.CASH, MoneyAction.CASH_CONFIRM)
    allowed = money.may_take_cash(role) if cash else money.may_refund(role)
    if not allowed:
        await query.answer(alert(texts("rf.refusal.not_allowed")), show_alert=True)
        return
    if action == MoneyAction.REFUND:
        await query.answer()
        await _choose(message, invoice, money, texts)
    elif action in (MoneyAction.FULL, MoneyAction.AGAIN):
        await query.answer()
        payment = None
        if action == MoneyAction.AGAIN:
            payment = await money.ledger.payment_of_key(invoice, callback_data.key)
            if payment is None:
                await message.answer(texts("rf.again_stale", id=invoice.id))
                return
        proposal = await money.propose(
            invoice, actor_id=query.from_user.id, role=role, payment_id=payment
        )
        if proposal.refusal is Refusal.NOTHING_LEFT and payment:
            await message.answer(texts("rf.again_done", payment=payment))
        elif proposal.refusal is not None or proposal.payment is None:
            await message.answer(proposal_text(proposal, texts))
        else:
            key = "rf.confirm_again" if payment else "rf.confirm"
            await _ask(message, invoice, proposal, texts, key, edit=not payment)
    elif action == MoneyAction.PART:
        await query.answer()
        first = (await money.ledger.money(invoice)).first
        left = first.left if first else Decimal(0)
        await state.set_state(RefundForm.amount)
        await state.update_data(refund_invoice=invoice.id)
        await message.answer(
            texts("rf.ask_amount", id=invoice.id, left=format_amount(left, texts.lang))
        )
    elif action == MoneyAction.CONFIRM:
        await query.answer()  # first: PayKeeper may take a while, and the button must not spin
        outcome = await money.refund(
            invoice, callback_data.key, actor_id=query.from_user.id, role=role
        )
        await _show(message, outcome, invoice, texts, cash=False, role=role)
    elif action in (MoneyAction.MADE, MoneyAction.NOT_MADE):
        await _resolve(query, message, callback_data, invoice, role, money, texts)
    elif action == MoneyAction.CASH:
        await query.answer()
        await message.answer(
            texts("rf.cash_ask", id=invoice.id, amount=format_amount(invoice.amount, texts.lang)),
            reply_markup=confirm_cash_keyboard(texts, invoice.id),
        )
    elif action == MoneyAction.CASH_CONFIRM:
        await query.answer()
        outcome = await money.take_cash(
            invoice,
            key=f"cy:{invoice.id}:{callback_data.key}",
            actor_id=query.from_user.id,
            role=role,
        )
        await _show(message, outcome, invoice, texts, cash=True, role=role)
    else:
        await query.answer(alert(texts("inv.unknown_action")), show_alert=True)


async def _ask(
    message: Message,
    invoice: InvoiceRecord,
    proposal: Proposal,
    texts: Texts,
    key: str,
    *,
    edit: bool,
) -> None:
    payment = proposal.payment.payment_id if proposal.payment else ""
    text = texts(
        key, id=invoice.id, payment=payment, amount=format_amount(proposal.amount, texts.lang)
    )
    keyboard = confirm_refund_keyboard(texts, invoice.id, proposal.amount, proposal.key)
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


async def _choose(
    message: Message, invoice: InvoiceRecord, money: AfterPayment, texts: Texts
) -> None:
    # Before every refund, PayKeeper's records are read again (a refund made in the cabinet).
    first = (await money.refresh(invoice)).first
    if invoice.status is not InvoiceStatus.PAID or first is None or first.left <= 0:
        left = first.left if first else Decimal(0)
        await message.answer(refusal_text(invoice, left, texts))
        return
    await message.answer(
        texts(
            "rf.choose",
            id=invoice.id,
            paid=format_amount(first.paid, texts.lang),
            refunded=format_amount(first.refunded, texts.lang),
            left=format_amount(first.left, texts.lang),
        ),
        reply_markup=refund_choice_keyboard(texts, invoice.id, first.left),
    )


async def _resolve(
    query: CallbackQuery,
    message: Message,
    data: MoneyCallback,
    invoice: InvoiceRecord,
    role: Role,
    money: AfterPayment,
    texts: Texts,
) -> None:
    if role is not Role.ADMIN or not data.key.isdigit():
        await query.answer(alert(texts("rf.refusal.not_allowed")), show_alert=True)
        return
    await query.answer()
    made = data.action == MoneyAction.MADE
    request = int(data.key)
    if not await money.resolve(
        invoice, request, made=made, actor_id=query.from_user.id, role=role
    ):
        await message.answer(texts("rf.resolved_no_longer"))
        return
    key = "rf.resolved_made" if made else "rf.resolved_not_made"
    await message.edit_text(texts(key, request=request), reply_markup=None)


async def _show(
    message: Message,
    outcome: MoneyOutcome,
    invoice: InvoiceRecord,
    texts: Texts,
    *,
    cash: bool,
    role: Role,
) -> None:
    text = outcome_text(outcome, invoice, texts, cash=cash)
    if outcome.result is Result.ALREADY:
        await message.answer(text)
        return
    await message.edit_text(text, reply_markup=to_card_keyboard(texts, invoice.id))
    if outcome.refusal is Refusal.PENDING and role is Role.ADMIN:
        await _offer_resolution(message, invoice, texts, outcome)


async def _offer_resolution(
    message: Message, invoice: InvoiceRecord, texts: Texts, outcome: MoneyOutcome
) -> None:
    for request in outcome.doubtful:
        await message.answer(
            texts(
                "rf.doubt_admin",
                request=request.id,
                amount=format_amount(request.amount, texts.lang),
            ),
            reply_markup=doubt_keyboard(texts, invoice.id, request.id),
        )


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
    if isinstance(found, Access) or not after_payment.may_refund(role):
        await state.clear()
        await message.answer(texts("rf.refusal.not_allowed"))
        return
    first = (await after_payment.ledger.money(found)).first
    left = first.left if first else Decimal(0)
    try:
        amount = parse_amount(message.text or "", left if left > 0 else Decimal("0.01"))
    except InputError as error:
        await message.answer(texts(error.key, **error.params_for(texts.lang)))
        await message.answer(
            texts("rf.ask_amount", id=found.id, left=format_amount(left, texts.lang))
        )
        return
    await state.clear()
    proposal = await after_payment.propose(found, actor_id=user.id, role=role, amount=amount)
    if proposal.refusal is not None:
        await message.answer(proposal_text(proposal, texts))
        return
    await _ask(message, found, proposal, texts, "rf.confirm", edit=False)
