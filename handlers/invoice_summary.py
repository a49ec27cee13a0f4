"""The /invoice form's summary: its buttons (get the link, send by e-mail, change a field,
cancel) and issuing the invoice. Every way into the form ends here (bot/form_summary.py)."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.drafts import InvoiceDraft, form_order_ids
from bot.filters import NO_DOCUMENT, NOT_COMMAND
from bot.form_steps import FIELDS, question_for
from bot.form_summary import (
    InvoiceForm,
    show_summary,
    stale_form_button,
    summary_buttons,
    summary_nonce,
)
from bot.keyboards.form import FormAction, FormCallback, fields_keyboard
from bot.services.cart_lines import from_data as cart_from_data
from bot.services.form_rules import delivery_for, may_retry
from bot.services.issuing import InvoiceIssuer
from bot.settings import Settings
from bot.telegram.answering import answering
from bot.telegram.outbox import Outbox
from bot.telegram.outcomes import edit_or_queue, send_or_queue
from bot.telegram.users import manager_of
from bot.texts import Texts
from bot.views.outcomes import issued_before_message, outcome_message, refusal_text
from storage import DuplicateOrderError, InvoiceRepository, InvoiceStatus


def create_router() -> Router:
    """After handlers/invoice_form.py's router: its last handler takes any form button left."""
    router = Router(name="invoice_summary")
    router.message.register(
        summary_reminder, StateFilter(InvoiceForm.summary), NOT_COMMAND, NO_DOCUMENT
    )
    # In any state: a press after the form closed still finds the invoice it made.
    router.callback_query.register(deliver, FormCallback.filter(F.action == FormAction.DELIVER))
    router.callback_query.register(
        choose_field,
        StateFilter(InvoiceForm.summary),
        FormCallback.filter(F.action == FormAction.EDIT),
    )
    router.callback_query.register(
        edit_field,
        StateFilter(InvoiceForm.summary),
        FormCallback.filter(F.action == FormAction.FIELD),
    )
    router.callback_query.register(
        back_to_summary,
        StateFilter(InvoiceForm.summary),
        FormCallback.filter(F.action == FormAction.BACK),
    )
    # Any other form button: pressed on an old message, or after the form ended.
    router.callback_query.register(stale_form_button, FormCallback.filter())
    return router


async def _current_summary(
    query: CallbackQuery, callback_data: FormCallback, state: FSMContext, texts: Texts
) -> tuple[Message, dict[str, Any]] | None:
    """The summary's message and form data, if the button belongs to the latest summary."""
    data = await state.get_data()
    message = query.message
    order_id = data.get("order_id")
    if not order_id or callback_data.nonce != summary_nonce(order_id):
        await query.answer(texts("form.outdated"), show_alert=True)
        return None
    if not isinstance(message, Message):
        await query.answer(texts("form.outdated"), show_alert=True)
        return None
    return message, data


async def summary_reminder(
    message: Message, state: FSMContext, texts: Texts, settings: Settings
) -> None:
    await show_summary(message, state, texts, settings)


