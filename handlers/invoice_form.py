"""The /invoice form's questions: amount → e-mail → phone → expiry → service, each asked as
bot/form_steps.py says; then the summary (handlers/invoice_summary.py)."""

from __future__ import annotations

from decimal import Decimal

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.drafts import InvoiceDraft, today_in_moscow
from bot.filters import NO_DOCUMENT, NO_TEXT, NOT_COMMAND, TEXT
from bot.form_flow import ask, contact_missing, next_step
from bot.form_steps import QUESTIONS, Question, question_in
from bot.form_summary import InvoiceForm, open_summary, stale_form_button
from bot.keyboards.form import FormAction, FormCallback
from bot.keyboards.payers import with_payers
from bot.parsing import InputError, is_skip, parse_one_line
from bot.parsing.errors import excerpt
from bot.services.access import Role
from bot.services.cart_lines import total
from bot.services.catalogue import Catalogue
from bot.services.form_rules import quick_expiry
from bot.services.payers import PayerBook, PayerOffer
from bot.settings import Settings
from bot.telegram.editing import set_keyboard
from bot.texts import Texts

ASKING = tuple(question.state for question in QUESTIONS)


def create_router() -> Router:
    router = Router(name="invoice_form")
    router.message.register(start_form, Command("invoice"))
    # A command is never an answer: /invoices or /help mid-form go to their own handlers and
    # the form waits. A file goes to the bulk upload.
    router.message.register(answer, StateFilter(*ASKING), TEXT, NOT_COMMAND)
    router.message.register(not_text, StateFilter(*ASKING), NO_TEXT, NO_DOCUMENT)
    router.callback_query.register(skip, FormCallback.filter(F.action == FormAction.SKIP))
    router.callback_query.register(
        pick_expiry,
        StateFilter(InvoiceForm.expiry),
        FormCallback.filter(F.action == FormAction.EXPIRY),
    )
    router.callback_query.register(cancel, FormCallback.filter(F.action == FormAction.CANCEL))
    return router


async def start_form(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
    catalogue: Catalogue,
) -> None:
    if command.args:
        await _one_line(message, command.args, state, texts, settings)
        return
    if await state.get_state() is not None:
        await message.answer(texts("form.restarted"))
    await state.clear()
    await state.set_state(QUESTIONS[0].state)
    await ask(message, QUESTIONS[0], texts, settings)
    if await catalogue.has_priced():
        await message.answer(texts("svc.amount_skip_hint"))


async def _one_line(
    message: Message, args: str, state: FSMContext, texts: Texts, settings: Settings
) -> None:
    try:
        parsed = parse_one_line(args, settings.max_amount, today_in_moscow())
    except InputError as error:
        reason = texts.html(error.key, **error.params_for(texts.lang))
        await message.answer(texts("form.one_line_error", reason=reason))
        return
    draft = InvoiceDraft.from_one_line(parsed)
    await open_summary(message, state, draft, texts, settings)


async def answer(
    message: Message,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
    catalogue: Catalogue,
    payers: PayerBook,
    role: Role,
) -> None:
    question = question_in(await state.get_state())
    if question is None:  # pragma: no cover - the router's state filter let it through
        return
    text = message.text or ""
    book = PayerOffer(payers, message.chat.id, role)
    if await _amount_from_service(question, text, state, catalogue):
        await state.update_data({question.data_key: None})
        await next_step(message, question, state, texts, settings, catalogue, book)
        return
    if question.field == "email" and await _offer_matches(
        message, question, text, texts, settings, book
    ):
        return
    if question.optional and is_skip(text):
        if await contact_missing(question, state, settings):
            await message.answer(texts("rcpt.contact_needed"))
            await ask(message, question, texts, settings)
            return
        value = None
    else:
        try:
            value = question.parse(text, settings)
        except InputError as error:
            await message.answer(texts(error.key, **error.params_for(texts.lang)))
            await ask(message, question, texts, settings)
            return
    await state.update_data({question.data_key: value})
    if question.field == "amount":
        await _amount_over_lines(message, state, texts)
    await next_step(message, question, state, texts, settings, catalogue, book)


async def _amount_over_lines(message: Message, state: FSMContext, texts: Texts) -> None:
    """An amount typed over receipt lines: the lines go (with a notice) unless they make that
    very amount; never is the difference slipped into a line."""
    data = await state.get_data()
    lines = data.get("lines")
    if lines and total(lines) != Decimal(data["amount"]):
        await state.update_data(lines=None)
        await message.answer(texts("form.lines_dropped"))


async def not_text(message: Message, state: FSMContext, texts: Texts, settings: Settings) -> None:
    question = question_in(await state.get_state())
    await message.answer(texts("form.text_expected"))
    if question is not None:
        await ask(message, question, texts, settings)


async def skip(
    query: CallbackQuery,
    callback_data: FormCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
    catalogue: Catalogue,
    payers: PayerBook,
    role: Role,
) -> None:
    question = question_in(await state.get_state())
    message = query.message
    if (
        question is None
        or not question.optional
        or callback_data.value not in ("", question.field)  # "": a button from before fields
        or not isinstance(message, Message)
    ):
        await stale_form_button(query, state, texts)
        return
    if await contact_missing(question, state, settings):
        await query.answer(texts("rcpt.contact_needed"), show_alert=True)
        return
    await query.answer()
    await state.update_data({question.data_key: None})
    await set_keyboard(message, None)
    book = PayerOffer(payers, message.chat.id, role)
    await next_step(message, question, state, texts, settings, catalogue, book)


async def pick_expiry(
    query: CallbackQuery,
    callback_data: FormCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
    catalogue: Catalogue,
    payers: PayerBook,
    role: Role,
) -> None:
    message = query.message
    question = question_in(await state.get_state())
    if not isinstance(message, Message) or question is None:
        await query.answer()
        return
    last_day = quick_expiry(callback_data.value, today_in_moscow())
    await query.answer()
    await state.update_data({question.data_key: last_day.isoformat() if last_day else None})
    await set_keyboard(message, None)
    book = PayerOffer(payers, message.chat.id, role)
    await next_step(message, question, state, texts, settings, catalogue, book)


async def _offer_matches(
    message: Message,
    question: Question,
    text: str,
    texts: Texts,
    settings: Settings,
    book: PayerOffer,
) -> bool:
    """Typed text that is no e-mail (a name, a part of an address): the payers it matches, if
    any, to fill in with a tap; otherwise it is read as an e-mail (and refused as one)."""
    if any(at in text for at in "@＠﹫") or is_skip(text):
        return False
    found = await book.matches(text)
    if not found:
        return False
    _, keyboard = question.ask(texts, settings)
    reply = texts("payer.matches", text=excerpt(text))
    await message.answer(reply, reply_markup=with_payers(keyboard, found))
    return True


async def _amount_from_service(
    question: Question, text: str, state: FSMContext, catalogue: Catalogue
) -> bool:
    """A "-" for the amount, first time round, when a catalogue service has a price."""
    if question.field != "amount" or not is_skip(text):
        return False
    if (await state.get_data()).get("editing"):
        return False
    return await catalogue.has_priced()


async def cancel(query: CallbackQuery, state: FSMContext, texts: Texts) -> None:
    if await state.get_state() is None:
        await stale_form_button(query, state, texts)
        return
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await set_keyboard(query.message, None)
        await query.message.answer(texts("form.cancelled"))
