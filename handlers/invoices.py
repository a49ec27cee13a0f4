"""/invoices (list, filters, search, paging) and the invoice card with its actions.

Card buttons carry InvoiceCallback (action + id) and work from any message that has them: the
card itself (re-rendered in place), or a payment alert or reminder (answered with a toast or a
fresh card, leaving that message as it was)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.form_summary import open_summary
from bot.formatting import format_amount
from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.keyboards.invoices import (
    ListCallback,
    card_keyboard,
    confirm_cancel_keyboard,
    is_card,
    list_keyboard,
    share_keyboard,
)
from bot.middlewares.invoice_access import InvoiceAccessMiddleware
from bot.parsers import strip_invisible
from bot.services.access import Role
from bot.services.invoice_actions import (
    InvoiceActions,
    can_cancel,
    can_refresh,
    can_resend,
    can_share,
)
from bot.services.invoice_lists import ListFilter, list_page
from bot.services.issuing import Failure, FailureKind, classify
from bot.services.qr import payment_qr_png
from bot.settings import Settings
from bot.telegram.editing import edit_message
from bot.telegram.users import manager_of
from bot.texts import Texts
from bot.views.invoices import alert, card_text, list_text, status_text
from bot.views.outcomes import as_sentence, failure_reason
from paykeeper import PayKeeperError
from storage import InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.searches import SearchRepository


def create_router() -> Router:
    router = Router(name="invoices")
    router.message.register(show_list, Command("invoices"), F.chat.type == ChatType.PRIVATE)
    router.callback_query.register(turn_page, ListCallback.filter())
    # Every InvoiceCallback handler below gets the invoice loaded and access-checked.
    router.callback_query.middleware(InvoiceAccessMiddleware())
    actions: dict[InvoiceAction, Callable[..., Awaitable[None]]] = {
        InvoiceAction.OPEN: open_card,
        InvoiceAction.REFRESH: refresh,
        InvoiceAction.RESEND: resend,
        InvoiceAction.CANCEL: ask_cancel,
        InvoiceAction.CANCEL_CONFIRMED: cancel,
        InvoiceAction.REPEAT: repeat,
        InvoiceAction.QR: send_qr,
        InvoiceAction.SHARE: share,
    }
    for action, handler in actions.items():
        router.callback_query.register(handler, InvoiceCallback.filter(F.action == action))
    router.callback_query.register(unknown_action, InvoiceCallback.filter())
    return router


# --- The list -----------------------------------------------------------------------------


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
    state = ListCallback(list_filter=ListFilter.ALL, page=0, search_id=search_id)
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
    await _show(query, bot, text, keyboard, in_place=True)


async def _list(
    state: ListCallback,
    search: str | None,
    user_id: int,
    role: Role,
    texts: Texts,
    invoices: InvoiceRepository,
) -> tuple[str, InlineKeyboardMarkup]:
    is_admin = role is Role.ADMIN
    everyone = state.everyone and is_admin
    page = await list_page(
        invoices,
        manager_id=None if everyone else user_id,
        list_filter=state.list_filter,
        search=search,
        page=state.page,
    )
    state = state.model_copy(update={"page": page.page, "everyone": everyone})
    text = list_text(
        page,
        texts,
        list_filter=state.list_filter,
        everyone=everyone,
        search=search,
        show_manager=everyone,
    )
    return text, list_keyboard(texts, page, state, is_admin=is_admin)


# --- The card -----------------------------------------------------------------------------


def _on_card(query: CallbackQuery, invoice_id: int) -> bool:
    return isinstance(query.message, Message) and is_card(query.message, invoice_id)


async def _show_card(
    query: CallbackQuery,
    bot: Bot,
    invoice: InvoiceRecord,
    texts: Texts,
    actions: InvoiceActions,
    *,
    in_place: bool,
    confirm_cancel: bool = False,
) -> None:
    history = await actions.history(invoice)
    text = card_text(
        invoice,
        history,
        texts,
        show_manager=invoice.manager_id != query.from_user.id,
        confirm_cancel=confirm_cancel,
    )
    keyboard = (
        confirm_cancel_keyboard(texts, invoice)
        if confirm_cancel
        else card_keyboard(texts, invoice)
    )
    await _show(query, bot, text, keyboard, in_place=in_place)


async def _show(
    query: CallbackQuery,
    bot: Bot,
    text: str,
    keyboard: InlineKeyboardMarkup,
    *,
    in_place: bool,
) -> None:
    """Edit the pressed message, or send a new one (also when it can no longer be edited)."""
    message = query.message
    if (
        in_place
        and isinstance(message, Message)
        and await edit_message(text, keyboard, message=message, what="card")
    ):
        return
    await bot.send_message(query.from_user.id, text, reply_markup=keyboard)


async def _outdated(
    query: CallbackQuery,
    bot: Bot,
    invoice: InvoiceRecord,
    texts: Texts,
    actions: InvoiceActions,
    *,
    key: str = "inv.stale",
) -> None:
    """A button that no longer fits the invoice's status: say so and show the card as it is."""
    status = status_text(invoice.status, texts)
    await query.answer(alert(texts(key, status=status)), show_alert=True)
    if _on_card(query, invoice.id):
        await _show_card(query, bot, invoice, texts, actions, in_place=True)


