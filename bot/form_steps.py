"""The /invoice form's questions, one record each: the state that asks it, the field the
summary's "edit" offers for it, where the answer is kept, how it is read, whether it may be
skipped, and how it is asked. The form's handler runs this table; nothing else lists them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardMarkup

from bot.drafts import today_in_moscow
from bot.form_summary import InvoiceForm
from bot.keyboards.form import cancel_keyboard, expiry_keyboard, skip_keyboard
from bot.parsing import parse_amount, parse_email, parse_expiry, parse_phone, parse_service
from bot.settings import Settings
from bot.texts import Texts


@dataclass(frozen=True, slots=True)
class Question:
    state: State
    field: str  # as the summary's "edit" buttons name it
    data_key: str  # where the form's data keeps the answer (InvoiceDraft.from_data reads it)
    parse: Callable[[str, Settings], str]  # raises InputError
    optional: bool  # "skip" (a button or a typed "-") leaves it empty
    prompt: str  # text key; it may use {default}, the default service's name
    keyboard: Callable[[Texts, Settings], InlineKeyboardMarkup]

    def ask(self, texts: Texts, settings: Settings) -> tuple[str, InlineKeyboardMarkup]:
        return (
            texts(self.prompt, default=settings.default_service_name),
            self.keyboard(texts, settings),
        )


QUESTIONS: tuple[Question, ...] = (
    Question(
        InvoiceForm.amount,
        "amount",
        "amount",
        lambda text, settings: str(parse_amount(text, settings.max_amount)),
        optional=False,
        prompt="form.ask_amount",
        keyboard=lambda texts, _: cancel_keyboard(texts),
    ),
    Question(
        InvoiceForm.email,
        "email",
        "email",
        lambda text, _: parse_email(text),
        optional=True,
        prompt="form.ask_email",
        keyboard=lambda texts, _: skip_keyboard(texts, "email", key="btn.skip_email"),
    ),
    Question(
        InvoiceForm.phone,
        "phone",
        "phone",
        lambda text, _: parse_phone(text),
        optional=True,
        prompt="form.ask_phone",
        keyboard=lambda texts, _: skip_keyboard(texts, "phone"),
    ),
    Question(
        InvoiceForm.expiry,
        "expiry",
        "last_day",
        lambda text, _: parse_expiry(text, today_in_moscow()).isoformat(),
        optional=True,
        prompt="form.ask_expiry",
        keyboard=lambda texts, _: expiry_keyboard(texts),
    ),
    Question(
        InvoiceForm.service,
        "service",
        "service",
        lambda text, _: parse_service(text),
        optional=True,
        prompt="form.ask_service",
        keyboard=lambda texts, settings: skip_keyboard(
            texts, "service", key="btn.default_service", default=settings.default_service_name
        ),
    ),
)
FIELDS: tuple[str, ...] = tuple(question.field for question in QUESTIONS)
_BY_STATE = {question.state.state: question for question in QUESTIONS}
_BY_FIELD = {question.field: question for question in QUESTIONS}


def question_in(state: str | None) -> Question | None:
    """The question the form waits on in ``state``; None at the summary or outside."""
    return _BY_STATE.get(state or "")


def question_for(field: str) -> Question | None:
    """The question that fills ``field``; None for a field no question has."""
    return _BY_FIELD.get(field)


def next_question(question: Question) -> Question | None:
    """The question after ``question``; None after the last one (the summary follows)."""
    index = QUESTIONS.index(question) + 1
    return QUESTIONS[index] if index < len(QUESTIONS) else None
