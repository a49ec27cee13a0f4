"""The recurring-invoice form's states and its start, shared by the invoice card (which opens
it) and handlers/schedule_form.py (which asks the rest), like bot/form_summary.py for the
invoice form."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup

from bot.formatting import format_amount
from bot.keyboards.schedules import kind_keyboard
from bot.texts import Texts
from storage import InvoiceRecord


class ScheduleForm(StatesGroup):
    kind = State()
    month_day = State()
    weekday = State()
    every = State()
    end = State()
    times = State()
    until = State()
    confirm = State()


async def open_form(
    bot: Bot, chat_id: int, state: FSMContext, invoice: InvoiceRecord, texts: Texts
) -> None:
    """The card's "🔁 Повторять": the first question. Only the invoice's id is kept."""
    await state.set_state(ScheduleForm.kind)
    await state.set_data({"schedule_of": invoice.id})
    amount = format_amount(invoice.amount, texts.lang)
    text = texts("sch.ask_kind", id=invoice.id, amount=amount)
    await bot.send_message(chat_id, text, reply_markup=kind_keyboard(texts))
