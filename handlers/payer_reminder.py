"""The summary's reminder to the payer, turned on or off (bot/services/payer_reminders.py
sends it)."""

from __future__ import annotations

from typing import Final

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.drafts import InvoiceDraft, reminder_days
from bot.form_summary import InvoiceForm, show_summary, summary_nonce
from bot.keyboards.form import FormAction, FormCallback
from bot.settings import Settings
from bot.telegram.editing import set_keyboard
from bot.texts import Texts

# Days before the last day when a manager turns a reminder on and PAYER_REMINDER_DAYS is empty.
DEFAULT_DAYS: Final = 3


def create_router() -> Router:
    router = Router(name="payer_reminder")
    router.callback_query.register(
        toggle,
        StateFilter(InvoiceForm.summary),
        FormCallback.filter(F.action == FormAction.REMIND),
    )
    return router


async def toggle(
    query: CallbackQuery,
    callback_data: FormCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
) -> None:
    data = await state.get_data()
    order_id = str(data.get("order_id") or "")
    message = query.message
    if not order_id or callback_data.nonce != summary_nonce(order_id):
        await query.answer(texts("form.outdated"), show_alert=True)
        return
    if not isinstance(message, Message):
        await query.answer()
        return
    await query.answer()
    on = reminder_days(InvoiceDraft.from_data(data), settings.payer_reminder_days) is not None
    days = 0 if on else settings.payer_reminder_days or DEFAULT_DAYS
    await state.update_data(remind_days=str(days))
    await set_keyboard(message, None)
    await show_summary(message, state, texts, settings)
