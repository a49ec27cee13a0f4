"""Inline mode: ``@bot`` lists the manager's unpaid invoices to post into any chat, and
``@bot 1500 ivan@example.com Консультация`` offers to create one right there.

Answers come from SQLite only (PayKeeper is never called while the user types), personal and
briefly cached, so nobody is ever served another manager's invoices."""

from __future__ import annotations

import logging
from dataclasses import replace

from aiogram import Bot, Router
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    CallbackQuery,
    ChosenInlineResult,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
)

from bot.drafts import InvoiceDraft, today_in_moscow
from bot.formatting import format_amount
from bot.keyboards.inline import QuickCallback, create_keyboard
from bot.parsing import InputError, parse_one_line
from bot.services import outbox_keys as keys
from bot.services.access import Role, may_share_others
from bot.services.approvals import Approvals
from bot.services.invoice_actions import InvoiceActions, can_share
from bot.services.invoice_lists import INLINE_LIMIT, unpaid_for_inline
from bot.services.issue_outcomes import FailureKind, IssueOutcome
from bot.services.payers import PayerBook
from bot.services.quick_invoices import QuickInvoices, QuickResult, QuickState
from bot.settings import Settings
from bot.telegram.editing import edit_message
from bot.telegram.holds import quick_refused
from bot.telegram.inline_follow import InlineFollow
from bot.telegram.outbox import Outbox
from bot.telegram.users import manager_of
from bot.texts import Html, Texts
from bot.views.inline import INVOICE_RESULT, create_article, invoice_article
from bot.views.invoices import alert, draft_text, payment_message, plain
from bot.views.outcomes import failure_text, outcome_message
from storage import InvoiceRecord, InvoiceRepository

log = logging.getLogger(__name__)

PAYERS_OFFERED = 3  # payers a name in an inline creation may match, each its own result
CACHE_SECONDS = 5  # short: a new invoice shows up at once, a quick-creation token is fresh
# The query did not start with an amount: it is a search, not a creation attempt.
_NOT_A_CREATION = frozenset({"input.one_line.amount_first", "input.one_line.empty"})


def create_router() -> Router:
    router = Router(name="inline")
    router.inline_query.register(answer_query)
    router.chosen_inline_result.register(chosen)
    router.callback_query.register(create, QuickCallback.filter())
    return router


async def answer_query(
    query: InlineQuery,
    texts: Texts,
    role: Role,
    settings: Settings,
    invoices: InvoiceRepository,
    quick: QuickInvoices,
    payers: PayerBook,
    bot: Bot,
) -> None:
    text = " ".join(query.query.split())
    offset = int(query.offset) if query.offset.isdigit() else 0
    user_id = query.from_user.id
    results: list[InlineQueryResultArticle] = []
    if text and offset == 0:
        results.extend(await _creation(user_id, role, text, texts, settings, quick, payers, bot))
    found = await unpaid_for_inline(invoices, manager_id=user_id, search=text, offset=offset)
    shown = list(found)
    if text and offset == 0 and may_share_others(role):
        # An admin's "share" on another manager's card puts that invoice's order id here.
        other = await invoices.get_by_order(text)
        if other is not None and other.manager_id != user_id and can_share(other):
            shown.insert(0, other)
    results.extend(invoice_article(invoice, texts) for invoice in shown)
    button = None
    if not results:
        key = "inv.inline.nothing_found" if text else "inv.inline.no_unpaid"
        button = InlineQueryResultsButton(text=texts(key), start_parameter="inline")
    await query.answer(
        results,  # type: ignore[arg-type]  # a list of one result type is a valid list
        cache_time=CACHE_SECONDS,
        is_personal=True,
        next_offset=str(offset + len(found)) if len(found) == INLINE_LIMIT else "",
        button=button,
    )


async def _creation(
    user_id: int,
    role: Role,
    text: str,
    texts: Texts,
    settings: Settings,
    quick: QuickInvoices,
    payers: PayerBook,
    bot: Bot,
) -> list[InlineQueryResultArticle]:
    """A "create" result for a well-formed one-line invoice, the syntax for a broken one."""
    try:
        parsed = parse_one_line(text, settings.max_amount, today_in_moscow())
    except InputError as error:
        if error.key in _NOT_A_CREATION:
            return []
        reason = texts(error.key, **error.params_for(texts.lang))
        me = await bot.me()
        return [
            InlineQueryResultArticle(
                id="syntax",
                title=texts("inv.inline.syntax_title"),
                description=plain(reason),
                input_message_content=InputTextMessageContent(
                    message_text=texts("inv.inline.syntax_message", bot=me.username or "bot"),
                    parse_mode=ParseMode.HTML,
                ),
            )
        ]
    draft = InvoiceDraft.from_one_line(parsed)
    pending = await quick.offer(user_id, draft)
    results = [create_article(draft, pending.token, texts, settings.default_service_name)]
    if parsed.service and not (draft.email or draft.phone):
        # "@bot 5000 Альфа": the words may name a payer in the book rather than a service.
        for payer in await payers.matches(parsed.service, user_id, role, limit=PAYERS_OFFERED):
            billed = replace(
                draft,
                email=payer.email,
                phone=payer.phone,
                client_name=payer.client_name,
                service=None,
            )
            offered = await quick.offer(user_id, billed)
            results.append(
                create_article(billed, offered.token, texts, settings.default_service_name)
            )
    return results


