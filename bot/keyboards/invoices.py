"""Buttons of the /invoices list and of the invoice card."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.services.invoice_actions import can_cancel, can_refresh, can_resend, can_share
from bot.services.invoice_lists import PAGE_SIZE, ListFilter, ListPage
from bot.texts import Texts
from storage import InvoiceRecord, InvoiceStatus

# The text key naming each filter, on its button and in the list's heading.
FILTER_KEYS = {
    ListFilter.UNPAID: "inv.filter.unpaid",
    ListFilter.PAID: "inv.filter.paid",
    ListFilter.CLOSED: "inv.filter.closed",
    ListFilter.ALL: "inv.filter.all",
}


# Buttons only the card has (alerts and reminders carry open/repeat/resend/cancel): a press on
# a message with one of these re-renders that message instead of sending a new card.
CARD_ONLY_ACTIONS = frozenset(
    {InvoiceAction.REFRESH, InvoiceAction.QR, InvoiceAction.CANCEL_CONFIRMED}
)


class ListCallback(CallbackData, prefix="ls"):
    # Only the values travel (callback data holds 64 bytes), so the names can be whole words.
    list_filter: ListFilter
    page: int  # from 0
    everyone: bool = False  # everyone's invoices (admins only)
    search_id: int = 0  # a saved search, 0 = none
    manager: int = 0  # with everyone: one manager's invoices only, 0 = all of them


class ManagerPickCallback(CallbackData, prefix="lsm"):
    """Choose whose invoices the list shows (admins and viewers): the list's state to keep."""

    list_filter: ListFilter
    search_id: int = 0


def list_keyboard(
    texts: Texts, page: ListPage, state: ListCallback, *, is_admin: bool
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    numbers = [
        InlineKeyboardButton(
            text=str(n),
            callback_data=InvoiceCallback(action=InvoiceAction.OPEN, id=invoice.id).pack(),
        )
        for n, invoice in enumerate(page.invoices, start=page.page * PAGE_SIZE + 1)
    ]
    for start in range(0, len(numbers), 5):
        builder.row(*numbers[start : start + 5])
    if page.pages > 1:
        builder.row(
            InlineKeyboardButton(
                text=texts("inv.btn.prev"),
                callback_data=_with(state, page=(page.page - 1) % page.pages),
            ),
            InlineKeyboardButton(
                text=texts("inv.btn.page", page=page.page + 1, pages=page.pages),
                callback_data=_with(state, page=page.page),
            ),
            InlineKeyboardButton(
                text=texts("inv.btn.next"),
                callback_data=_with(state, page=(page.page + 1) % page.pages),
            ),
        )
    filters = [
        InlineKeyboardButton(
            text=_filter_caption(texts, list_filter, current=list_filter == state.list_filter),
            callback_data=_with(state, list_filter=list_filter, page=0),
        )
        for list_filter in ListFilter
    ]
    builder.row(*filters[:2])
    builder.row(*filters[2:])
    if is_admin:
        toggle = InlineKeyboardButton(
            text=texts("inv.btn.own" if state.everyone else "inv.btn.everyone"),
            callback_data=_with(state, everyone=not state.everyone, manager=0, page=0),
        )
        pick = InlineKeyboardButton(
            text=texts("team.btn.by_manager"),
            callback_data=ManagerPickCallback(
                list_filter=state.list_filter, search_id=state.search_id
            ).pack(),
        )
        builder.row(toggle, pick)
    return builder.as_markup()


def _with(state: ListCallback, **changes: object) -> str:
    return state.model_copy(update=changes).pack()


def _filter_caption(texts: Texts, list_filter: ListFilter, *, current: bool) -> str:
    name = texts(FILTER_KEYS[list_filter])
    return texts("inv.btn.filter_current", name=name) if current else name


def card_keyboard(
    texts: Texts, invoice: InvoiceRecord, extra: Sequence[InlineKeyboardButton] = ()
) -> InlineKeyboardMarkup:
    """Only the buttons that make sense for the invoice's status; ``extra`` (refund, cash)
    one row below them."""
    builder = InlineKeyboardBuilder()

    def button(action: InvoiceAction, key: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=texts(key), callback_data=InvoiceCallback(action=action, id=invoice.id).pack()
        )

    buttons: list[InlineKeyboardButton] = []
    if can_refresh(invoice):
        buttons.append(button(InvoiceAction.REFRESH, "inv.btn.refresh"))
    if can_resend(invoice):
        sent = invoice.status is InvoiceStatus.SENT  # PayKeeper e-mailed it before
        buttons.append(button(InvoiceAction.RESEND, "inv.btn.resend" if sent else "inv.btn.email"))
    if can_share(invoice):
        buttons.append(button(InvoiceAction.QR, "inv.btn.qr"))
        # Opens inline mode in a chat the manager picks, with this invoice found by order id.
        buttons.append(
            InlineKeyboardButton(text=texts("inv.btn.share"), switch_inline_query=invoice.order_id)
        )
    buttons.append(button(InvoiceAction.REPEAT, "inv.btn.repeat"))
    buttons.append(button(InvoiceAction.SCHEDULE, "inv.btn.schedule"))
    for start in range(0, len(buttons), 2):
        builder.row(*buttons[start : start + 2])
    if can_cancel(invoice):
        builder.row(button(InvoiceAction.CANCEL, "inv.btn.cancel"))
    if extra:
        builder.row(*extra)
    return builder.as_markup()


def confirm_cancel_keyboard(texts: Texts, invoice: InvoiceRecord) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=texts("inv.btn.cancel_yes"),
                    callback_data=InvoiceCallback(
                        action=InvoiceAction.CANCEL_CONFIRMED, id=invoice.id
                    ).pack(),
                ),
                InlineKeyboardButton(
                    text=texts("inv.btn.cancel_no"),
                    callback_data=InvoiceCallback(action=InvoiceAction.OPEN, id=invoice.id).pack(),
                ),
            ]
        ]
    )


def share_keyboard(texts: Texts, invoice: InvoiceRecord) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=texts("inv.btn.pick_chat"), switch_inline_query=invoice.order_id
                )
            ]
        ]
    )


def is_card(message: Message, invoice_id: int) -> bool:
    """Whether ``message`` is this invoice's card (rather than an alert or a reminder)."""
    markup = message.reply_markup
    if markup is None:
        return False
    for row in markup.inline_keyboard:
        for button in row:
            data = button.callback_data or ""
            if not data.startswith(InvoiceCallback.__prefix__ + ":"):
                continue
            try:
                callback = InvoiceCallback.unpack(data)
            except (TypeError, ValueError):
                continue
            if callback.id == invoice_id and callback.action in CARD_ONLY_ACTIONS:
                return True
    return False
