"""Counts /invoice forms started, completed and abandoned (see bot.metrics), and names the
form's order in the log once its summary has made one.

Watches the conversation state around each update, so the form's handlers need not know:
entering the form starts one; leaving it completes it when the update was the summary's
"issue" press, and abandons it otherwise (/cancel, the cancel button, a new /invoice)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject, Update

from bot import logs
from bot.form_summary import FORM_STATES, InvoiceForm
from bot.keyboards.form import FormAction, FormCallback
from bot.metrics import record_form


class FormMetricsMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        state = data.get("state")
        if not isinstance(state, FSMContext) or not isinstance(event, Update):
            return await handler(event, data)
        before = await state.get_state() or ""
        if before == InvoiceForm.summary.state:
            order_id = (await state.get_data()).get("order_id")
            logs.order_id.set(order_id if isinstance(order_id, str) else None)
        result = await handler(event, data)
        after = await state.get_state() or ""
        _count(before.startswith(FORM_STATES), after.startswith(FORM_STATES), event)
        return result


def _count(was_in_form: bool, is_in_form: bool, update: Update) -> None:
    restarted = was_in_form and is_in_form and _is_new_form(update)
    if was_in_form and (not is_in_form or restarted):
        record_form("completed" if _is_issue_press(update) else "abandoned")
    if is_in_form and (not was_in_form or restarted):
        record_form("started")


def _is_new_form(update: Update) -> bool:
    text = update.message.text if update.message else None
    words = (text or "").split(maxsplit=1)  # none at all in a message of only spaces
    return bool(words) and words[0].split("@", 1)[0] == "/invoice"


def _is_issue_press(update: Update) -> bool:
    query = update.callback_query
    if query is None or not query.data:
        return False
    try:
        return FormCallback.unpack(query.data).action == FormAction.DELIVER
    except (TypeError, ValueError):
        return False
