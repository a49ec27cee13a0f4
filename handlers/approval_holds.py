"""Holding what needs an admin's approval (APPROVAL_AMOUNT), on the manager's side: a summary's
"send" above the threshold, a bulk file with rows above it (one request for the whole file,
which cannot change while it waits), the inline "create" button (sent to /invoice instead), and
withdrawing a held request. This router comes before the form's and the bulk router: whatever
needs no approval goes on to them (SkipHandler)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.drafts import InvoiceDraft, form_order_ids
from bot.form_summary import current_summary
from bot.formatting import format_amount
from bot.keyboards.approvals import ApprovalAction, ApprovalCallback, withdraw_keyboard
from bot.keyboards.bulk import BulkAction, BulkCallback, BulkColumnCallback
from bot.keyboards.form import FormAction, FormCallback
from bot.keyboards.inline import QuickCallback
from bot.services.access import Role
from bot.services.approvals import Approvals
from bot.services.form_rules import delivery_for
from bot.services.quick_invoices import QuickInvoices, QuickState
from bot.services.team import Team
from bot.settings import Settings
from bot.telegram.approval_cards import send_cards, update_cards
from bot.telegram.users import manager_of
from bot.texts import Texts
from bot.views.approvals import amount_of, waiting_text
from storage import Delivery
from storage.approval_holds import AlreadyHeldError
from storage.approvals import ApprovalStatus


def create_router() -> Router:
    router = Router(name="approval_holds")
    router.callback_query.register(hold, FormCallback.filter(F.action == FormAction.DELIVER))
    router.callback_query.register(
        hold_file, BulkCallback.filter(F.action.in_({BulkAction.EMAIL, BulkAction.LINK}))
    )
    router.callback_query.register(quick_create, QuickCallback.filter())
    router.callback_query.register(file_unchanged, BulkColumnCallback.filter())
    router.callback_query.register(
        withdraw, ApprovalCallback.filter(F.action == ApprovalAction.WITHDRAW)
    )
    return router


async def hold(
    query: CallbackQuery,
    callback_data: FormCallback,
    state: FSMContext,
    texts: Texts,
    role: Role,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    bot: Bot,
) -> None:
    if not approvals.may_hold(role):
        raise SkipHandler
    user = query.from_user
    found = await current_summary(query, callback_data.nonce, state)
    if found is None:
        # A second press on a summary still held waits like the first; once decided, the
        # summary's own handler shows the invoice it made, or says the button is old.
        held = None
        for order_id in (
            form_order_ids(callback_data.nonce, user.id) if callback_data.nonce else ()
        ):
            held = held or await approvals.by_order(order_id)
        if not held or held.manager_id != user.id or held.status is not ApprovalStatus.PENDING:
            raise SkipHandler
        await query.answer(texts("appr.already_waiting"), show_alert=True)
        return
    message, data = found
    order_id = data["order_id"]
    draft = InvoiceDraft.from_data(data)
    try:
        # With one user's updates handled in turn, nothing of this manager's is issued between
        # this check and the form's own handler logging the invoice, if none is needed.
        approval = await approvals.hold(
            draft,
            order_id=order_id,
            manager=manager_of(user),
            delivery=delivery_for(callback_data.value, draft),
            lines=data.get("lines") or [],
        )
    except AlreadyHeldError:
        await state.clear()
        await query.answer(texts("appr.already_waiting"), show_alert=True)
        return
    if approval is None:
        raise SkipHandler
    await state.clear()  # the form is done: what it asked for now waits for an admin
    await query.answer(texts("appr.waiting_toast"))
    await message.edit_text(
        waiting_text(approval, texts), reply_markup=withdraw_keyboard(texts, approval.id)
    )
    await send_cards(bot, approval, approvals, team, settings)


async def hold_file(
    query: CallbackQuery,
    callback_data: BulkCallback,
    texts: Texts,
    role: Role,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    bot: Bot,
) -> None:
    if not approvals.may_hold(role):
        raise SkipHandler
    user = query.from_user
    held_before = await approvals.file_held(callback_data.run)
    if held_before is not None:
        if held_before.status is not ApprovalStatus.PENDING:
            raise SkipHandler  # decided: the bulk router says what became of the file
        await query.answer(texts("appr.already_waiting"), show_alert=True)
        return
    delivery = Delivery.EMAIL if callback_data.action == BulkAction.EMAIL else Delivery.LINK
    try:
        approval = await approvals.hold_file(
            callback_data.run, manager=manager_of(user), delivery=delivery
        )
    except AlreadyHeldError:
        await query.answer(texts("appr.already_waiting"), show_alert=True)
        return
    if approval is None:  # no payer above the threshold, or not this manager's draft
        raise SkipHandler
    await query.answer(texts("appr.waiting_toast"))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(
            waiting_text(approval, texts), reply_markup=withdraw_keyboard(texts, approval.id)
        )
    await send_cards(bot, approval, approvals, team, settings)


async def file_unchanged(
    query: CallbackQuery, callback_data: BulkColumnCallback, texts: Texts, approvals: Approvals
) -> None:
    """A held file stays as it was asked for: another column is refused while it waits (its
    rows could not be replaced anyway: storage refuses it too)."""
    held = await approvals.file_held(callback_data.run)
    if held is None or held.status is not ApprovalStatus.PENDING:
        raise SkipHandler
    await query.answer(texts("appr.file_locked"), show_alert=True)


async def quick_create(
    query: CallbackQuery,
    callback_data: QuickCallback,
    texts: Texts,
    role: Role,
    approvals: Approvals,
    quick: QuickInvoices,
) -> None:
    """The "create" button of an inline message cannot wait for an approval in a client's
    chat: above the threshold, the manager is sent to /invoice."""
    if not approvals.may_hold(role) or approvals.threshold is None:
        raise SkipHandler
    found = await quick.check(callback_data.token, query.from_user.id)
    draft = found.invoice_draft
    if found.state is not QuickState.READY or draft is None:
        raise SkipHandler
    if not await approvals.refused_at_once(draft, query.from_user.id):
        raise SkipHandler
    limit = format_amount(approvals.threshold, texts.lang)
    await query.answer(texts("appr.quick_refused", limit=limit), show_alert=True)


async def withdraw(
    query: CallbackQuery,
    callback_data: ApprovalCallback,
    texts: Texts,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    bot: Bot,
) -> None:
    decision = await approvals.cancel(callback_data.id, query.from_user.id)
    if decision is None:
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    if not decision.now:
        await query.answer(texts("appr.too_late"), show_alert=True)
        return
    await query.answer()
    approval = decision.approval
    if isinstance(query.message, Message):
        await query.message.edit_text(texts("appr.withdrawn", amount=amount_of(approval, texts)))
    await update_cards(bot, approval, "", approvals, team, settings)
