"""Deciding on what waits for approval (APPROVAL_AMOUNT), on the admins' side: approve,
reject, or reject with a reason given by replying to the bot's question. The first decision
counts; every admin's card then says who did what, and the manager is told: approved, the
invoice as they chose it (or their file starts); rejected, the reason and their form back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Chat, ForceReply, Message

from bot.drafts import InvoiceDraft
from bot.filters import A_REPLY, TEXT
from bot.form_summary import open_summary
from bot.keyboards.approvals import ApprovalAction, ApprovalCallback
from bot.services.access import Role
from bot.services.approvals import Approvals, Decision, is_file, is_schedule
from bot.services.form_rules import may_retry
from bot.services.team import Team
from bot.settings import Settings
from bot.telegram.approval_cards import refusal_of, tell_approved, update_cards
from bot.telegram.outbox import Outbox
from bot.texts import Texts, texts_for
from bot.views.approvals import amount_of, rejected_text
from bot.views.invoices import alert
from storage.approvals import Approval, ApprovalStatus


def create_router() -> Router:
    router = Router(name="approvals")
    router.callback_query.register(decide, ApprovalCallback.filter())
    router.message.register(reason_given, A_REPLY, TEXT)
    return router


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
    if role is not Role.ADMIN:
        await query.answer(texts("team.only_admins"), show_alert=True)
        return
    action, approval_id, admin_id = callback_data.action, callback_data.id, query.from_user.id
    if action == ApprovalAction.REASON:
        await _ask_reason(query, approval_id, texts, approvals, team)
        return
    if action == ApprovalAction.APPROVE:
        decision = await approvals.approve(approval_id, admin_id)
    elif action == ApprovalAction.REJECT:
        decision = await approvals.reject(approval_id, admin_id, None)
    else:
        decision = None
    if decision is None:
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    if decision.manager_gone:  # suspended meanwhile: nothing issued, the request still waits
        name = decision.approval.manager_name
        await query.answer(alert(texts("appr.manager_gone", manager=name)), show_alert=True)
        return
    if not decision.now:
        await query.answer(alert(await _settled(decision.approval, texts, team)), show_alert=True)
    elif decision.approval.status is ApprovalStatus.CANCELLED:
        # Approved, but the manager had cancelled the file meanwhile: nothing starts.
        await query.answer(texts("appr.file_gone"), show_alert=True)
    else:
        await query.answer(texts("appr.decided_toast"))
    await _after_decision(decision, approvals, team, settings, outbox, state, bot)


async def _settled(approval: Approval, texts: Texts, team: Team) -> str:
    """Why a press changed nothing: withdrawn by the manager, or decided by someone."""
    if approval.status is ApprovalStatus.CANCELLED:
        return texts("appr.cancelled_before")
    return texts("appr.decided_before", admin=await _decider(approval, team))


async def _decider(approval: Approval, team: Team) -> str:
    return await team.name_of(approval.decided_by) if approval.decided_by else ""


async def _after_decision(
    decision: Decision,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    outbox: Outbox,
    state: FSMContext,
    bot: Bot,
) -> None:
    """Bring every admin's card up to date and, if this press decided, tell the manager."""
    approval = decision.approval
    admin = await _decider(approval, team)
    await update_cards(bot, approval, admin, approvals, team, settings, refusal_of(decision))
    if not decision.now:
        return
    texts = texts_for(await team.language_of(approval.manager_id))
    if approval.status is ApprovalStatus.REJECTED:
        await _tell(bot, approval.manager_id, rejected_text(approval, texts, admin))
        if not is_file(approval) and not is_schedule(approval):
            await _give_form_back(bot, state, approval, texts, settings)
        return
    if approval.status is ApprovalStatus.CANCELLED:  # nothing left to approve
        return
    await tell_approved(bot, decision, admin, texts, outbox)
    outcome = decision.outcome
    # PayKeeper refused it cleanly: the answers come back.
    if outcome is not None and may_retry(outcome.failure):
        await _give_form_back(bot, state, approval, texts, settings)


async def _tell(bot: Bot, chat_id: int, text: str) -> None:
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError:  # blocked the bot: the card and the invoice log still say it
        return


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
    await open_summary(
        chat,
        form,
        InvoiceDraft.from_data(approval.draft),
        texts,
        settings,
        lines=approval.draft.get("lines") or None,
    )


async def _ask_reason(
    query: CallbackQuery, approval_id: int, texts: Texts, approvals: Approvals, team: Team
) -> None:
    approval = await approvals.get(approval_id)
    if approval is None:
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    if approval.status is not ApprovalStatus.PENDING:
        await query.answer(alert(await _settled(approval, texts, team)), show_alert=True)
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    question = await query.message.answer(
        texts("appr.ask_reason", amount=amount_of(approval, texts), manager=approval.manager_name),
        reply_markup=ForceReply(selective=True),
    )
    await approvals.asked_reason(approval_id, query.from_user.id, question.message_id)


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
    """An admin's reply to "why?" rejects with that reason. Any other reply goes on."""
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
        await message.answer(await _settled(decision.approval, texts, team))
        return
    await message.answer(texts("appr.decided_toast"))
    await _after_decision(decision, approvals, team, settings, outbox, state, bot)