async def deliver(
    query: CallbackQuery,
    callback_data: FormCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
    issuer: InvoiceIssuer,
    invoices: InvoiceRepository,
    outbox: Outbox,
    bot: Bot,
) -> None:
    data = await state.get_data()
    order_id = data.get("order_id")
    message = query.message
    if (
        await state.get_state() != InvoiceForm.summary.state
        or not order_id
        or callback_data.nonce != summary_nonce(order_id)
        or not isinstance(message, Message)
    ):
        # Pressed again (a double tap, an old summary, an update Telegram delivered twice).
        await _pressed_after_issue(query, callback_data, state, texts, invoices, outbox, bot)
        return
    draft = InvoiceDraft.from_data(data)
    delivery = delivery_for(callback_data.value, draft)
    lines = cart_from_data(data.get("lines") or [])
    refusal = await issuer.refusal(draft, lines)
    if refusal is not None:
        # The bot's own rules refuse it: said before anything is logged; the answers stay.
        await query.answer()
        await message.answer(texts("fail.refused", message=refusal_text(refusal, texts)))
        await show_summary(message, state, texts, settings)
        return
    # The wait is said in the button's answer, not by an edit of the summary (one Bot API call
    # less per invoice), and neither PayKeeper nor the link waits for that answer. A second
    # press meanwhile waits for this one (events of one user are handled in turn) and then
    # finds the invoice issued.
    async with answering(query, texts("form.issuing")):
        try:
            outcome = await issuer.issue(
                draft,
                order_id=order_id,
                manager=manager_of(query.from_user),
                delivery=delivery,
                lines=lines,
            )
        except DuplicateOrderError:
            await state.clear()
            await _pressed_after_issue(query, callback_data, state, texts, invoices, outbox, bot)
            return
        # The form's state is settled before Telegram is asked to show anything, so a message
        # Telegram refuses cannot leave a confirmed summary open for a second press.
        retry = may_retry(outcome.failure)
        if not retry:
            await state.clear()
        await edit_or_queue(
            message,
            outcome_message(outcome, texts),
            outbox=outbox,
            key=f"issued:{outcome.invoice.id}",
            invoice_id=outcome.invoice.id,
        )
        if retry:
            await message.answer(texts("form.retry_hint"))
            await show_summary(message, state, texts, settings)


async def _pressed_after_issue(
    query: CallbackQuery,
    callback_data: FormCallback,
    state: FSMContext,
    texts: Texts,
    invoices: InvoiceRepository,
    outbox: Outbox,
    bot: Bot,
) -> None:
    """Show the invoice this summary already made, if any; else the button is out of date."""
    invoice = None
    for order_id in form_order_ids(callback_data.nonce, query.from_user.id):
        found = await invoices.get_by_order(order_id) if callback_data.nonce else None
        # The id names no one: only the manager who issued it is shown the invoice.
        if found is not None and found.manager_id == query.from_user.id:
            invoice = found
            break
    if invoice is None or invoice.status is InvoiceStatus.FAILED:
        # Nothing was made from it: the answers live on in the latest summary, if any.
        await stale_form_button(query, state, texts)
        return
    await query.answer(texts("form.issued_before_toast"))
    chat_id = query.message.chat.id if query.message else query.from_user.id
    await send_or_queue(
        bot,
        chat_id,
        issued_before_message(invoice, texts),
        outbox=outbox,
        key=f"issued-again:{invoice.id}:{query.id}",
        invoice_id=invoice.id,
    )


async def choose_field(
    query: CallbackQuery, callback_data: FormCallback, state: FSMContext, texts: Texts
) -> None:
    found = await _current_summary(query, callback_data, state, texts)
    if found is None:
        return
    message, _ = found
    await query.answer()
    await message.edit_reply_markup(
        reply_markup=fields_keyboard(texts, FIELDS, nonce=callback_data.nonce)
    )


async def back_to_summary(
    query: CallbackQuery,
    callback_data: FormCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
) -> None:
    found = await _current_summary(query, callback_data, state, texts)
    if found is None:
        return
    message, data = found
    await query.answer()
    draft = InvoiceDraft.from_data(data)
    keyboard = summary_buttons(draft, texts, settings, callback_data.nonce)
    await message.edit_reply_markup(reply_markup=keyboard)


async def edit_field(
    query: CallbackQuery,
    callback_data: FormCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
) -> None:
    found = await _current_summary(query, callback_data, state, texts)
    if found is None:
        return
    question = question_for(callback_data.value)
    if question is None:  # tampered data: no such field
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    message, _ = found
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    # The old summary's buttons stop working: a new summary follows the answer.
    await state.update_data(editing=True, order_id=None)
    await state.set_state(question.state)
    text, keyboard = question.ask(texts, settings)
    await message.answer(text, reply_markup=keyboard)
