"""Approval of large invoices. A manager's "send" on a summary above APPROVAL_AMOUNT holds the
invoice instead of issuing it (this router comes before the summary's); every admin gets a
card to approve or reject it (with a reason, by replying to the bot's question); the first
decision counts, every card then says who did what, and the manager is told: approved, the
invoice as they chose it; rejected, the reason and their form back."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Chat, ForceReply, Message

from bot.drafts import InvoiceDraft, form_order_id
from bot.form_summary import InvoiceForm, open_summary, summary_nonce
from bot.keyboards.approvals import (
    ApprovalAction,
    ApprovalCallback,
    decision_keyboard,
    withdraw_keyboard,
)
from bot.keyboards.form import FormAction, FormCallback
from bot.services.access import Role
from bot.services.approvals import Approvals, Decision
from bot.services.form_rules import delivery_for, may_retry
from bot.services.team import Team
from bot.settings import Settings
from bot.telegram.outbox import Outbox
from bot.telegram.outcomes import send_or_queue
from bot.telegram.users import manager_of
from bot.texts import Texts, texts_for
from bot.views.approvals import amount_of, approval_card, decided_card, reason_line, waiting_text
from bot.views.outcomes import outcome_message
from storage.approvals import Approval, ApprovalStatus

log = logging.getLogger(__name__)


def create_router() -> Router:
    router = Router(name="approvals")
    router.callback_query.register(hold, FormCallback.filter(F.action == FormAction.DELIVER))
    router.callback_query.register(decide, ApprovalCallback.filter())
    router.message.register(reason_given, F.reply_to_message, F.text)
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
    """Hold a manager's invoice above the threshold; anything else goes on to the summary's
    own handler (SkipHandler)."""
    if approvals.threshold is None or role is not Role.MANAGER:
        raise SkipHandler
    user = query.from_user
    data = await state.get_data()
    order_id = data.get("order_id")
    message = query.message
    if (
        await state.get_state() != InvoiceForm.summary.state
        or not order_id
        or callback_data.nonce != summary_nonce(order_id)
        or not isinstance(message, Message)
    ):
        # A second press on a summary already held waits like the first.
        held = callback_data.nonce and await approvals.by_order(
            form_order_id(user.id, callback_data.nonce)
        )
        if not held:
            raise SkipHandler
        await query.answer(texts("appr.already_waiting"), show_alert=True)
        return
    draft = InvoiceDraft.from_data(data)
    if not approvals.needed(draft.amount, role):
        raise SkipHandler
    delivery = delivery_for(callback_data.value, draft)
    approval = await approvals.hold(
        draft, order_id=order_id, manager=manager_of(user), delivery=delivery
    )
    await state.clear()  # the form is done: what it asked for now waits for an admin
    if approval is None:
        await query.answer(texts("appr.already_waiting"), show_alert=True)
        return
    await query.answer(texts("appr.waiting_toast"))
    await message.edit_text(
        waiting_text(approval, texts, approvals.threshold),
        reply_markup=withdraw_keyboard(texts, approval.id),
    )
    for admin_id in team.access.admins():
        admin_texts = texts_for(await team.language_of(admin_id))
        try:
            card = await bot.send_message(
                admin_id,
                _card(approval, admin_texts, approvals, settings),
                reply_markup=decision_keyboard(admin_texts, approval.id),
            )
        except TelegramAPIError as error:
            log.warning("approval %s not shown to admin %s: %s", approval.id, admin_id, error)
            continue
        await approvals.add_card(approval.id, admin_id, card.message_id)


def _card(approval: Approval, texts: Texts, approvals: Approvals, settings: Settings) -> str:
    return approval_card(
        approval,
        texts,
        limit=approvals.threshold or Decimal(0),
        default_service=settings.default_service_name,
    )


async def decide(
    query: CallbackQuery,
    callback_data: ApprovalCallback,
    texts: Texts,
    role: Role,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    outbox: Outbox,
    state: FSMContext,
    bot: Bot,
) -> None:
    action, approval_id = callback_data.action, callback_data.id
    user = query.from_user
    if action == ApprovalAction.WITHDRAW:
        await _withdraw(query, approval_id, texts, approvals, team, settings, bot)
        return
    if role is not Role.ADMIN:
        await query.answer(texts("team.only_admins"), show_alert=True)
        return
    if action == ApprovalAction.REASON:
        await _ask_reason(query, approval_id, texts, approvals, team)
        return
    if action == ApprovalAction.APPROVE:
        decision = await approvals.approve(approval_id, user.id)
    elif action == ApprovalAction.REJECT:
        decision = await approvals.reject(approval_id, user.id, None)
    else:
        decision = None
    if decision is None:
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    await _after_decision(query, decision, texts, approvals, team, settings, outbox, state, bot)


async def _after_decision(
    query: CallbackQuery | None,
    decision: Decision,
    texts: Texts,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    outbox: Outbox,
    state: FSMContext,
    bot: Bot,
) -> None:
    """Answer the press, bring every admin's card up to date and tell the manager."""
    approval = decision.approval
    admin = await _decider(approval, team)
    if not decision.now:
        if query is not None:
            key = (
                texts("appr.cancelled_before")
                if approval.status is ApprovalStatus.CANCELLED
                else texts("appr.decided_before", admin=admin)
            )
            await query.answer(key, show_alert=True)
        await _update_cards(approval, admin, approvals, team, settings, bot)
        return
    if query is not None:
        await query.answer(texts("appr.decided_toast"))
    await _update_cards(approval, admin, approvals, team, settings, bot)
    manager_texts = texts_for(await team.language_of(approval.manager_id))
    amount = amount_of(approval, manager_texts)
    outcome = decision.outcome
    if outcome is not None:
        await _tell(
            bot,
            approval.manager_id,
            manager_texts("appr.manager_approved", admin=admin, amount=amount),
        )
        await send_or_queue(
            bot,
            approval.manager_id,
            outcome_message(outcome, manager_texts),
            outbox=outbox,
            key=f"issued:{outcome.invoice.id}",
            invoice_id=outcome.invoice.id,
        )
        if may_retry(outcome.failure):  # PayKeeper refused it cleanly: the answers come back
            await _give_form_back(bot, state, approval, manager_texts, settings)
        return
    reason = reason_line(approval, manager_texts)
    await _tell(
        bot,
        approval.manager_id,
        manager_texts("appr.manager_rejected", admin=admin, amount=amount, reason=reason),
    )
    await _give_form_back(bot, state, approval, manager_texts, settings)


