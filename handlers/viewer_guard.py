"""Viewers look and change nothing: every way to issue or change an invoice (the form, the
one-line command, bulk files, card actions that change an invoice, inline creation) answers a
viewer with one clear message. Registered before those features' routers, and matches only
viewers, so everyone else passes straight through."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, Filter
from aiogram.types import CallbackQuery, InlineQuery, InlineQueryResultsButton, Message

from bot.filters import DOCUMENT
from bot.keyboards.bulk import BulkCallback, BulkColumnCallback, BulkReadCallback
from bot.keyboards.form import FormCallback
from bot.keyboards.inline import QuickCallback
from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.keyboards.payers import PayerAction, PayerCallback
from bot.keyboards.schedules import CHANGING as SCHEDULE_CHANGING
from bot.keyboards.schedules import ScheduleCallback, ScheduleFormCallback
from bot.services.access import Role, may_change
from bot.texts import Texts

# Card actions that change an invoice or issue a new one; the rest (open, refresh, QR, share)
# only show it.
CHANGING = frozenset(
    {
        InvoiceAction.RESEND,
        InvoiceAction.CANCEL,
        InvoiceAction.CANCEL_CONFIRMED,
        InvoiceAction.REPEAT,
        InvoiceAction.SCHEDULE,
    }
)


class OnlyLooks(Filter):
    """Matches when the user's role may not change anything."""

    async def __call__(self, event: Any, role: Role | None = None) -> bool:
        return role is not None and not may_change(role)


def create_router() -> Router:
    router = Router(name="viewer_guard")
    router.message.filter(OnlyLooks())
    router.callback_query.filter(OnlyLooks())
    router.inline_query.filter(OnlyLooks())
    router.message.register(refuse, Command("invoice", "bulk"))
    router.message.register(refuse, DOCUMENT)
    forms = (
        FormCallback,
        BulkCallback,
        BulkColumnCallback,
        BulkReadCallback,
        QuickCallback,
        ScheduleFormCallback,
    )
    for callback in forms:
        router.callback_query.register(refuse_button, callback.filter())
    router.callback_query.register(refuse_button, InvoiceCallback.filter(F.action.in_(CHANGING)))
    changing_schedule = ScheduleCallback.filter(F.action.in_(SCHEDULE_CHANGING))
    router.callback_query.register(refuse_button, changing_schedule)
    looking = (PayerAction.OPEN, PayerAction.LIST)  # a viewer reads the book, changes nothing
    router.callback_query.register(refuse_button, PayerCallback.filter(~F.action.in_(looking)))
    router.inline_query.register(refuse_inline)
    return router


async def refuse(message: Message, texts: Texts) -> None:
    await message.answer(texts("team.viewer_refused"))


async def refuse_button(query: CallbackQuery, texts: Texts) -> None:
    await query.answer(texts("team.viewer_refused"), show_alert=True)


async def refuse_inline(query: InlineQuery, texts: Texts) -> None:
    """Inline mode posts payment links and creates invoices: both are a manager's."""
    await query.answer(
        [],
        cache_time=0,
        is_personal=True,
        button=InlineQueryResultsButton(
            text=texts("team.viewer_inline"), start_parameter="viewer"
        ),
    )