async def chosen(
    result: ChosenInlineResult,
    role: Role,
    actions: InvoiceActions,
    invoices: InvoiceRepository,
    inline_follow: InlineFollow,
) -> None:
    """Inline feedback (if enabled in @BotFather; Telegram samples it): note the share, and
    where the message went, so it follows the invoice (paid, expired, cancelled)."""
    invoice_id = result.result_id.removeprefix(INVOICE_RESULT)
    if result.result_id.startswith(INVOICE_RESULT) and invoice_id.isdigit():
        actor = manager_of(result.from_user)
        await actions.record_shared(int(invoice_id), actor, role)
        invoice = await invoices.get(int(invoice_id))
        # Only one this user could have been offered: theirs, or any one for an admin.
        shareable = invoice is not None and (
            invoice.manager_id == actor.id or may_share_others(role)
        )
        if invoice is not None and shareable and result.inline_message_id is not None:
            await inline_follow.remember(invoice, result.inline_message_id)


# --- The "create" button of a posted quick-creation message -------------------------------


async def create(
    query: CallbackQuery,
    callback_data: QuickCallback,
    texts: Texts,
    settings: Settings,
    quick: QuickInvoices,
    bot: Bot,
    outbox: Outbox,
    role: Role,
    approvals: Approvals,
    inline_follow: InlineFollow,
) -> None:
    if await quick_refused(query, callback_data.token, role, approvals, quick, texts):
        return
    user = query.from_user
    check = await quick.check(callback_data.token, user.id)
    if check.state is QuickState.EXPIRED:
        await query.answer(alert(texts("inv.inline.expired")), show_alert=True)
        return
    if check.state is QuickState.NOT_YOURS:
        await query.answer(alert(texts("inv.inline.not_yours")), show_alert=True)
        return
    if check.state is QuickState.CREATED and check.invoice is not None:
        await query.answer(alert(texts("inv.inline.already")))
        if await _edit(query, bot, *payment_message(check.invoice, texts)):
            await _follow(query, check.invoice, inline_follow)
        return
    draft, invoice_draft = check.draft, check.invoice_draft
    if check.state is not QuickState.READY or draft is None or invoice_draft is None:
        await query.answer(alert(texts("inv.inline.in_progress")), show_alert=True)
        return

    default = settings.default_service_name
    await query.answer(alert(texts("inv.inline.creating_toast")))
    await _edit(query, bot, draft_text(invoice_draft, texts, default, "inv.inline.creating"))
    result = await quick.create(draft, manager_of(user))
    if result.state is QuickState.CREATED and result.invoice is not None:
        if await _edit(query, bot, *payment_message(result.invoice, texts)):
            await _follow(query, result.invoice, inline_follow)
        else:
            # The posted message could not be turned into the payment message: the manager
            # gets the link privately (queued until Telegram takes it), never nothing.
            invoice = result.invoice
            await outbox.put(
                keys.quick(invoice.id),
                user.id,
                outcome_message(IssueOutcome(invoice), texts),
                invoice_id=invoice.id,
            )
        return
    amount = format_amount(invoice_draft.amount, texts.lang)
    if result.state is QuickState.PENDING:
        # The client's chat gets no PayKeeper details; the manager gets them privately.
        await _edit(query, bot, draft_text(invoice_draft, texts, default, "inv.inline.pending"))
        await _tell(bot, user.id, texts, "inv.inline.uncertain", amount, result)
        return
    # The bot's own rules (MAX_AMOUNT, a cart that cannot fit) refuse it on every press: the
    # button goes, instead of inviting presses that can only fail again.
    refused = result.failure is not None and result.failure.kind is FailureKind.REFUSED
    await _edit(
        query,
        bot,
        draft_text(invoice_draft, texts, default, "inv.inline.draft"),
        None if refused else create_keyboard(texts, draft.token),
    )
    key = "inv.inline.refused" if refused else "inv.inline.failed"
    await _tell(bot, user.id, texts, key, amount, result)


async def _edit(
    query: CallbackQuery, bot: Bot, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> bool:
    """Edit the message the button is on: an inline message (the usual case) or a chat one.
    False if Telegram would not (the retries already waited out flood control)."""
    return await edit_message(
        text,
        keyboard,
        message=query.message if isinstance(query.message, Message) else None,
        inline=(bot, query.inline_message_id) if query.inline_message_id is not None else None,
        what="quick-creation message",
    )


async def _follow(query: CallbackQuery, invoice: InvoiceRecord, follow: InlineFollow) -> None:
    if query.inline_message_id is not None:  # posted through inline mode: it follows
        await follow.remember(invoice, query.inline_message_id)


async def _tell(
    bot: Bot, user_id: int, texts: Texts, key: str, amount: str, result: QuickResult
) -> None:
    if result.failure is None or result.invoice is None:
        return
    reason = Html(failure_text(result.failure, result.invoice, texts))
    try:
        await bot.send_message(user_id, texts(key, amount=amount, reason=reason))
    except TelegramAPIError as error:  # e.g. the manager never opened a chat with the bot
        log.warning("could not tell manager %s about a quick creation: %s", user_id, error)
