"""The card's «🧾 Чек полного расчёта»: ask, confirm, report (bot/services/final_receipts.py
decides whether it is due and keeps the money-first order). Its buttons are InvoiceCallback's,
so whose invoice it is was checked before the handler runs (InvoiceAccessMiddleware); the
router comes before the card's, which would call these actions unknown."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery

from bot.formatting import format_amount
from bot.keyboards.final_receipt import confirm_final_receipt_keyboard
from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.middlewares.invoice_access import InvoiceAccessMiddleware
from bot.services.final_receipts import FinalReceipts
from bot.telegram.editing import edit_or_send
from bot.texts import Texts
from bot.views.final_receipts import final_receipt_text
from bot.views.invoices import alert
from paykeeper.cart import cart_total
from storage import InvoiceRecord

_ACTIONS = {InvoiceAction.RECEIPT, InvoiceAction.RECEIPT_CONFIRMED}


def create_router() -> Router:
    router = Router(name="final_receipt")
    router.callback_query.middleware(InvoiceAccessMiddleware())
    router.callback_query.register(press, InvoiceCallback.filter(F.action.in_(_ACTIONS)))
    return router


async def press(
    query: CallbackQuery,
    callback_data: InvoiceCallback,
    texts: Texts,
    invoice: InvoiceRecord,
    bot: Bot,
    final_receipts: FinalReceipts,
) -> None:
    if callback_data.action == InvoiceAction.RECEIPT_CONFIRMED:
        # Answered first: PayKeeper may take a while, and the button must not spin.
        await query.answer()
        outcome = await final_receipts.make(invoice, actor_id=query.from_user.id)
        text = final_receipt_text(outcome, invoice, texts)
        await edit_or_send(query, bot, text, None, in_place=True)
        return
    lines = await final_receipts.prepaid_lines(invoice)
    if not lines:
        await query.answer(alert(texts("rcpt.final_not_due", id=invoice.id)), show_alert=True)
        return
    await query.answer()
    text = texts(
        "rcpt.final_confirm",
        id=invoice.id,
        amount=format_amount(cart_total(lines), texts.lang),
        contact=invoice.client_email or invoice.client_phone or "—",
    )
    keyboard = confirm_final_receipt_keyboard(texts, invoice.id)
    await bot.send_message(query.from_user.id, text, reply_markup=keyboard)
