"""The card's «🧾 Чек полного расчёта»: ask, confirm, report (bot/services/final_receipts.py
decides whether it is due and keeps the money-first order). Run from the card's action table
(handlers/invoice_card.py), which has checked whose invoice it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram.types import InlineKeyboardButton

from bot.formatting import format_amount
from bot.keyboards.final_receipt import confirm_final_receipt_keyboard, final_receipt_button
from bot.telegram.editing import edit_or_send
from bot.views.final_receipts import final_receipt_text
from bot.views.invoices import alert
from paykeeper.cart import cart_total
from storage import InvoiceRecord, InvoiceStatus

if TYPE_CHECKING:
    from handlers.invoice_card import Press


def is_paid(invoice: InvoiceRecord) -> bool:
    return invoice.status is InvoiceStatus.PAID


async def buttons(press: Press, invoice: InvoiceRecord) -> list[InlineKeyboardButton]:
    offered = await press.final_receipts.offers(invoice)
    return [final_receipt_button(press.texts, invoice.id)] if offered else []


async def ask(press: Press) -> None:
    query, texts, invoice = press.query, press.texts, press.invoice
    lines = await press.final_receipts.prepaid_lines(invoice)
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
    await press.bot.send_message(query.from_user.id, text, reply_markup=keyboard)


async def confirmed(press: Press) -> None:
    query, invoice = press.query, press.invoice
    # Answered first: PayKeeper may take a while, and the button must not spin.
    await query.answer()
    outcome = await press.final_receipts.make(invoice, actor_id=query.from_user.id)
    text = final_receipt_text(outcome, invoice, press.texts)
    await edit_or_send(query, press.bot, text, None, in_place=True)