async def _decider(approval: Approval, team: Team) -> str:
    return await team.name_of(approval.decided_by) if approval.decided_by else ""


async def _update_cards(
    approval: Approval,
    admin: str,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    bot: Bot,
) -> None:
    fresh = await approvals.get(approval.id) or approval
    for admin_id, message_id in await approvals.admin_cards(approval.id):
        texts = texts_for(await team.language_of(admin_id))
        text = decided_card(
            fresh,
            texts,
            admin=admin,
            number=fresh.invoice_id,
            limit=approvals.threshold or Decimal(0),
            default_service=settings.default_service_name,
        )
        try:
            await bot.edit_message_text(text, chat_id=admin_id, message_id=message_id)
        except TelegramAPIError as error:  # deleted, or shows it already
            log.info("approval card %s/%s not updated: %s", admin_id, message_id, error)


async def _tell(bot: Bot, chat_id: int, text: str) -> None:
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as error:
        log.warning("manager %s not told of a decision: %s", chat_id, error)


async def _give_form_back(
    bot: Bot, state: FSMContext, approval: Approval, texts: Texts, settings: Settings
) -> None:
    """Open the manager's form again at its summary, with their answers, to edit and send."""
    manager = approval.manager_id
    form = FSMContext(state.storage, replace(state.key, chat_id=manager, user_id=manager))
    # open_summary answers a message in the manager's chat; this one stands for that chat.
    chat = Message(
        message_id=0, date=datetime.now(UTC), chat=Chat(id=manager, type="private")
    ).as_(bot)
    await open_summary(chat, form, InvoiceDraft.from_data(approval.draft), texts, settings)


async def _withdraw(
    query: CallbackQuery,
    approval_id: int,
    texts: Texts,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    bot: Bot,
) -> None:
    decision = await approvals.cancel(approval_id, query.from_user.id)
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
    await _update_cards(approval, "", approvals, team, settings, bot)


async def _ask_reason(
    query: CallbackQuery, approval_id: int, texts: Texts, approvals: Approvals, team: Team
) -> None:
    approval = await approvals.get(approval_id)
    if approval is None:
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    if approval.status is not ApprovalStatus.PENDING:
        admin = await _decider(approval, team)
        cancelled = approval.status is ApprovalStatus.CANCELLED
        text = (
            texts("appr.cancelled_before")
            if cancelled
            else texts("appr.decided_before", admin=admin)
        )
        await query.answer(text, show_alert=True)
        return
    await query.answer()
    question = await _ask(
        query,
        texts("appr.ask_reason", amount=amount_of(approval, texts), manager=approval.manager_name),
    )
    if question is not None:
        await approvals.asked_reason(approval_id, query.from_user.id, question.message_id)


async def _ask(query: CallbackQuery, text: str) -> Message | None:
    if not isinstance(query.message, Message):
        return None
    return await query.message.answer(text, reply_markup=ForceReply(selective=True))


async def reason_given(
    message: Message,
    texts: Texts,
    role: Role,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    outbox: Outbox,
    state: FSMContext,
    bot: Bot,
) -> None:
    """An admin's reply to "why?": rejects with that reason. Any other reply goes on."""
    asked = message.reply_to_message
    if role is not Role.ADMIN or message.from_user is None or asked is None:
        raise SkipHandler
    approval_id = await approvals.reason_asked_in(message.from_user.id, asked.message_id)
    if approval_id is None:
        raise SkipHandler
    reason = " ".join((message.text or "").split())[:500]
    decision = await approvals.reject(approval_id, message.from_user.id, reason or None)
    if decision is None:
        raise SkipHandler
    if not decision.now:
        approval = decision.approval
        cancelled = approval.status is ApprovalStatus.CANCELLED
        admin = await _decider(approval, team)
        await message.answer(
            texts("appr.cancelled_before")
            if cancelled
            else texts("appr.decided_before", admin=admin)
        )
        return
    await message.answer(texts("appr.decided_toast"))
    await _after_decision(None, decision, texts, approvals, team, settings, outbox, state, bot)
