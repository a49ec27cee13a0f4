"""Inline mode's results: an invoice to post, and the offer to create one."""

from __future__ import annotations

from aiogram.enums import ParseMode
from aiogram.types import InlineQueryResultArticle, InputTextMessageContent

from bot.drafts import InvoiceDraft
from bot.formatting import format_amount
from bot.keyboards.inline import create_keyboard
from bot.texts import Texts
from bot.views.invoices import draft_text, payer_text, payment_message, plain, until_text
from storage import InvoiceRecord

INVOICE_RESULT = "inv:"
CREATE_RESULT = "new:"


def create_article(
    draft: InvoiceDraft, token: str, texts: Texts, default_service: str
) -> InlineQueryResultArticle:
    """The result that posts a draft with a "create" button (the draft kept under ``token``)."""
    contacts = "".join(
        f" · {value}" for value in (draft.client_name, draft.email, draft.phone) if value
    )
    amount = format_amount(draft.amount, texts.lang)
    return InlineQueryResultArticle(
        id=CREATE_RESULT + token,
        title=plain(texts("inv.inline.create_title", amount=amount)),
        description=plain(
            texts(
                "inv.inline.create_description",
                service=draft.service or default_service,
                until=until_text(draft.last_day, texts),
                contacts=contacts,
            )
        ),
        input_message_content=InputTextMessageContent(
            message_text=draft_text(draft, texts, default_service, "inv.inline.draft"),
            parse_mode=ParseMode.HTML,
        ),
        reply_markup=create_keyboard(texts, token),
    )


def invoice_article(invoice: InvoiceRecord, texts: Texts) -> InlineQueryResultArticle:
    text, keyboard = payment_message(invoice, texts)
    amount = format_amount(invoice.amount, texts.lang)
    return InlineQueryResultArticle(
        id=f"{INVOICE_RESULT}{invoice.id}",
        title=plain(
            texts("inv.inline.invoice_title", amount=amount, service=invoice.service_name)
        ),
        description=plain(
            texts(
                "inv.inline.invoice_description",
                payer=payer_text(invoice, texts),
                until=until_text(invoice.last_day, texts),
                order_id=invoice.order_id,
            )
        ),
        input_message_content=InputTextMessageContent(
            message_text=text, parse_mode=ParseMode.HTML
        ),
        reply_markup=keyboard,
    )
