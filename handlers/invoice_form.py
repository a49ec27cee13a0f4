"""The /invoice form: amount → e-mail → phone → expiry → service → summary → delivery."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from bot.drafts import InvoiceDraft, form_order_id, today_in_moscow
from bot.form_summary import InvoiceForm, open_summary, show_summary, summary_nonce
from bot.keyboards.form import (
    FormCallback,
    cancel_keyboard,
    expiry_keyboard,
    fields_keyboard,
    skip_keyboard,
    summary_keyboard,
)
from bot.parsers import (
    InputError,
    is_skip,
    parse_amount,
    parse_email,
    parse_expiry,
    parse_one_line,
    parse_phone,
    parse_service,
)
from bot.services.form_rules import delivery_for, may_retry, quick_expiry
from bot.services.issuing import InvoiceIssuer
from bot.settings import Settings
from bot.telegram.outbox import Outbox
from bot.telegram.outcomes import edit_or_queue, send_or_queue
from bot.telegram.users import manager_of
from bot.texts import Texts
from bot.views.outcomes import issued_before_message, outcome_message
from storage import DuplicateOrderError, InvoiceRepository, InvoiceStatus

QUESTIONS = (
    InvoiceForm.amount,
    InvoiceForm.email,
    InvoiceForm.phone,
    InvoiceForm.expiry,
    InvoiceForm.service,
)
FIELD_STATES = dict(zip(("amount", "email", "phone", "expiry", "service"), QUESTIONS, strict=True))
OPTIONAL = (InvoiceForm.email, InvoiceForm.phone, InvoiceForm.expiry, InvoiceForm.service)


def create_router() -> Router:
    router = Router(name="invoice_form")
    router.message.register(start_form, Command("invoice"))
    # A command is never an answer: /invoices or /help mid-form go to their own handlers and
    # the form waits. A file goes to the bulk upload.
    not_command = ~F.text.startswith("/")
    for question in QUESTIONS:
        router.message.register(answer, question, F.text, not_command)
    router.message.register(not_text, StateFilter(*QUESTIONS), ~F.text, ~F.document)
    router.message.register(summary_reminder, InvoiceForm.summary, not_command, ~F.document)
    router.callback_query.register(skip, FormCallback.filter(F.action == "skip"))
    router.callback_query.register(
        pick_expiry, InvoiceForm.expiry, FormCallback.filter(F.action == "expiry")
    )
    # In any state: a press after the form closed still finds the invoice it made.
    router.callback_query.register(deliver, FormCallback.filter(F.action == "deliver"))
    router.callback_query.register(
        choose_field, InvoiceForm.summary, FormCallback.filter(F.action == "edit")
    )
    router.callback_query.register(
        edit_field, InvoiceForm.summary, FormCallback.filter(F.action == "field")
    )
    router.callback_query.register(
        back_to_summary, InvoiceForm.summary, FormCallback.filter(F.action == "back")
    )
    router.callback_query.register(cancel, FormCallback.filter(F.action == "cancel"))
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
    await state.set_state(InvoiceForm.amount)
    await _ask(message, InvoiceForm.amount, texts, settings)


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


async def _ask(message: Message, question: State, texts: Texts, settings: Settings) -> None:
    if question == InvoiceForm.amount:
        await message.answer(texts("form.ask_amount"), reply_markup=cancel_keyboard(texts))
    elif question == InvoiceForm.email:
        await message.answer(
            texts("form.ask_email"), reply_markup=skip_keyboard(texts, key="btn.skip_email")
        )
    elif question == InvoiceForm.phone:
        await message.answer(texts("form.ask_phone"), reply_markup=skip_keyboard(texts))
    elif question == InvoiceForm.expiry:
        await message.answer(texts("form.ask_expiry"), reply_markup=expiry_keyboard(texts))
    elif question == InvoiceForm.service:
        default = settings.default_service_name
        await message.answer(
            texts("form.ask_service", default=default),
            reply_markup=skip_keyboard(texts, key="btn.default_service", default=default),
        )


Parser = Callable[[str, Settings], Any]
PARSERS: dict[str | None, tuple[str, Parser]] = {
    InvoiceForm.amount.state: ("amount", lambda text, s: str(parse_amount(text, s.max_amount))),
    InvoiceForm.email.state: ("email", lambda text, s: parse_email(text)),
    InvoiceForm.phone.state: ("phone", lambda text, s: parse_phone(text)),
    InvoiceForm.expiry.state: (
        "last_day",
        lambda text, s: parse_expiry(text, today_in_moscow()).isoformat(),
    ),
    InvoiceForm.service.state: ("service", lambda text, s: parse_service(text)),
}


async def answer(message: Message, state: FSMContext, texts: Texts, settings: Settings) -> None:
    current = await state.get_state()
    key, parse = PARSERS[current]
    text = message.text or ""
    optional = current in {question.state for question in OPTIONAL}
    if optional and is_skip(text):
        value = None
    else:
        try:
            value = parse(text, settings)
        except InputError as error:
            await message.answer(texts(error.key, **error.params_for(texts.lang)))
            await _ask(message, _state_named(current), texts, settings)
            return
    await state.update_data({key: value})
    await _next(message, state, texts, settings)


async def not_text(message: Message, state: FSMContext, texts: Texts, settings: Settings) -> None:
    await message.answer(texts("form.text_expected"))
    await _ask(message, _state_named(await state.get_state()), texts, settings)


async def skip(query: CallbackQuery, state: FSMContext, texts: Texts, settings: Settings) -> None:
    current = await state.get_state()
    message = query.message
    if current not in {q.state for q in OPTIONAL} or not isinstance(message, Message):
        await stale_button(query, state, texts)
        return
    await query.answer()
    key = PARSERS[current][0]
    await state.update_data({key: None})
    await message.edit_reply_markup(reply_markup=None)
    await _next(message, state, texts, settings)


async def pick_expiry(
    query: CallbackQuery,
    callback_data: FormCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    last_day = quick_expiry(callback_data.value, today_in_moscow())
    await query.answer()
    await state.update_data(last_day=last_day.isoformat() if last_day else None)
    await message.edit_reply_markup(reply_markup=None)
    await _next(message, state, texts, settings)


async def _next(message: Message, state: FSMContext, texts: Texts, settings: Settings) -> None:
    """After an answer: back to the summary when editing, else the next question."""
    data = await state.get_data()
    current = await state.get_state()
    if data.get("editing") or current == QUESTIONS[-1].state:
        await show_summary(message, state, texts, settings)
        return
    following = QUESTIONS[[q.state for q in QUESTIONS].index(current) + 1]
    await state.set_state(following)
    await _ask(message, following, texts, settings)


def _state_named(name: str | None) -> State:
    return next(q for q in QUESTIONS if q.state == name)


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
    await message.edit_reply_markup(reply_markup=fields_keyboard(texts, nonce=callback_data.nonce))


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
    if callback_data.value not in FIELD_STATES:  # tampered data: no such field
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    message, _ = found
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    question = FIELD_STATES[callback_data.value]
    # The old summary's buttons stop working: a new summary follows the answer.
    await state.update_data(editing=True, order_id=None)
    await state.set_state(question)
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
