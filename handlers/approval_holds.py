"""A manager withdrawing a request held for an admin's approval. Holding itself is asked by the
handler of each press that may need it (bot/telegram/holds.py)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery, Message

from bot.keyboards.approvals import ApprovalAction, ApprovalCallback
from bot.services.approvals import Approvals
from bot.services.team import Team
from bot.settings import Settings
from bot.telegram.approval_cards import update_cards
from bot.texts import Texts
from bot.views.approvals import amount_of


def create_router() -> Router:
    router = Router(name="approval_holds")
    router.callback_query.register(
        withdraw, ApprovalCallback.filter(F.action == ApprovalAction.WITHDRAW)
    )
    return router


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