async def _report(
    query: CallbackQuery,
    failure: Failure | None,
    texts: Texts,
    failed_key: str,
    done_key: str,
    **values: object,
) -> None:
    """Answer the button: PayKeeper's refusal as an alert, success as a toast."""
    if failure is not None:
        await query.answer(_paykeeper_failure(failure, texts, failed_key), show_alert=True)
    else:
        await query.answer(alert(texts(done_key, **values)))


def _paykeeper_failure(failure: Failure, texts: Texts, rejected_key: str) -> str:
    if failure.kind in (FailureKind.REJECTED, FailureKind.EMAIL):
        return alert(texts(rejected_key, message=failure_reason(failure, texts)))
    if failure.kind is FailureKind.AUTH:
        return alert(texts("inv.pk_auth", message=as_sentence(failure_reason(failure, texts))))
    if failure.kind in (FailureKind.UNCERTAIN, FailureKind.EMAIL_UNCERTAIN):
        return alert(texts("inv.pk_uncertain", message=failure_reason(failure, texts)))
    return alert(texts("inv.pk_unreachable", message=failure_reason(failure, texts)))


async def open_card(
    query: CallbackQuery,
    texts: Texts,
    invoice: InvoiceRecord,
    actions: InvoiceActions,
    bot: Bot,
) -> None:
    await query.answer()
    # "No, keep it" under a cancel confirmation turns that card back; anywhere else a new card.
    await _show_card(query, bot, invoice, texts, actions, in_place=_on_card(query, invoice.id))


async def refresh(
    query: CallbackQuery,
    texts: Texts,
    invoice: InvoiceRecord,
    actions: InvoiceActions,
    bot: Bot,
) -> None:
    if not can_refresh(invoice):
        await _outdated(query, bot, invoice, texts, actions)
        return
    try:
        updated = await actions.refresh(invoice, actor=manager_of(query.from_user))
    except PayKeeperError as error:
        text = _paykeeper_failure(classify(error), texts, "inv.pk_rejected")
        await query.answer(text, show_alert=True)
        return
    key = "inv.unchanged" if updated.status is invoice.status else "inv.refreshed"
    await query.answer(alert(texts(key, status=status_text(updated.status, texts))))
    await _show_card(query, bot, updated, texts, actions, in_place=_on_card(query, invoice.id))


