"""Holding what needs an admin's approval (APPROVAL_AMOUNT), as the manager's press meets it: a
summary's "send" above the threshold, a bulk file with rows above it (one request for the whole
file, which cannot change while it waits), and the inline "create" button (sent to /invoice
instead). Each press has one handler; it asks here first, and each function answers the press
and returns True when the invoice waits for an admin (or must), False when it goes on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.drafts import InvoiceDraft, form_order_ids
from bot.formatting import format_amount
from bot.keyboards.approvals import withdraw_keyboard
from bot.services.access import Role
from bot.services.approvals import Approvals
from bot.services.form_rules import delivery_for
from bot.services.quick_invoices import QuickInvoices, QuickState
from bot.services.team import Team
from bot.settings import Settings
from bot.telegram.approval_cards import send_cards
from bot.telegram.users import manager_of
from bot.texts import Texts
from bot.views.approvals import waiting_text
from storage import Delivery
from storage.approval_holds import AlreadyHeldError
from storage.approvals import ApprovalStatus


@dataclass(frozen=True, slots=True)
class Holds:
    """What holding needs, gathered from the handler's data."""

    role: Role
    approvals: Approvals
    team: Team
    settings: Settings
    bot: Bot
    texts: Texts

    async def summary(
        self,
        query: CallbackQuery,
        message: Message,
        data: dict[str, Any],
        value: str,
        state: FSMContext,
    ) -> bool:
        """The current summary's send press: held when the amount needs an approval."""
        if not self.approvals.may_hold(self.role):
            return False
        draft = InvoiceDraft.from_data(data)
        try:
            # With one user's updates handled in turn, nothing of this manager's is issued
            # between this check and the form logging the invoice, if none is needed.
            approval = await self.approvals.hold(
                draft,
                order_id=data["order_id"],
                manager=manager_of(query.from_user),
                delivery=delivery_for(value, draft),
                lines=data.get("lines") or [],
            )
        except AlreadyHeldError:
            await state.clear()
            await query.answer(self.texts("appr.already_waiting"), show_alert=True)
            return True
        if approval is None:
            return False
        await state.clear()  # the form is done: what it asked for now waits for an admin
        await query.answer(self.texts("appr.waiting_toast"))
        await message.edit_text(
            waiting_text(approval, self.texts),
            reply_markup=withdraw_keyboard(self.texts, approval.id),
        )
        await send_cards(self.bot, approval, self.approvals, self.team, self.settings)
        return True

    async def summary_still_waiting(self, query: CallbackQuery, nonce: str) -> bool:
        """A second press on a summary still held waits like the first; once decided, the
        summary's handler shows the invoice it made, or says the button is old."""
        if not self.approvals.may_hold(self.role):
            return False
        user = query.from_user
        held = None
        for order_id in form_order_ids(nonce, user.id) if nonce else ():
            held = held or await self.approvals.by_order(order_id)
        if not held or held.manager_id != user.id or held.status is not ApprovalStatus.PENDING:
            return False
        await query.answer(self.texts("appr.already_waiting"), show_alert=True)
        return True

    async def file(self, query: CallbackQuery, run: int, delivery: Delivery) -> bool:
        """A bulk file's start: held when a row needs an approval, or waiting already."""
        if not self.approvals.may_hold(self.role):
            return False
        held_before = await self.approvals.file_held(run)
        if held_before is not None:
            if held_before.status is not ApprovalStatus.PENDING:
                return False  # decided: the bulk handler says what became of the file
            await query.answer(self.texts("appr.already_waiting"), show_alert=True)
            return True
        try:
            approval = await self.approvals.hold_file(
                run, manager=manager_of(query.from_user), delivery=delivery
            )
        except AlreadyHeldError:
            await query.answer(self.texts("appr.already_waiting"), show_alert=True)
            return True
        if approval is None:  # no payer above the threshold, or not this manager's draft
            return False
        await query.answer(self.texts("appr.waiting_toast"))
        if isinstance(query.message, Message):
            await query.message.edit_reply_markup(reply_markup=None)
            await query.message.answer(
                waiting_text(approval, self.texts),
                reply_markup=withdraw_keyboard(self.texts, approval.id),
            )
        await send_cards(self.bot, approval, self.approvals, self.team, self.settings)
        return True


async def file_locked(query: CallbackQuery, run: int, approvals: Approvals, texts: Texts) -> bool:
    """A held file stays as it was asked for: another column is refused while it waits (its
    rows could not be replaced anyway: storage refuses it too)."""
    held = await approvals.file_held(run)
    if held is None or held.status is not ApprovalStatus.PENDING:
        return False
    await query.answer(texts("appr.file_locked"), show_alert=True)
    return True


async def quick_refused(
    query: CallbackQuery,
    token: str,
    role: Role,
    approvals: Approvals,
    quick: QuickInvoices,
    texts: Texts,
) -> bool:
    """The "create" button of an inline message cannot wait for an approval in a client's
    chat: above the threshold, the manager is sent to /invoice."""
    if not approvals.may_hold(role) or approvals.threshold is None:
        return False
    found = await quick.check(token, query.from_user.id)
    draft = found.invoice_draft
    if found.state is not QuickState.READY or draft is None:
        return False
    if not await approvals.refused_at_once(draft, query.from_user.id):
        return False
    limit = format_amount(approvals.threshold, texts.lang)
    await query.answer(texts("appr.quick_refused", limit=limit), show_alert=True)
    return True
