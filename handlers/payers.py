"""The payer book: /payers (paged, searched), a payer's card (issue to them, correct, remove),
and a payer filled into the form's e-mail step with one tap."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.filters import NOT_COMMAND, TEXT
from bot.form_flow import next_step
from bot.form_steps import QUESTIONS, question_for
from bot.form_summary import InvoiceForm
from bot.keyboards.payers import (
    PayerAction,
    PayerCallback,
    card_keyboard,
    forget_keyboard,
    list_keyboard,
)
from bot.parsing import InputError, is_skip, parse_email, parse_phone
from bot.parsing.text import strip_invisible
from bot.services.access import Role
from bot.services.catalogue import Catalogue
from bot.services.payers import PAGE, PayerBook, PayerOffer
from bot.settings import Settings
from bot.telegram.editing import edit_or_send, set_keyboard
from bot.texts import Texts
from bot.views.payers import card_text, filled_text, list_text
from storage.payers import Payer, PayerEmailTakenError

SEARCH_KEY = "payers_search"  # what /payers was last asked to find (pages keep it)
NAME_MAX = 100
SEARCH_MAX = 100


class PayerEdit(StatesGroup):
    value = State()  # the new value of one field (data: payer_id, payer_field)


def create_router() -> Router:
    router = Router(name="payers")
    router.message.register(show_list, Command("payers"))
    router.callback_query.register(
        fill, StateFilter(InvoiceForm.email), PayerCallback.filter(F.action == PayerAction.FILL)
    )
    router.callback_query.register(press, PayerCallback.filter())
    router.message.register(corrected, StateFilter(PayerEdit.value), TEXT, NOT_COMMAND)
    return router


async def show_list(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    texts: Texts,
    role: Role,
    payers: PayerBook,
) -> None:
    # Kept in the chat's state for the pages, and quoted back: a sensible length.
    search = " ".join(strip_invisible(command.args or "").split())[:SEARCH_MAX]
    await state.update_data({SEARCH_KEY: search})
    found = await payers.page(search, message.chat.id, role, 0)
    if not found:
        key = "payers.not_found" if search else "payers.empty"
        await message.answer(texts(key, text=search))
        return
    keyboard = list_keyboard(texts, found[:PAGE], 0, more=len(found) > PAGE)
    await message.answer(list_text(search, 0, texts), reply_markup=keyboard)


async def fill(
    query: CallbackQuery,
    callback_data: PayerCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
    catalogue: Catalogue,
    role: Role,
    payers: PayerBook,
) -> None:
    """One tap at the e-mail step: e-mail, phone and client from the book, and on to the next
    question the payer did not answer."""
    message = query.message
    payer = await payers.get(callback_data.id, query.from_user.id, role)
    if payer is None or not isinstance(message, Message):
        await query.answer(texts("payer.gone"), show_alert=True)
        return
    await query.answer()
    await set_keyboard(message, None)
    await state.update_data(_payer_data(payer))
    await message.answer(filled_text(payer, texts))
    email = question_for("email")
    assert email is not None  # noqa: S101 - the form always asks it
    offer = PayerOffer(payers, query.from_user.id, role)
    await next_step(message, email, state, texts, settings, catalogue, offer)


def _payer_data(payer: Payer) -> dict[str, object]:
    filled = [field for field, value in (("email", payer.email), ("phone", payer.phone)) if value]
    return {
        "email": payer.email,
        "phone": payer.phone,
        "client_name": payer.client_name,
        "prefilled": filled,
    }


async def press(
    query: CallbackQuery,
    callback_data: PayerCallback,
    state: FSMContext,
    bot: Bot,
    texts: Texts,
    settings: Settings,
    role: Role,
    payers: PayerBook,
) -> None:
    action, user_id = callback_data.action, query.from_user.id
    if action == PayerAction.FILL:  # outside the form's e-mail step
        await query.answer(texts("payer.form_only"), show_alert=True)
        return
    if action == PayerAction.LIST:
        await query.answer()
        await _page(query, bot, state, texts, role, payers, callback_data.page)
        return
    card = await payers.card(callback_data.id, user_id, role)
    if card is None or (action != PayerAction.OPEN and not card.may_change):
        await query.answer(texts("payer.gone"), show_alert=True)
        return
    await query.answer()
    page, label = callback_data.page, card.payer.label
    if action == PayerAction.FORGET:
        text = texts("payer.forget_confirm", label=label)
        await edit_or_send(
            query, bot, text, forget_keyboard(texts, card.payer.id, page), in_place=True
        )
    elif action == PayerAction.FORGET_YES:
        await payers.forget(card.payer.id, user_id, role)
        await edit_or_send(query, bot, texts("payer.forgotten", label=label), in_place=True)
    elif action == PayerAction.ISSUE:
        await state.clear()
        await state.update_data(_payer_data(card.payer))
        await state.set_state(QUESTIONS[0].state)
        await bot.send_message(user_id, filled_text(card.payer, texts))
        ask, keyboard = QUESTIONS[0].ask(texts, settings)
        await bot.send_message(user_id, ask, reply_markup=keyboard)
    elif action == PayerAction.EDIT and callback_data.field in ("email", "phone", "name"):
        await state.set_state(PayerEdit.value)
        await state.update_data(payer_id=card.payer.id, payer_field=callback_data.field)
        await bot.send_message(user_id, texts(f"payer.ask_{callback_data.field}"))
    else:  # OPEN, or a field no longer offered
        keyboard = card_keyboard(texts, card.payer.id, page, may_change=card.may_change)
        await edit_or_send(query, bot, card_text(card, texts), keyboard, in_place=True)


async def _page(
    query: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    texts: Texts,
    role: Role,
    payers: PayerBook,
    page: int,
) -> None:
    search = str((await state.get_data()).get(SEARCH_KEY) or "")
    page = max(page, 0)
    found = await payers.page(search, query.from_user.id, role, page)
    if not found:
        key = "payers.not_found" if search else "payers.empty"
        await edit_or_send(query, bot, texts(key, text=search), in_place=True)
        return
    keyboard = list_keyboard(texts, found[:PAGE], page, more=len(found) > PAGE)
    await edit_or_send(query, bot, list_text(search, page, texts), keyboard, in_place=True)


async def corrected(
    message: Message, state: FSMContext, texts: Texts, role: Role, payers: PayerBook
) -> None:
    data = await state.get_data()
    user_id = message.chat.id
    payer = await payers.get(int(data.get("payer_id") or 0), user_id, role)
    field = str(data.get("payer_field") or "")
    if payer is None:
        await state.clear()
        await message.answer(texts("payer.gone"))
        return
    text = message.text or ""
    try:
        value = None if is_skip(text) else _parse(field, text)
    except InputError as error:
        await message.answer(texts(error.key, **error.params_for(texts.lang)))
        await message.answer(texts(f"payer.ask_{field}"))
        return
    email = value if field == "email" else payer.email
    phone = value if field == "phone" else payer.phone
    name = value if field == "name" else payer.client_name
    if email is None and phone is None:
        await message.answer(texts("payer.needs_contact"))
        return
    try:
        changed = await payers.correct(
            payer.id, user_id, role, email=email, phone=phone, client_name=name
        )
    except PayerEmailTakenError:
        await message.answer(texts("payer.email_taken"))
        return
    await state.clear()
    card = await payers.card(payer.id, user_id, role) if changed else None
    if card is None:
        await message.answer(texts("payer.gone"))
        return
    await message.answer(texts("payer.corrected"))
    keyboard = card_keyboard(texts, card.payer.id, 0, may_change=card.may_change)
    await message.answer(card_text(card, texts), reply_markup=keyboard)


def _parse(field: str, text: str) -> str:
    if field == "email":
        return parse_email(text)
    if field == "phone":
        return parse_phone(text)
    return " ".join(strip_invisible(text).split())[:NAME_MAX]
