"""/schedules: a manager's recurring invoices (admins and viewers: everyone's), each with its
card — next date, its invoices, and pause, resume, stop, change the amount for those who may
(its manager, an admin; viewers only look)."""

from __future__ import annotations

from decimal import Decimal

from aiogram import Bot, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.filters import NOT_COMMAND, TEXT
from bot.formatting import format_amount
from bot.keyboards.schedules import (
    ScheduleAction,
    ScheduleCallback,
    card_keyboard,
    list_keyboard,
)
from bot.parsing import InputError, parse_amount
from bot.services.access import Role, sees_everyone
from bot.services.schedules import Schedules, may_manage
from bot.services.team import Team
from bot.settings import Settings
from bot.telegram.approval_cards import send_cards
from bot.telegram.editing import edit_or_send
from bot.telegram.users import manager_of
from bot.texts import Texts
from bot.views.invoices import alert
from bot.views.outcomes import refusal_text
from bot.views.schedules import card_text, list_text, state_text
from storage.schedules import ScheduleRecord


class ScheduleAmount(StatesGroup):
    amount = State()


def create_router() -> Router:
    router = Router(name="schedule_list")
    router.message.register(show_list, Command("schedules"))
    router.callback_query.register(pressed, ScheduleCallback.filter())
    router.message.register(new_amount, StateFilter(ScheduleAmount.amount), TEXT, NOT_COMMAND)
    return router


async def show_list(message: Message, texts: Texts, role: Role, schedules: Schedules) -> None:
    if message.from_user is None:
        return
    found = await schedules.listing(message.from_user.id, role)
    suspended = frozenset(s.manager_id for s in found if schedules.suspended(s))
    text = list_text(found, texts, show_manager=sees_everyone(role), suspended=suspended)
    await message.answer(text, reply_markup=list_keyboard(texts, found) if found else None)


async def _show_card(
    query: CallbackQuery,
    schedule: ScheduleRecord,
    texts: Texts,
    role: Role,
    schedules: Schedules,
    settings: Settings,
    bot: Bot,
    *,
    confirm_stop: bool = False,
) -> None:
    invoices = await schedules.invoices(schedule)
    text = card_text(
        schedule,
        invoices,
        texts,
        default_service=settings.default_service_name,
        suspended=schedules.suspended(schedule),
    )
    if confirm_stop:
        text += texts("sch.stop_question")
    manages = may_manage(schedule, query.from_user.id, role)
    keyboard = card_keyboard(texts, schedule, may_manage=manages, confirm_stop=confirm_stop)
    await edit_or_send(query, bot, text, keyboard, in_place=True)


async def pressed(
    query: CallbackQuery,
    callback_data: ScheduleCallback,
    state: FSMContext,
    texts: Texts,
    role: Role,
    schedules: Schedules,
    settings: Settings,
    bot: Bot,
) -> None:
    user, action = query.from_user.id, callback_data.action
    if action == ScheduleAction.LIST:
        found = await schedules.listing(user, role)
        suspended = frozenset(s.manager_id for s in found if schedules.suspended(s))
        text = list_text(found, texts, show_manager=sees_everyone(role), suspended=suspended)
        await query.answer()
        await edit_or_send(
            query, bot, text, list_keyboard(texts, found) if found else None, in_place=True
        )
        return
    schedule = await schedules.get(callback_data.id, user, role)
    if schedule is None:
        await query.answer(texts("sch.not_found"), show_alert=True)
        return
    if action == ScheduleAction.OPEN:
        await query.answer()
        await _show_card(query, schedule, texts, role, schedules, settings, bot)
        return
    if not may_manage(schedule, user, role):
        await query.answer(texts("team.viewer_refused"), show_alert=True)
        return
    if action == ScheduleAction.STOP:
        await query.answer()
        await _show_card(query, schedule, texts, role, schedules, settings, bot, confirm_stop=True)
        return
    if action == ScheduleAction.AMOUNT:
        await query.answer()
        await state.set_state(ScheduleAmount.amount)
        await state.set_data({"schedule": schedule.id})
        amount = format_amount(Decimal(schedule.draft["amount"]), texts.lang)
        await bot.send_message(user, texts("sch.ask_amount", id=schedule.id, amount=amount))
        return
    changes = {
        ScheduleAction.PAUSE: (schedules.pause, "sch.paused"),
        ScheduleAction.RESUME: (schedules.resume, "sch.resumed"),
        ScheduleAction.STOP_CONFIRMED: (schedules.stop, "sch.stopped"),
    }
    if action not in changes:
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    change, done = changes[ScheduleAction(action)]
    if await change(schedule):
        await query.answer(alert(texts(done)), show_alert=action == ScheduleAction.RESUME)
    else:
        await query.answer(alert(texts("sch.stale", state=state_text(schedule, texts))))
    fresh = await schedules.get(schedule.id, user, role) or schedule
    await _show_card(query, fresh, texts, role, schedules, settings, bot)


async def new_amount(
    message: Message,
    state: FSMContext,
    texts: Texts,
    role: Role,
    schedules: Schedules,
    team: Team,
    settings: Settings,
    bot: Bot,
) -> None:
    data = await state.get_data()
    actor = message.from_user
    schedule = await schedules.get(int(data.get("schedule", 0)), actor.id, role) if actor else None
    if actor is None or schedule is None or not may_manage(schedule, actor.id, role):
        await state.clear()
        await message.answer(texts("sch.not_found"))
        return
    try:
        amount = parse_amount(message.text or "", settings.max_amount)
        made = await schedules.change_amount(schedule, amount, manager_of(actor), role)
    except InputError as error:
        await message.answer(texts("sch.amount_refused", message=refusal_text(error, texts)))
        return
    await state.clear()
    shown = format_amount(amount, texts.lang)
    if made is None:
        await message.answer(texts("sch.stale", state=state_text(schedule, texts)))
    elif made.approval is not None:
        approvals = schedules.approvals
        await send_cards(bot, made.approval, approvals, team, settings)
        limit = format_amount(approvals.threshold or Decimal(0), texts.lang)
        await message.answer(texts("sch.amount_waiting", amount=shown, limit=limit))
    else:
        await message.answer(texts("sch.amount_changed", amount=shown))
