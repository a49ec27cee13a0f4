"""The summary's "add a line": a line typed as «name; quantity; price» joins the
invoice's cart; the invoice's amount becomes the lines' total."""

from __future__ import annotations

from decimal import Decimal

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.filters import NOT_COMMAND, TEXT
from bot.form_summary import (
    current_summary,
    show_summary,
    stale_form_button,
)
from bot.keyboards.cart_lines import CartLineCallback
from bot.services.cart_lines import CartLines, total
from bot.services.catalogue import CatalogueError
from bot.settings import Settings
from bot.telegram.editing import set_keyboard
from bot.texts import Texts
from bot.views.catalogue import problem_text
from bot.views.receipts import replaced_note


class CartLineForm(StatesGroup):
    line = State()


def create_router() -> Router:
    router = Router(name="cart_lines")
    router.callback_query.register(ask_line, CartLineCallback.filter())
    router.message.register(add_line, StateFilter(CartLineForm.line), TEXT, NOT_COMMAND)
    return router


async def ask_line(
    query: CallbackQuery, callback_data: CartLineCallback, state: FSMContext, texts: Texts
) -> None:
    found = await current_summary(query, callback_data.nonce, state)
    if found is None:
        await stale_form_button(query, state, texts)
        return
    message, _ = found
    await query.answer()
    await set_keyboard(message, None)
    await state.set_state(CartLineForm.line)
    await message.answer(texts("cart.ask"))


async def add_line(
    message: Message, state: FSMContext, texts: Texts, settings: Settings, cart_lines: CartLines
) -> None:
    data = await state.get_data()
    lines = list(data.get("lines") or [])
    try:
        line = await cart_lines.parse(message.text or "")
        if not lines:
            # The form's own service and amount become the first line.
            service = data.get("service") or settings.default_service_name
            lines = cart_lines.joined([], await cart_lines.line(service, Decimal(data["amount"])))
        lines = cart_lines.joined(lines, line)
    except CatalogueError as problem:
        await message.answer(problem_text(problem, texts))
        await message.answer(texts("cart.ask"))
        return
    await state.update_data(lines=lines, amount=str(total(lines)))
    if line.tax.replaced_by is not None:
        await message.answer(replaced_note(line.tax, texts))
    await show_summary(message, state, texts, settings)
