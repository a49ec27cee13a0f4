"""The invoice card and its buttons: one table of actions, run by one handler.

Card buttons carry InvoiceCallback (action + id) and work from any message that has them: the
card itself (re-rendered in place), or a payment alert or reminder (answered with a toast or a
fresh card, leaving that message as it was). Whose invoice it is was checked before the
handler runs (InvoiceAccessMiddleware); whether the action fits the invoice's status now is
the table's ``allowed``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, Message

from bot.form_summary import open_summary
from bot.formatting import format_amount
from bot.keyboards.final_receipt import final_receipt_button
from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.keyboards.invoices import card_keyboard, confirm_cancel_keyboard, is_card, share_keyboard
from bot.keyboards.refunds import money_buttons
from bot.middlewares.invoice_access import InvoiceAccessMiddleware
from bot.schedule_form import open_form
from bot.services.access import Role
from bot.services.final_receipts import FinalReceipts
from bot.services.invoice_actions import (
    InvoiceActions,
    can_cancel,
    can_refresh,
    can_resend,
    can_share,
)
from bot.services.issue_outcomes import Failure, classify
from bot.services.ledger import InvoiceMoney
from bot.services.qr import payment_qr_png
from bot.services.refunds import AfterPayment
from bot.settings import Settings
from bot.telegram.editing import edit_or_send
from bot.telegram.users import manager_of
from bot.texts import Texts
from bot.views.invoices import alert, card_text, paykeeper_alert, status_text
from bot.views.refunds import money_text
from paykeeper import PayKeeperError
from storage import InvoiceRecord, InvoiceStatus


def create_router() -> Router:
    router = Router(name="invoice_card")
    # The handler gets the invoice loaded and access-checked.
    router.callback_query.middleware(InvoiceAccessMiddleware())
    router.callback_query.register(press, InvoiceCallback.filter())
    return router


@dataclass(frozen=True, slots=True)
class Press:
    """One press of an invoice's button: by whom, on which invoice, with what to act."""

    query: CallbackQuery
    invoice: InvoiceRecord
    texts: Texts
    actions: InvoiceActions
    bot: Bot
    state: FSMContext
    settings: Settings
    said: Said | None  # the action's answers when it asks PayKeeper
    role: Role
    after_payment: AfterPayment  # the refund and cash buttons (handlers/refunds.py)
    final_receipts: FinalReceipts  # whether the card offers the final receipt

    @property
    def on_card(self) -> bool:
        """Pressed on the invoice's card (not on an alert or a reminder)."""
        message = self.query.message
        return isinstance(message, Message) and is_card(message, self.invoice.id)

    async def show_card(
        self, invoice: InvoiceRecord, *, in_place: bool, confirm_cancel: bool = False
    ) -> None:
        texts = self.texts
        history = await self.actions.history(invoice)
        money = await self.after_payment.ledger.money(invoice)
        text = card_text(
            invoice,
            history,
            texts,
            show_manager=invoice.manager_id != self.query.from_user.id,
            confirm_cancel=confirm_cancel,
        ) + money_text(money, texts)
        keyboard = (
            confirm_cancel_keyboard(texts, invoice)
            if confirm_cancel
            else card_keyboard(
                texts,
                invoice,
                [*self._money_buttons(invoice, money), *await self._receipt_button(invoice)],
            )
        )
        await edit_or_send(self.query, self.bot, text, keyboard, in_place=in_place)

    async def _receipt_button(self, invoice: InvoiceRecord) -> list[InlineKeyboardButton]:
        offered = await self.final_receipts.offers(invoice)  # handlers/final_receipt.py
        return [final_receipt_button(self.texts, invoice.id)] if offered else []

    def _money_buttons(
        self, invoice: InvoiceRecord, money: InvoiceMoney
    ) -> list[InlineKeyboardButton]:
        after, role = self.after_payment, self.role
        return money_buttons(
            self.texts,
            invoice.id,
            refund=after.offers_refund(invoice, role, money),
            cash=after.offers_cash(invoice, role),
        )

    async def report(self, failure: Failure | None, **values: object) -> None:
        """Answer the button: PayKeeper's refusal as an alert, success as a toast."""
        said = self.said
        if said is None:  # pragma: no cover - a table entry without its answers
            raise ValueError("this action says nothing of PayKeeper")
        if failure is not None:
            text = paykeeper_alert(failure, self.texts, said.failed)
            await self.query.answer(text, show_alert=True)
        else:
            await self.query.answer(alert(self.texts(said.done, **values)))


@dataclass(frozen=True, slots=True)
class Said:
    """What an action that asks PayKeeper tells the manager (text keys)."""

    done: str
    failed: str  # PayKeeper refused; takes {message}


@dataclass(frozen=True, slots=True)
class CardAction:
    run: Callable[[Press], Awaitable[None]]  # what it does, and what it says when it worked
    allowed: Callable[[InvoiceRecord], bool] = lambda invoice: True  # for the status it has now
    refused: Callable[[InvoiceRecord], str] = lambda invoice: "inv.stale"  # text key, {status}
    said: Said | None = None  # for an action that asks PayKeeper: what success and refusal say


# --- What each action does --------------------------------------------------------------


async def open_card(press: Press) -> None:
    await press.query.answer()
    # "No, keep it" under a cancel confirmation turns that card back; anywhere else a new card.
    await press.show_card(press.invoice, in_place=press.on_card)


