"""Access from chat: a stranger's "request access", and the admins' decision on it. Every admin
gets the request; the first to decide does, the others' cards then say who did what, and the
requester is told in their language."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message

from bot.keyboards.team import AccessCallback, decision_keyboard
from bot.services.access import Role
from bot.services.team import RequestRefused, Team
from bot.texts import Texts, texts_for
from bot.views.invoices import alert
from bot.views.team import decided_card, request_card, role_name
from paykeeper.moscow import MSK
from storage.team import AccessRequest

log = logging.getLogger(__name__)

_REFUSALS = {
    RequestRefused.MEMBER: "team.request.member",
    RequestRefused.SUSPENDED: "team.suspended",
    RequestRefused.PENDING: "team.request.pending",
    RequestRefused.FULL: "team.request.full",
}


def create_router() -> Router:
    router = Router(name="access_request")
    router.callback_query.register(request_access, AccessCallback.filter(F.id == 0))
    router.callback_query.register(decide, AccessCallback.filter())
    return router


async def request_access(query: CallbackQuery, texts: Texts, team: Team, bot: Bot) -> None:
    user = query.from_user
    if not team.access.admins():
        await query.answer()
        await _reply(query, texts("team.request.no_admins", user_id=user.id))
        return
    outcome = await team.request_access(user.id, user.full_name, user.username, user.language_code)
    if outcome is RequestRefused.COOLDOWN:
        until = await team.may_ask_again_at(user.id)
        when = until.astimezone(MSK).strftime("%d.%m.%Y %H:%M") if until else ""
        await query.answer(texts("team.request.cooldown", when=when), show_alert=True)
        return
    if isinstance(outcome, RequestRefused):
        await query.answer(texts(_REFUSALS[outcome]), show_alert=True)
        return
    await query.answer()
    await _reply(query, texts("team.request.sent"))
    request = outcome.request
    for admin_id in team.access.admins():
        admin_texts = texts_for(await team.language_of(admin_id))
        try:
            card = await bot.send_message(
                admin_id,
                request_card(admin_texts, request),
                reply_markup=decision_keyboard(admin_texts, request.id),
            )
        except TelegramAPIError as error:  # blocked the bot, say: the others still decide
            log.warning("access request %s not shown to admin %s: %s", request.id, admin_id, error)
            continue
        await team.add_card(f"request:{request.id}", admin_id, card.message_id)
    if outcome.cap_reached:
        await _tell_cap_reached(bot, team)


async def _tell_cap_reached(bot: Bot, team: Team) -> None:
    """Once, when this request filled the pending ones up to the cap: the requests turned away
    from now on get no card each."""
    for admin_id in team.access.admins():
        admin_texts = texts_for(await team.language_of(admin_id))
        try:
            await bot.send_message(
                admin_id, admin_texts("team.request.cap_reached", count=team.requests_max)
            )
        except TelegramAPIError as error:
            log.warning("admin %s not told the requests are full: %s", admin_id, error)


async def _reply(query: CallbackQuery, text: str) -> None:
    if isinstance(query.message, Message):
        await query.message.answer(text)


async def decide(
    query: CallbackQuery,
    callback_data: AccessCallback,
    texts: Texts,
    role: Role,
    team: Team,
    bot: Bot,
) -> None:
    if role is not Role.ADMIN:
        await query.answer(texts("team.only_admins"), show_alert=True)
        return
    try:
        granted = Role(callback_data.role) if callback_data.role else None
    except ValueError:
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    decided = await team.decide(callback_data.id, query.from_user.id, granted)
    if decided is None:
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    request = decided.request
    admin_name = await team.name_of(request.decided_by or query.from_user.id)
    if not decided.now:
        decided_before = texts("team.request.decided_before", admin=admin_name)
        await query.answer(alert(decided_before), show_alert=True)
        if isinstance(query.message, Message):  # an old card missed the update: bring it in
            await _show_decided(
                bot, query.from_user.id, query.message.message_id, texts, request, admin_name
            )
        return
    await query.answer(texts("team.request.decided_toast"))
    for admin_id, message_id in await team.cards(f"request:{request.id}"):
        admin_texts = (
            texts
            if admin_id == query.from_user.id
            else texts_for(await team.language_of(admin_id))
        )
        await _show_decided(bot, admin_id, message_id, admin_texts, request, admin_name)
    await _tell_requester(bot, request)


async def _show_decided(
    bot: Bot, chat_id: int, message_id: int, texts: Texts, request: AccessRequest, admin: str
) -> None:
    try:
        await bot.edit_message_text(
            decided_card(texts, request, admin),
            chat_id=chat_id,
            message_id=message_id,
            reply_markup=None,
        )
    except TelegramAPIError as error:  # deleted, or already shows it
        log.info("request card %s/%s not updated: %s", chat_id, message_id, error)


async def _tell_requester(bot: Bot, request: AccessRequest) -> None:
    texts = texts_for(request.language)
    if request.status == "approved" and request.role is not None:
        text = texts("team.request.approved_user", role=role_name(texts, request.role))
    else:
        text = texts("team.request.denied_user")
    try:
        await bot.send_message(request.user_id, text)
    except TelegramAPIError as error:
        log.warning("requester %s not told the outcome: %s", request.user_id, error)
