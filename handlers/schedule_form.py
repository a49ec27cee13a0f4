"""Making a recurring invoice from an invoice's card ("🔁 Повторять"): how often (monthly on a
day, weekly on a weekday, every N days), until when (until stopped, N times, until a day), a
summary, and "create". The amount, lines, payer and delivery are the source invoice's, read
again from the log at each step: only the invoice's id is kept in the form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from aiogram import Bot, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message, User

from bot.filters import NOT_COMMAND, TEXT
from bot.formatting import format_amount, format_date
from bot.keyboards.schedules import (
    ENDS,
    KINDS,
    FormStep,
    ScheduleFormCallback,
    cancel_keyboard,
    confirm_keyboard,
    end_keyboard,
    month_day_keyboard,
    weekday_keyboard,
)
from bot.parsing import InputError
from bot.parsing.expiry import parse_expiry
from bot.parsing.whole import parse_whole
from bot.schedule_form import ScheduleForm
from bot.services.access import Role
from bot.services.invoice_actions import InvoiceActions
from bot.services.schedule_rules import MAX_EVERY_DAYS, MAX_TIMES, Kind, check_step, moscow_day
from bot.services.schedules import Plan, Schedules
from bot.services.team import Team
from bot.settings import Settings
from bot.telegram.approval_cards import send_cards
from bot.telegram.editing import set_keyboard
from bot.telegram.users import manager_of
from bot.texts import Texts
from bot.views.outcomes import refusal_text
from bot.views.schedules import details_text
from storage import InvoiceRecord
from storage.schedules import NewSchedule

_TYPED = {
    ScheduleForm.month_day.state: ("step", 1, 31),
    ScheduleForm.every.state: ("step", 1, MAX_EVERY_DAYS),
    ScheduleForm.times.state: ("times", 1, MAX_TIMES),
}


_DAY_STEPS: dict[str, tuple[State, Kind]] = {
    FormStep.MONTH_DAY: (ScheduleForm.month_day, Kind.MONTHLY),
    FormStep.WEEKDAY: (ScheduleForm.weekday, Kind.WEEKLY),
}
_STATES = frozenset(state.state for state in ScheduleForm.__states__)


def create_router() -> Router:
    router = Router(name="schedule_form")
    router.callback_query.register(pressed, ScheduleFormCallback.filter())
    typed = StateFilter(*_TYPED, ScheduleForm.until)
    router.message.register(typed_answer, typed, TEXT, NOT_COMMAND)
    return router


@dataclass(frozen=True, slots=True)
class Asked:
    """Who is answering, and what the answers are checked with."""

    actor: User
    texts: Texts
    role: Role
    actions: InvoiceActions
    schedules: Schedules
    team: Team
    settings: Settings
    bot: Bot


async def pressed(
    query: CallbackQuery,
    callback_data: ScheduleFormCallback,
    state: FSMContext,
    texts: Texts,
    role: Role,
    actions: InvoiceActions,
    schedules: Schedules,
    team: Team,
    settings: Settings,
    bot: Bot,
) -> None:
    step, value = callback_data.step, callback_data.value
    data = await state.get_data()
    current = await state.get_state()
    message = query.message if isinstance(query.message, Message) else None
    if "schedule_of" not in data or current not in _STATES or message is None:
        await query.answer(texts("sch.form_gone"), show_alert=True)
        return
    ask = Asked(query.from_user, texts, role, actions, schedules, team, settings, bot)
    choosing_day = step in _DAY_STEPS and current == _DAY_STEPS[step][0].state
    if choosing_day:  # a day of the month or a weekday, within its bounds however forged
        choosing_day = check_step(_DAY_STEPS[step][1], value)
    if step == FormStep.CANCEL:
        await state.clear()
        await message.answer(texts("sch.form_cancelled"))
    elif step == FormStep.KIND and current == ScheduleForm.kind.state and 0 <= value < len(KINDS):
        await _ask_step(message, state, Kind(KINDS[value]), ask)
    elif choosing_day:
        await state.update_data(step=value)
        await _ask_end(message, state, texts)
    elif step == FormStep.END and current == ScheduleForm.end.state and 0 <= value < len(ENDS):
        await _chosen_end(message, state, ENDS[value], ask)
    elif step == FormStep.CREATE and current == ScheduleForm.confirm.state:
        await query.answer()
        await set_keyboard(message, None)
        await _create(message, state, ask)
        return
    else:
        await query.answer(texts("sch.form_gone"), show_alert=True)
        return
    await query.answer()
    await set_keyboard(message, None)


async def _ask_step(message: Message, state: FSMContext, kind: Kind, ask: Asked) -> None:
    texts = ask.texts
    await state.update_data(kind=kind.value)
    if kind is Kind.MONTHLY:
        await state.set_state(ScheduleForm.month_day)
        today = moscow_day(ask.schedules.clock()).day
        keyboard = month_day_keyboard(texts, today)
        await message.answer(texts("sch.ask_month_day"), reply_markup=keyboard)
    elif kind is Kind.WEEKLY:
        await state.set_state(ScheduleForm.weekday)
        await message.answer(texts("sch.ask_weekday"), reply_markup=weekday_keyboard(texts))
    else:
        await state.set_state(ScheduleForm.every)
        text = texts("sch.ask_every", high=MAX_EVERY_DAYS)
        await message.answer(text, reply_markup=cancel_keyboard(texts))


async def _ask_end(message: Message, state: FSMContext, texts: Texts) -> None:
    await state.set_state(ScheduleForm.end)
    await message.answer(texts("sch.ask_end"), reply_markup=end_keyboard(texts))


async def _chosen_end(message: Message, state: FSMContext, end: str, ask: Asked) -> None:
    texts = ask.texts
    await state.update_data(until=None, times=None)
    if end == "times":
        await state.set_state(ScheduleForm.times)
        text = texts("sch.ask_times", high=MAX_TIMES)
        await message.answer(text, reply_markup=cancel_keyboard(texts))
    elif end == "until":
        await state.set_state(ScheduleForm.until)
        await message.answer(texts("sch.ask_until"), reply_markup=cancel_keyboard(texts))
    else:
        await _summary(message, state, ask)


async def typed_answer(
    message: Message,
    state: FSMContext,
    texts: Texts,
    role: Role,
    actions: InvoiceActions,
    schedules: Schedules,
    team: Team,
    settings: Settings,
    bot: Bot,
) -> None:
    current = await state.get_state()
    if message.from_user is None or "schedule_of" not in await state.get_data():
        return
    text = message.text or ""
    try:
        if current == ScheduleForm.until.state:
            today = moscow_day(schedules.clock())
            await state.update_data(until=parse_expiry(text, today).isoformat())
        else:
            name, low, high = _TYPED[current or ""]
            await state.update_data({name: parse_whole(text, low, high)})
    except InputError as error:
        await message.answer(refusal_text(error, texts), reply_markup=cancel_keyboard(texts))
        return
    if current in (ScheduleForm.month_day.state, ScheduleForm.every.state):
        await _ask_end(message, state, texts)
        return
    ask = Asked(message.from_user, texts, role, actions, schedules, team, settings, bot)
    await _summary(message, state, ask)


def _plan(data: dict[str, object]) -> Plan:
    until = data.get("until")
    times = data.get("times")
    return Plan(
        Kind(str(data["kind"])),
        int(str(data["step"])),
        until=date.fromisoformat(str(until)) if until else None,
        times=int(str(times)) if times else None,
    )


async def _prepared(message: Message, state: FSMContext, ask: Asked) -> NewSchedule | None:
    """The schedule as it would be made now; None (and why said) when it cannot be."""
    data = await state.get_data()
    invoice = await ask.actions.load(int(data["schedule_of"]), ask.actor.id, ask.role)
    texts = ask.texts
    if not isinstance(invoice, InvoiceRecord):
        await state.clear()
        await message.answer(texts("sch.form_gone"))
        return None
    try:
        return await ask.schedules.prepare(invoice, _plan(data), manager_of(ask.actor))
    except InputError as refused:
        await state.clear()
        await message.answer(texts("sch.refused", message=refusal_text(refused, texts)))
        return None


async def _summary(message: Message, state: FSMContext, ask: Asked) -> None:
    new = await _prepared(message, state, ask)
    if new is None:
        return
    texts = ask.texts
    if new.until_day is not None and new.until_day < new.start_day:
        await state.set_state(ScheduleForm.until)
        first = format_date(new.start_day, texts.lang)
        text = texts("sch.until_too_early", first=first)
        await message.answer(text, reply_markup=cancel_keyboard(texts))
        return
    await state.set_state(ScheduleForm.confirm)
    details = details_text(new, texts, default_service=ask.settings.default_service_name)
    text = texts("sch.summary", details=details, first=format_date(new.start_day, texts.lang))
    await message.answer(text, reply_markup=confirm_keyboard(texts))


async def _create(message: Message, state: FSMContext, ask: Asked) -> None:
    new = await _prepared(message, state, ask)
    await state.clear()
    if new is None:
        return
    texts = ask.texts
    made = await ask.schedules.create(new, ask.role)
    schedule, approval = made.schedule, made.approval
    if approval is None:
        first = format_date(schedule.start_day, texts.lang)
        await message.answer(texts("sch.created", id=schedule.id, first=first))
        return
    approvals = ask.schedules.approvals
    await send_cards(ask.bot, approval, approvals, ask.team, ask.settings)
    limit = format_amount(approvals.threshold or Decimal(0), texts.lang)
    amount = format_amount(Decimal(new.draft["amount"]), texts.lang)
    await message.answer(texts("sch.waiting", id=schedule.id, amount=amount, limit=limit))