async def refresh(press: Press) -> None:
    query, texts, invoice = press.query, press.texts, press.invoice
    try:
        updated = await press.actions.refresh(invoice, actor=manager_of(query.from_user))
        if updated.status is InvoiceStatus.PAID:
            await press.after_payment.refresh(updated)  # its refunds, as PayKeeper has them
    except PayKeeperError as error:
        text = paykeeper_alert(classify(error), texts, "inv.pk_rejected")
        await query.answer(text, show_alert=True)
        return
    key = "inv.unchanged" if updated.status is invoice.status else "inv.refreshed"
    await query.answer(alert(texts(key, status=status_text(updated.status, texts))))
    await press.show_card(updated, in_place=press.on_card)


async def resend(press: Press) -> None:
    invoice = press.invoice
    outcome = await press.actions.resend(invoice, actor=manager_of(press.query.from_user))
    await press.report(outcome.failure, email=invoice.client_email)
    if press.on_card:
        await press.show_card(outcome.invoice, in_place=True)


async def ask_cancel(press: Press) -> None:
    await press.query.answer()
    await press.show_card(press.invoice, in_place=press.on_card, confirm_cancel=True)


async def cancel(press: Press) -> None:
    outcome = await press.actions.cancel(press.invoice, actor=manager_of(press.query.from_user))
    await press.report(outcome.failure)
    await press.show_card(outcome.invoice, in_place=press.on_card)


async def repeat(press: Press) -> None:
    query, texts, invoice = press.query, press.texts, press.invoice
    draft, lines = await press.actions.repeat(invoice, actor=manager_of(query.from_user))
    await query.answer()
    intro = await press.bot.send_message(
        query.from_user.id, texts("inv.repeat_intro", id=invoice.id)
    )
    # The summary comes with a fresh order id: confirming it issues a new invoice.
    await open_summary(intro, press.state, draft, texts, press.settings, lines=lines)


async def schedule(press: Press) -> None:
    await press.query.answer()
    await open_form(press.bot, press.query.from_user.id, press.state, press.invoice, press.texts)


async def send_qr(press: Press) -> None:
    texts, invoice = press.texts, press.invoice
    url = invoice.invoice_url or ""  # `allowed` saw the link
    await press.query.answer()
    picture = BufferedInputFile(payment_qr_png(url), filename=f"invoice-{invoice.id}.png")
    caption = texts(
        "inv.qr_caption",
        id=invoice.id,
        amount=format_amount(invoice.amount, texts.lang),
        service=invoice.service_name,
        url=url,
    )
    await press.bot.send_photo(press.query.from_user.id, picture, caption=caption)


async def share(press: Press) -> None:
    """The card shares with a switch-inline button directly; this serves other messages."""
    await press.query.answer()
    await press.bot.send_message(
        press.query.from_user.id,
        press.texts("inv.share_prompt", id=press.invoice.id),
        reply_markup=share_keyboard(press.texts, press.invoice),
    )


def _cancel_refused(invoice: InvoiceRecord) -> str:
    return "inv.paid_cannot_cancel" if invoice.status is InvoiceStatus.PAID else "inv.stale"


def _not_payable(invoice: InvoiceRecord) -> str:
    return "inv.not_payable"


CARD_ACTIONS: dict[str, CardAction] = {
    InvoiceAction.OPEN: CardAction(open_card),
    InvoiceAction.REFRESH: CardAction(refresh, can_refresh),
    InvoiceAction.RESEND: CardAction(
        resend, can_resend, said=Said(done="inv.resent", failed="inv.resend_failed")
    ),
    InvoiceAction.CANCEL: CardAction(ask_cancel, can_cancel, _cancel_refused),
    InvoiceAction.CANCEL_CONFIRMED: CardAction(
        cancel, can_cancel, _cancel_refused, Said(done="inv.cancelled", failed="inv.cancel_failed")
    ),
    InvoiceAction.REPEAT: CardAction(repeat),
    InvoiceAction.SCHEDULE: CardAction(schedule),
    InvoiceAction.QR: CardAction(send_qr, can_share, _not_payable),
    InvoiceAction.SHARE: CardAction(share, can_share, _not_payable),
}


# --- The one handler ----------------------------------------------------------------------


async def press(
    query: CallbackQuery,
    callback_data: InvoiceCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
    invoice: InvoiceRecord,
    actions: InvoiceActions,
    bot: Bot,
    role: Role,
    after_payment: AfterPayment,
    final_receipts: FinalReceipts,
) -> None:
    action = CARD_ACTIONS.get(callback_data.action)
    if action is None:  # a forged or retired action
        await query.answer(alert(texts("inv.unknown_action")), show_alert=True)
        return
    pressed = Press(
        query,
        invoice,
        texts,
        actions,
        bot,
        state,
        settings,
        action.said,
        role,
        after_payment,
        final_receipts,
    )
    if not action.allowed(invoice):
        # A button that no longer fits the invoice's status: say so, show the card as it is.
        status = status_text(invoice.status, texts)
        await query.answer(alert(texts(action.refused(invoice), status=status)), show_alert=True)
        if pressed.on_card:
            await pressed.show_card(invoice, in_place=True)
        return
    await action.run(pressed)
