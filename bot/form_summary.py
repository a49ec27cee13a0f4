"""The /invoice form's states and its summary, shared by every way into the form: /invoice,
the one-line command, and "repeat" on an invoice's card."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.drafts import InvoiceDraft, new_order_id, reminder_days
from bot.keyboards.cart_lines import with_add_line
from bot.keyboards.form import summary_keyboard, with_reminder_toggle
from bot.services.cart_lines import from_data
from bot.services.receipts import receipt_rules
from bot.settings import Settings
from bot.texts import Texts
from bot.views.cart_lines import lines_text
from bot.views.form import summary_text
from bot.views.receipts import prepaid_note


class InvoiceForm(StatesGroup):
    amount = State()
    email = State()
    phone = State()
    expiry = State()
    service = State()
    summary = State()


# What every state of the form starts with in the FSM storage.
FORM_STATES = f"{InvoiceForm.__full_group_name__}:"


async def open_summary(
    message: Message,
    state: FSMContext,
    draft: InvoiceDraft,
    texts: Texts,
    settings: Settings,
    *,
    lines: list[Any] | None = None,
) -> None:
    """Start a form at its summary, prefilled (one-line command, repeating an invoice, a
    rejected request given back with the lines its summary had...)."""
    await state.clear()
    await state.update_data(draft.to_data(), **({"lines": lines} if lines else {}))
    await show_summary(message, state, texts, settings)


async def show_summary(
    message: Message, state: FSMContext, texts: Texts, settings: Settings
) -> None:
    data = await state.get_data()
    # A fresh order id for every summary shown: its buttons carry it, so only the latest
    # summary can be confirmed, and only once.
    order_id = new_order_id()
    await state.update_data(order_id=order_id, editing=False)
    await state.set_state(InvoiceForm.summary)
    draft = InvoiceDraft.from_data(data)
    keyboard = summary_buttons(draft, texts, settings, summary_nonce(order_id))
    lines = data.get("lines")
    note = prepaid_note(receipt_rules(settings), from_data(lines or []), texts)
    await message.answer(
        summary_text(draft, texts, settings) + lines_text(lines, texts) + note,
        reply_markup=keyboard,
    )


def summary_buttons(
    draft: InvoiceDraft, texts: Texts, settings: Settings, nonce: str
) -> InlineKeyboardMarkup:
    keyboard = summary_keyboard(texts, nonce=nonce, can_email=bool(draft.email))
    if settings.receipts:  # lines make a receipt; without receipts only the amount counts
        keyboard = with_add_line(keyboard, texts, nonce)
    if draft.email and draft.last_day:  # a reminder needs an address and a day to count from
        days = reminder_days(draft, settings.payer_reminder_days)
        keyboard = with_reminder_toggle(keyboard, texts, nonce, on=days is not None)
    return keyboard


def summary_nonce(order_id: str) -> str:
    return order_id.rsplit("-", 1)[-1]


async def current_summary(
    query: CallbackQuery, nonce: str, state: FSMContext
) -> tuple[Message, dict[str, Any]] | None:
    """The summary's message and the form's data, if the press is on the latest summary of a
    form still at its summary; None for an old message, or a form gone on or ended."""
    data = await state.get_data()
    order_id = data.get("order_id")
    message = query.message
    if (
        await state.get_state() != InvoiceForm.summary.state
        or not order_id
        or nonce != summary_nonce(order_id)
        or not isinstance(message, Message)
    ):
        return None
    return message, data


async def stale_form_button(query: CallbackQuery, state: FSMContext, texts: Texts) -> None:
    """A form button that no longer applies: pressed on an old message, or after the form
    ended."""
    key = "form.outdated" if await state.get_state() is not None else "form.finished"
    await query.answer(texts(key), show_alert=True)
