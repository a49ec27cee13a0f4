"""/team (admins): everyone with access, their role, when they last used the bot, invoices
issued and paid this month; a card per member to change the role, suspend or restore, and the
audit of their access."""

from __future__ import annotations

from dataclasses import replace

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.keyboards.invoices import ManagerPickCallback
from bot.keyboards.team import (
    TeamAction,
    TeamCallback,
    back_keyboard,
    manager_picker,
    member_keyboard,
    team_list_keyboard,
)
from bot.services.access import Role, may_change, sees_everyone
from bot.services.approvals import Approvals
from bot.services.team import Refused, Team
from bot.settings import Settings
from bot.telegram.approval_cards import tell_refused
from bot.telegram.editing import edit_or_send
from bot.texts import Texts
from bot.views.team import (
    audit_text,
    member_caption,
    member_card,
    role_name,
    team_list,
    team_page,
)

_REFUSED = {
    Refused.SEEDED: "team.refused.seeded",
    Refused.LAST_ADMIN: "team.refused.last_admin",
    Refused.SELF: "team.refused.self",
    Refused.NOT_MEMBER: "team.refused.not_member",
    Refused.UNCHANGED: "team.refused.unchanged",
}


def create_router() -> Router:
    router = Router(name="team")
    router.message.register(show_team, Command("team"))
    router.callback_query.register(team_button, TeamCallback.filter())
    router.callback_query.register(pick_manager, ManagerPickCallback.filter())
    return router


async def show_team(message: Message, texts: Texts, role: Role, team: Team) -> None:
    if role is not Role.ADMIN:
        await message.answer(texts("team.only_admins"))
        return
    text, keyboard = await _list(texts, team, 0)
    await message.answer(text, reply_markup=keyboard)


async def _list(texts: Texts, team: Team, page: int) -> tuple[str, InlineKeyboardMarkup]:
    members = await team.members()
    shown, page, pages = team_page(members, page)
    activity = await team.this_month()
    buttons = [(member.user_id, member_caption(texts, member)) for member in shown]
    return (
        team_list(texts, shown, activity, total=len(members)),
        team_list_keyboard(texts, buttons, page, pages),
    )


async def _card(
    texts: Texts, team: Team, user_id: int, page: int
) -> tuple[str, InlineKeyboardMarkup] | None:
    member = await team.member(user_id)
    if member is None:
        return None
    seeded = team.access.is_seeded(user_id)
    text = member_card(texts, member, await team.this_month(), seeded=seeded)
    keyboard = member_keyboard(
        texts,
        user_id,
        Role(member.role),
        suspended=member.suspended,
        changeable=not seeded,
        page=page,
    )
    return text, keyboard


async def team_button(
    query: CallbackQuery,
    callback_data: TeamCallback,
    texts: Texts,
    role: Role,
    team: Team,
    approvals: Approvals,
    settings: Settings,
    state: FSMContext,
    bot: Bot,
) -> None:
    if role is not Role.ADMIN:
        await query.answer(texts("team.only_admins"), show_alert=True)
        return
    user_id, action, page = callback_data.user, callback_data.action, callback_data.page
    if action == TeamAction.LIST:
        await query.answer()
        await edit_or_send(query, bot, *await _list(texts, team, page), in_place=True)
        return
    member = await team.member(user_id)
    if member is None:
        await query.answer(texts(_REFUSED[Refused.NOT_MEMBER]), show_alert=True)
        return
    if action == TeamAction.AUDIT:
        await query.answer()
        text = audit_text(texts, member, await team.audit(user_id))
        await edit_or_send(query, bot, text, back_keyboard(texts, user_id, page), in_place=True)
        return
    if action != TeamAction.OPEN:
        done = await _change(query.from_user.id, callback_data, team, state)
        if done is None:
            await query.answer(texts("button.outdated"), show_alert=True)
            return
        refused, toast_key = done
        if refused is not None:
            await query.answer(texts(_REFUSED[refused]), show_alert=True)
        else:
            await query.answer(
                texts(toast_key, role=role_name(texts, callback_data.role or member.role))
            )
            if action == TeamAction.ROLE and not may_change(Role(callback_data.role)):
                await _refuse_waiting(query.from_user.id, user_id, approvals, team, settings, bot)
    else:
        await query.answer()
    card = await _card(texts, team, user_id, page)
    if card is not None:
        await edit_or_send(query, bot, *card, in_place=True)


async def _change(
    actor: int, callback_data: TeamCallback, team: Team, state: FSMContext
) -> tuple[Refused | None, str] | None:
    """Carry out a change from a member's card: (why it was refused or None, the text that
    says it was done); None for an unknown action or role."""
    user_id = callback_data.user
    if callback_data.action == TeamAction.ROLE:
        try:
            new_role = Role(callback_data.role)
        except ValueError:
            return None
        return await team.change_role(actor, user_id, new_role), "team.done.role"
    if callback_data.action == TeamAction.SUSPEND:
        refused = await team.suspend(actor, user_id)
        if refused is None:
            # Their half-filled form goes with their access: nothing is left to confirm.
            key = replace(state.key, chat_id=user_id, user_id=user_id)
            await FSMContext(state.storage, key).clear()
        return refused, "team.done.suspended"
    if callback_data.action == TeamAction.RESTORE:
        return await team.restore(actor, user_id), "team.done.restored"
    return None


async def _refuse_waiting(
    actor: int, user_id: int, approvals: Approvals, team: Team, settings: Settings, bot: Bot
) -> None:
    """A member made a viewer has no invoice issued in their name: what waited is refused."""
    refused = await approvals.refuse_waiting(user_id, actor)
    if refused:
        admin = await team.name_of(actor)
        await tell_refused(bot, refused, admin, approvals, team, settings)


async def pick_manager(
    query: CallbackQuery,
    callback_data: ManagerPickCallback,
    texts: Texts,
    role: Role,
    team: Team,
) -> None:
    """/invoices' "by manager" (admins and viewers): the list's buttons become the team."""
    if not sees_everyone(role):
        await query.answer(texts("team.only_admins"), show_alert=True)
        return
    await query.answer()
    members = [
        (member.user_id, member.name or str(member.user_id))
        for member in await team.members()
        if member.role != Role.VIEWER
    ]
    keyboard = manager_picker(
        texts,
        sorted(members, key=lambda m: m[1]),
        callback_data.list_filter,
        callback_data.search_id,
    )
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=keyboard)
