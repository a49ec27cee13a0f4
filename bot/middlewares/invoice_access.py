"""For buttons that act on one invoice (InvoiceCallback): load it and check that the user may
act on it, once, before any handler runs. A manager acts only on their own invoices, admins on
all; a missing invoice or someone else's gets a short alert and the handler never runs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, TelegramObject

from bot.keyboards.invoice import InvoiceCallback
from bot.services.invoice_actions import InvoiceActions, Refusal
from bot.texts import Texts
from bot.views.invoices import alert


class InvoiceAccessMiddleware(BaseMiddleware):
    """Inner middleware on a router's callback queries: runs after the filters matched, so
    ``callback_data`` is already parsed. Puts ``invoice`` into handler data."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        callback_data = data.get("callback_data")
        if not isinstance(event, CallbackQuery) or not isinstance(callback_data, InvoiceCallback):
            return await handler(event, data)
        actions: InvoiceActions = data["actions"]
        found = await actions.load(callback_data.id, event.from_user.id, data["role"])
        if isinstance(found, Refusal):
            texts: Texts = data["texts"]
            key = "inv.not_found" if found is Refusal.NOT_FOUND else "inv.forbidden"
            await event.answer(alert(texts(key)), show_alert=True)
            return None
        data["invoice"] = found
        return await handler(event, data)
