"""Moving through the /invoice form: asking a question, and what comes after an answer.
Shared by the form's handlers and the payer book's (a payer tapped at the e-mail step)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.form_steps import QUESTIONS, Question, next_question
from bot.form_summary import show_summary
from bot.keyboards.catalogue import with_services
from bot.keyboards.payers import with_payers
from bot.services.catalogue import Catalogue
from bot.services.payers import PayerOffer
from bot.settings import Settings
from bot.texts import Texts


async def ask(message: Message, question: Question, texts: Texts, settings: Settings) -> None:
    text, keyboard = question.ask(texts, settings)
    await message.answer(text, reply_markup=keyboard)


async def next_step(
    message: Message,
    answered: Question,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
    catalogue: Catalogue,
    book: PayerOffer,
) -> None:
    """After an answer: back to the summary when editing, else the next question (past those
    a payer from the book filled)."""
    data = await state.get_data()
    following = next_question(answered)
    while following is not None and following.field in data.get("prefilled", ()):
        following = next_question(following)
    if (data.get("editing") or following is None) and not data.get("amount"):
        # The amount was left to a service's price, and the service had none.
        await state.update_data(editing=True)
        await state.set_state(QUESTIONS[0].state)
        await message.answer(texts("svc.amount_needed"))
        await ask(message, QUESTIONS[0], texts, settings)
        return
    if data.get("editing") or following is None:
        await show_summary(message, state, texts, settings)
        return
    await state.set_state(following.state)
    if await contact_missing(following, state, settings):
        await message.answer(texts("rcpt.contact_needed"))
    if following.field == "service":
        text, keyboard = following.ask(texts, settings)
        listed = await catalogue.for_form()
        await message.answer(text, reply_markup=with_services(keyboard, listed))
        return
    if following.field == "email":
        text, keyboard = following.ask(texts, settings)
        await message.answer(text, reply_markup=with_payers(keyboard, await book.recent()))
        return
    await ask(message, following, texts, settings)


async def contact_missing(question: Question, state: FSMContext, settings: Settings) -> bool:
    """With RECEIPTS on, the phone may not be skipped after the e-mail was: a fiscal receipt
    goes to one of them."""
    if not settings.receipts or question.field != "phone":
        return False
    return not (await state.get_data()).get("email")
