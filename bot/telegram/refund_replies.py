"""The replies of a refund or a cash payment: the choice of full or partial, the confirmation
asked, the outcome shown, and a refund in doubt offered to an admin to settle."""

from __future__ import annotations

from decimal import Decimal

from aiogram.types import Message

from bot.formatting import format_amount
from bot.keyboards.refunds import (
    confirm_refund_keyboard,
    doubt_keyboard,
    refund_choice_keyboard,
    to_card_keyboard,
)
from bot.services.access import Role
from bot.services.money_outcomes import MoneyOutcome, Proposal, Refusal, Result
from bot.services.refunds import AfterPayment
from bot.texts import Texts
from bot.views.refunds import outcome_text, refusal_text
from storage import InvoiceRecord, InvoiceStatus


async def ask_confirmation(
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


async def offer_choice(
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


async def show_outcome(
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
        await offer_resolution(message, invoice, texts, outcome)


async def offer_resolution(
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
