"""The /invoice form: amount → e-mail → phone → expiry → service → summary → delivery."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.drafts import InvoiceDraft, form_order_id, today_in_moscow
from bot.form_steps import FIELDS, QUESTIONS, Question, next_question, question_for, question_in
from bot.form_summary import InvoiceForm, open_summary, show_summary, summary_nonce
from bot.keyboards.form import FormAction, FormCallback, fields_keyboard, summary_keyboard
from bot.parsing import InputError, is_skip, parse_one_line
from bot.services.form_rules import delivery_for, may_retry, quick_expiry
from bot.services.issuing import InvoiceIssuer
from bot.settings import Settings
from bot.telegram.outbox import Outbox
from bot.telegram.outcomes import edit_or_queue, send_or_queue
from bot.telegram.users import manager_of
from bot.texts import Texts
from bot.views.outcomes import issued_before_message, outcome_message
from storage import DuplicateOrderError, InvoiceRepository, InvoiceStatus

ASKING = tuple(question.state for question in QUESTIONS)


def create_router() -> Router:
    router = Router(name="invoice_form")
    router.message.register(start_form, Command("invoice"))
    # A command is never an answer: /invoices or /help mid-form go to their own handlers and
    # the form waits. A file goes to the bulk upload.
    not_command = ~F.text.startswith("/")
    router.message.register(answer, StateFilter(*ASKING), F.text, not_command)
    router.message.register(not_text, StateFilter(*ASKING), ~F.text, ~F.document)
    router.message.register(summary_reminder, InvoiceForm.summary, not_command, ~F.document)
    router.callback_query.register(skip, FormCallback.filter(F.action == FormAction.SKIP))
    router.callback_query.register(
        pick_expiry, InvoiceForm.expiry, FormCallback.filter(F.action == FormAction.EXPIRY)
    )
    # In any state: a press after the form closed still finds the invoice it made.
    router.callback_query.register(deliver, FormCallback.filter(F.action == FormAction.DELIVER))
    router.callback_query.register(
        choose_field, InvoiceForm.summary, FormCallback.filter(F.action == FormAction.EDIT)
    )
    router.callback_query.register(
        edit_field, InvoiceForm.summary, FormCallback.filter(F.action == FormAction.FIELD)
    )
    router.callback_query.register(
        back_to_summary, InvoiceForm.summary, FormCallback.filter(F.action == FormAction.BACK)
    )
    router.callback_query.register(cancel, FormCallback.filter(F.action == FormAction.CANCEL))
    # Any other form button: pressed on an old message, or after the form ended.
    router.callback_query.register(stale_button, FormCallback.filter())
    return router


# --- Starting -----------------------------------------------------------------------------


async def start_form(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
) -> None:
    if command.args:
        await _one_line(message, command.args, state, texts, settings)
        return
    if await state.get_state() is not None:
        await message.answer(texts("form.restarted"))
    await state.clear()
    await state.set_state(QUESTIONS[0].state)
    await _ask(message, QUESTIONS[0], texts, settings)


async def _one_line(
    message: Message, args: str, state: FSMContext, texts: Texts, settings: Settings
) -> None:
    try:
        parsed = parse_one_line(args, settings.max_amount, today_in_moscow())
    except InputError as error:
        reason = texts.html(error.key, **error.params_for(texts.lang))
        await message.answer(texts("form.one_line_error", reason=reason))
        return
    draft = InvoiceDraft(
        amount=parsed.amount,
        email=parsed.email,
        phone=parsed.phone,
        last_day=parsed.expiry,
        service=parsed.service,
    )
    await open_summary(message, state, draft, texts, settings)


# --- Questions ----------------------------------------------------------------------------


async def _ask(message: Message, question: Question, texts: Texts, settings: Settings) -> None:
    text, keyboard = question.ask(texts, settings)
    await message.answer(text, reply_markup=keyboard)


async def answer(message: Message, state: FSMContext, texts: Texts, settings: Settings) -> None:
    question = question_in(await state.get_state())
    if question is None:  # pragma: no cover - the router's state filter let it through
        return
    text = message.text or ""
    if question.optional and is_skip(text):
        value = None
    else:
        try:
            value = question.parse(text, settings)
        except InputError as error:
            await message.answer(texts(error.key, **error.params_for(texts.lang)))
            await _ask(message, question, texts, settings)
            return
    await state.update_data({question.data_key: value})
    await _next(message, question, state, texts, settings)


async def not_text(message: Message, state: FSMContext, texts: Texts, settings: Settings) -> None:
    question = question_in(await state.get_state())
    await message.answer(texts("form.text_expected"))
    if question is not None:
        await _ask(message, question, texts, settings)


async def skip(query: CallbackQuery, state: FSMContext, texts: Texts, settings: Settings) -> None:
    question = question_in(await state.get_state())
    message = query.message
    if question is None or not question.optional or not isinstance(message, Message):
        await stale_button(query, state, texts)
        return
    await query.answer()
    await state.update_data({question.data_key: None})
    await message.edit_reply_markup(reply_markup=None)
    await _next(message, question, state, texts, settings)


async def pick_expiry(
    query: CallbackQuery,
    callback_data: FormCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
) -> None:
    message = query.message
    question = question_in(await state.get_state())
    if not isinstance(message, Message) or question is None:
        await query.answer()
        return
    last_day = quick_expiry(callback_data.value, today_in_moscow())
    await query.answer()
    await state.update_data({question.data_key: last_day.isoformat() if last_day else None})
    await message.edit_reply_markup(reply_markup=None)
    await _next(message, question, state, texts, settings)


async def _next(
    message: Message, answered: Question, state: FSMContext, texts: Texts, settings: Settings
) -> None:
    """After an answer: back to the summary when editing, else the next question."""
    data = await state.get_data()
    following = next_question(answered)
    if data.get("editing") or following is None:
        await show_summary(message, state, texts, settings)
        return
    await state.set_state(following.state)
    await _ask(message, following, texts, settings)


# --- Summary and delivery -----------------------------------------------------------------


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
    # The wait is said in the button's answer, not by an edit of the summary: one Bot API call
    # less per invoice (issue 14). A second press meanwhile waits for this one (events of one
    # user are handled in turn) and then finds the invoice issued.
    await query.answer(texts("form.issuing"))
    try:
        outcome = await issuer.issue(
            draft, order_id=order_id, manager=manager_of(query.from_user), delivery=delivery
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
    order_id = form_order_id(query.from_user.id, callback_data.nonce)
    invoice = await invoices.get_by_order(order_id) if callback_data.nonce else None
    if invoice is None or invoice.status is InvoiceStatus.FAILED:
        # Nothing was made from it: the answers live on in the latest summary, if any.
        await stale_button(query, state, texts)
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
    query: CallbackQuery, callback_data: FormCallback, state: FSMContext, texts: Texts
) -> None:
    found = await _current_summary(query, callback_data, state, texts)
    if found is None:
        return
    message, data = found
    await query.answer()
    draft = InvoiceDraft.from_data(data)
    await message.edit_reply_markup(
        reply_markup=summary_keyboard(
            texts, nonce=callback_data.nonce, can_email=bool(draft.email)
        )
    )


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
    await _ask(message, question, texts, settings)


async def cancel(query: CallbackQuery, state: FSMContext, texts: Texts) -> None:
    if await state.get_state() is None:
        await stale_button(query, state, texts)
        return
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(texts("form.cancelled"))


async def stale_button(query: CallbackQuery, state: FSMContext, texts: Texts) -> None:
    key = "form.outdated" if await state.get_state() is not None else "form.finished"
    await query.answer(texts(key), show_alert=True)
