"""Refunds and cash payments from an invoice's card: choose, confirm, report.

Whose invoice it is is checked here as for card buttons (InvoiceActions.load); who may refund
or take cash, which payment and how much are the service's rules (bot/services/refunds.py).
A refund's confirmation button carries the key of the confirmation kept server-side, which is
also the request's key: a second press of it finds the first request and sends nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
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
)
from bot.parsing import InputError, parse_amount
from bot.services.access import Role
from bot.services.invoice_actions import InvoiceActions
from bot.services.invoice_actions import Refusal as Access
from bot.services.money_outcomes import Refusal
from bot.services.refunds import AfterPayment
from bot.telegram.refund_replies import (
    ask_confirmation,
    offer_choice,
    show_outcome,
)
from bot.texts import Texts
from bot.views.invoices import alert
from bot.views.refunds import proposal_text
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
    if isinstance(found, Access):
        key = "inv.not_found" if found is Access.NOT_FOUND else "inv.forbidden"
        await query.answer(alert(texts(key)), show_alert=True)
        return None
    return found


@dataclass(frozen=True, slots=True)
class MoneyPress:
    """A money button pressed on a card, an alert or a confirmation of the caller's invoice."""

    query: CallbackQuery
    message: Message
    data: MoneyCallback
    invoice: InvoiceRecord
    state: FSMContext
    texts: Texts
    role: Role
    money: AfterPayment


def _may_refund(money: AfterPayment, role: Role) -> bool:
    return money.may_refund(role)


def _may_take_cash(money: AfterPayment, role: Role) -> bool:
    return money.may_take_cash(role)


@dataclass(frozen=True, slots=True)
class MoneyStep:
    run: Callable[[MoneyPress], Awaitable[None]]
    # The right the press needs (refunds, or cash); None: anyone who may see the invoice.
    right: Callable[[AfterPayment, Role], bool] | None = _may_refund


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
    step = MONEY_ACTIONS.get(callback_data.action, _UNKNOWN)
    if step.right is not None and not step.right(after_payment, role):
        await query.answer(alert(texts("rf.refusal.not_allowed")), show_alert=True)
        return
    await step.run(
        MoneyPress(query, message, callback_data, invoice, state, texts, role, after_payment)
    )


async def _cancelled(press: MoneyPress) -> None:
    await press.query.answer()
    await press.state.clear()
    said = "rf.cash_cancelled" if press.data.key == "cash" else "rf.cancelled"
    await press.message.edit_text(press.texts(said), reply_markup=None)


async def _refund(press: MoneyPress) -> None:
    await press.query.answer()
    await offer_choice(press.message, press.invoice, press.money, press.texts)


async def _full(press: MoneyPress) -> None:
    """The whole amount left, of the invoice's first payment or (AGAIN) of a later one."""
    await press.query.answer()
    message, invoice, texts, money = press.message, press.invoice, press.texts, press.money
    payment = None
    if press.data.action == MoneyAction.AGAIN:
        payment = await money.ledger.payment_of_key(invoice, press.data.key)
        if payment is None:
            await message.answer(texts("rf.again_stale", id=invoice.id))
            return
    proposal = await money.propose(
        invoice, actor_id=press.query.from_user.id, role=press.role, payment_id=payment
    )
    if proposal.refusal is Refusal.NOTHING_LEFT and payment:
        await message.answer(texts("rf.again_done", payment=payment))
    elif proposal.refusal is not None or proposal.payment is None:
        await message.answer(proposal_text(proposal, texts))
    else:
        key = "rf.confirm_again" if payment else "rf.confirm"
        await ask_confirmation(message, invoice, proposal, texts, key, edit=not payment)


async def _part(press: MoneyPress) -> None:
    await press.query.answer()
    first = (await press.money.ledger.money(press.invoice)).first
    left = first.left if first else Decimal(0)
    await press.state.set_state(RefundForm.amount)
    await press.state.update_data(refund_invoice=press.invoice.id)
    await press.message.answer(
        press.texts(
            "rf.ask_amount", id=press.invoice.id, left=format_amount(left, press.texts.lang)
        )
    )


async def _confirm(press: MoneyPress) -> None:
    await press.query.answer()  # first: PayKeeper may take a while, and the button must not spin
    outcome = await press.money.refund(
        press.invoice, press.data.key, actor_id=press.query.from_user.id, role=press.role
    )
    await show_outcome(
        press.message, outcome, press.invoice, press.texts, cash=False, role=press.role
    )


async def _cash_ask(press: MoneyPress) -> None:
    await press.query.answer()
    invoice, texts = press.invoice, press.texts
    await press.message.answer(
        texts("rf.cash_ask", id=invoice.id, amount=format_amount(invoice.amount, texts.lang)),
        reply_markup=confirm_cash_keyboard(texts, invoice.id),
    )


async def _cash_confirm(press: MoneyPress) -> None:
    await press.query.answer()
    outcome = await press.money.take_cash(
        press.invoice,
        key=f"cy:{press.invoice.id}:{press.data.key}",
        actor_id=press.query.from_user.id,
        role=press.role,
    )
    await show_outcome(
        press.message, outcome, press.invoice, press.texts, cash=True, role=press.role
    )


async def _unknown(press: MoneyPress) -> None:
    await press.query.answer(alert(press.texts("inv.unknown_action")), show_alert=True)


async def _resolve(press: MoneyPress) -> None:
    """An admin says whether a refund in doubt was made in PayKeeper's cabinet."""
    data, texts = press.data, press.texts
    if press.role is not Role.ADMIN or not data.key.isdigit():
        await press.query.answer(alert(texts("rf.refusal.not_allowed")), show_alert=True)
        return
    await press.query.answer()
    made = data.action == MoneyAction.MADE
    request = int(data.key)
    if not await press.money.resolve(
        press.invoice, request, made=made, actor_id=press.query.from_user.id, role=press.role
    ):
        await press.message.answer(texts("rf.resolved_no_longer"))
        return
    key = "rf.resolved_made" if made else "rf.resolved_not_made"
    await press.message.edit_text(texts(key, request=request), reply_markup=None)


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
    await ask_confirmation(message, found, proposal, texts, "rf.confirm", edit=False)


MONEY_ACTIONS: dict[str, MoneyStep] = {
    MoneyAction.NO: MoneyStep(_cancelled, right=None),
    MoneyAction.REFUND: MoneyStep(_refund),
    MoneyAction.FULL: MoneyStep(_full),
    MoneyAction.AGAIN: MoneyStep(_full),
    MoneyAction.PART: MoneyStep(_part),
    MoneyAction.CONFIRM: MoneyStep(_confirm),
    MoneyAction.MADE: MoneyStep(_resolve),
    MoneyAction.NOT_MADE: MoneyStep(_resolve),
    MoneyAction.CASH: MoneyStep(_cash_ask, _may_take_cash),
    MoneyAction.CASH_CONFIRM: MoneyStep(_cash_confirm, _may_take_cash),
}
_UNKNOWN = MoneyStep(_unknown)  # a forged or retired action
