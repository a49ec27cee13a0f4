"""/invoices: the list with its filters, search and pages. Each line's number opens the
invoice's card (handlers/invoice_card.py)."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.keyboards.invoices import ListCallback, list_keyboard
from bot.parsing import strip_invisible
from bot.services.access import Role, list_scope, opens_on_everyone, sees_everyone
from bot.services.invoice_lists import ListFilter, list_page
from bot.telegram.editing import edit_or_send
from bot.texts import Texts
from bot.views.invoices import alert, list_text
from storage import InvoiceRecord, InvoiceRepository
from storage.saved_searches import SearchRepository


def create_router() -> Router:
    router = Router(name="invoice_list")
    router.message.register(show_list, Command("invoices"))
    router.callback_query.register(turn_page, ListCallback.filter())
    return router


async def show_list(
    message: Message,
    command: CommandObject,
    texts: Texts,
    role: Role,
    invoices: InvoiceRepository,
    searches: SearchRepository,
) -> None:
    if message.from_user is None:
        return
    # Cleaned before it is saved and echoed back: a direction override typed into a search
    # must not turn the bot's own reply around.
    search = " ".join(strip_invisible(command.args or "").split()) or None
    search_id = 0
    if search:
        search_id = await searches.save(message.from_user.id, search)
    # A viewer issues nothing: their own list would always be empty.
    state = ListCallback(
        list_filter=ListFilter.ALL, page=0, search_id=search_id, everyone=opens_on_everyone(role)
    )
    text, keyboard = await _list(state, search, message.from_user.id, role, texts, invoices)
    await message.answer(text, reply_markup=keyboard)


async def turn_page(
    query: CallbackQuery,
    callback_data: ListCallback,
    texts: Texts,
    role: Role,
    invoices: InvoiceRepository,
    searches: SearchRepository,
    bot: Bot,
) -> None:
    user_id = query.from_user.id
    state = callback_data
    search = None
    notice = None
    if state.search_id:
        search = await searches.text(state.search_id, user_id)
        if search is None:
            state = state.model_copy(update={"search_id": 0})
            notice = alert(texts("inv.list.search_gone"))
    text, keyboard = await _list(state, search, user_id, role, texts, invoices)
    await query.answer(notice)
    await edit_or_send(query, bot, text, keyboard, in_place=True)


async def _list(
    state: ListCallback,
    search: str | None,
    user_id: int,
    role: Role,
    texts: Texts,
    invoices: InvoiceRepository,
) -> tuple[str, InlineKeyboardMarkup]:
    is_admin = sees_everyone(role)
    scope = list_scope(role, user_id, everyone=state.everyone, manager=state.manager)
    everyone, one_manager = scope.everyone, scope.picked  # picked from the team (/team)
    page = await list_page(
        invoices,
        manager_id=scope.manager_id,
        list_filter=state.list_filter,
        search=search,
        page=state.page,
    )
    state = state.model_copy(
        update={"page": page.page, "everyone": everyone, "manager": one_manager}
    )
    text = list_text(
        page,
        texts,
        list_filter=state.list_filter,
        everyone=everyone,
        search=search,
        show_manager=everyone and not one_manager,
        manager_name=_name_of(one_manager, page.invoices) if one_manager else None,
    )
    return text, list_keyboard(texts, page, state, is_admin=is_admin)


def _name_of(manager_id: int, shown: list[InvoiceRecord]) -> str:
    """The manager's name as their invoices carry it (their id when none is shown)."""
    return next((i.manager_name for i in shown if i.manager_id == manager_id), str(manager_id))