async def resend(
    query: CallbackQuery,
    texts: Texts,
    invoice: InvoiceRecord,
    actions: InvoiceActions,
    bot: Bot,
) -> None:
    if not can_resend(invoice):
        await _outdated(query, bot, invoice, texts, actions)
        return
    outcome = await actions.resend(invoice, actor=manager_of(query.from_user))
    await _report(
        query,
        outcome.failure,
        texts,
        "inv.resend_failed",
        "inv.resent",
        email=invoice.client_email,
    )
    if _on_card(query, invoice.id):
        await _show_card(query, bot, outcome.invoice, texts, actions, in_place=True)


async def ask_cancel(
    query: CallbackQuery,
    texts: Texts,
    invoice: InvoiceRecord,
    actions: InvoiceActions,
    bot: Bot,
) -> None:
    if not can_cancel(invoice):
        await _cannot_cancel(query, bot, invoice, texts, actions)
        return
    await query.answer()
    await _show_card(
        query,
        bot,
        invoice,
        texts,
        actions,
        in_place=_on_card(query, invoice.id),
        confirm_cancel=True,
    )


async def cancel(
    query: CallbackQuery,
    texts: Texts,
    invoice: InvoiceRecord,
    actions: InvoiceActions,
    bot: Bot,
) -> None:
    if not can_cancel(invoice):
        await _cannot_cancel(query, bot, invoice, texts, actions)
        return
    outcome = await actions.cancel(invoice, actor=manager_of(query.from_user))
    await _report(query, outcome.failure, texts, "inv.cancel_failed", "inv.cancelled")
    await _show_card(
        query, bot, outcome.invoice, texts, actions, in_place=_on_card(query, invoice.id)
    )


async def _cannot_cancel(
    query: CallbackQuery,
    bot: Bot,
    invoice: InvoiceRecord,
    texts: Texts,
    actions: InvoiceActions,
) -> None:
    key = "inv.paid_cannot_cancel" if invoice.status is InvoiceStatus.PAID else "inv.stale"
    await _outdated(query, bot, invoice, texts, actions, key=key)


async def repeat(
    query: CallbackQuery,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
    invoice: InvoiceRecord,
    actions: InvoiceActions,
    bot: Bot,
) -> None:
    draft = await actions.repeat(invoice, actor=manager_of(query.from_user))
    await query.answer()
    intro = await bot.send_message(query.from_user.id, texts("inv.repeat_intro", id=invoice.id))
    # The summary comes with a fresh order id: confirming it issues a new invoice.
    await open_summary(intro, state, draft, texts, settings)


async def send_qr(
    query: CallbackQuery,
    texts: Texts,
    invoice: InvoiceRecord,
    actions: InvoiceActions,
    bot: Bot,
) -> None:
    if not can_share(invoice) or invoice.invoice_url is None:
        await _outdated(query, bot, invoice, texts, actions, key="inv.not_payable")
        return
    await query.answer()
    picture = BufferedInputFile(
        payment_qr_png(invoice.invoice_url), filename=f"invoice-{invoice.id}.png"
    )
    caption = texts(
        "inv.qr_caption",
        id=invoice.id,
        amount=format_amount(invoice.amount, texts.lang),
        service=invoice.service_name,
        url=invoice.invoice_url,
    )
    await bot.send_photo(query.from_user.id, picture, caption=caption)


async def share(
    query: CallbackQuery,
    texts: Texts,
    invoice: InvoiceRecord,
    actions: InvoiceActions,
    bot: Bot,
) -> None:
    """The card shares with a switch-inline button directly; this serves other messages."""
    if not can_share(invoice):
        await _outdated(query, bot, invoice, texts, actions, key="inv.not_payable")
        return
    await query.answer()
    await bot.send_message(
        query.from_user.id,
        texts("inv.share_prompt", id=invoice.id),
        reply_markup=share_keyboard(texts, invoice),
    )


async def unknown_action(query: CallbackQuery, texts: Texts) -> None:
    await query.answer(alert(texts("inv.unknown_action")), show_alert=True)
