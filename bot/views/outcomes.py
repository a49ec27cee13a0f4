"""How invoices and outcomes read in chat; shared by every feature that shows an invoice."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardMarkup

from bot.formatting import format_amount, format_date
from bot.keyboards.alerts import invoice_buttons
from bot.keyboards.form import pay_keyboard
from bot.keyboards.invoice import InvoiceAction
from bot.parsing import InputError
from bot.services.issue_outcomes import Failure, FailureKind, IssueOutcome
from bot.texts import Html, Texts
from storage import InvoiceRecord


def last_day_text(last_day: date | None, texts: Texts) -> str:
    if last_day is None:
        return texts("form.no_expiry")
    return texts("form.until_day", day=format_date(last_day, texts.lang))


def failure_reason(failure: Failure, texts: Texts) -> str:
    """PayKeeper's own message, or what went wrong on the way, in the manager's language."""
    if failure.refusal is not None:
        return refusal_text(failure.refusal, texts)
    if failure.reason is None:
        return failure.message
    return texts(f"pk.reason.{failure.reason}")


def refusal_text(refusal: InputError, texts: Texts) -> Html:
    """What the bot's own rules say about an invoice they refuse (or an answer they refuse)."""
    return texts.html(refusal.key, **refusal.params_for(texts.lang))


def as_sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def failure_text(failure: Failure, invoice: InvoiceRecord, texts: Texts) -> str:
    message = failure_reason(failure, texts)
    if failure.kind is FailureKind.REFUSED:
        return texts("fail.refused", message=Html(message))
    if failure.kind is FailureKind.REJECTED:
        return texts("fail.rejected", message=message)
    if failure.kind is FailureKind.AUTH:
        return texts("fail.auth", message=as_sentence(message))
    if failure.kind is FailureKind.UNCERTAIN:
        return texts("fail.uncertain", message=message, order_id=invoice.order_id)
    return texts("fail.unreachable", message=message)


def outcome_message(
    outcome: IssueOutcome, texts: Texts
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message that reports an issued invoice (or why it was not issued)."""
    invoice = outcome.invoice
    failure = outcome.failure
    if invoice.invoice_url is None:
        if failure is None:
            raise ValueError("an outcome without a link must carry its failure")
        return failure_text(failure, invoice, texts), None
    amount = format_amount(invoice.amount, texts.lang)
    values = {
        "amount": amount,
        "service": invoice.service_name,
        "last_day": last_day_text(invoice.last_day, texts),
        "url": invoice.invoice_url,
        "email": invoice.client_email or "",
    }
    if failure is not None and failure.kind is FailureKind.EMAIL_UNCERTAIN:
        text = texts("result.email_uncertain", message=failure_reason(failure, texts), **values)
    elif failure is not None:  # created, but the e-mail did not go out
        text = texts("result.email_failed", message=failure_reason(failure, texts), **values)
    elif outcome.invoice.delivery == "email":
        text = texts("result.emailed", **values)
    else:
        text = texts("result.link", **values)
    return text, pay_keyboard(texts, url=invoice.invoice_url, amount=amount)


def issued_before_message(
    invoice: InvoiceRecord, texts: Texts
) -> tuple[str, InlineKeyboardMarkup]:
    """A summary confirmed again after its invoice was issued: that invoice, as it is now,
    with its link and its card, instead of a bare "already issued"."""
    status = texts(f"inv.status.{invoice.status.value}")
    head = texts("form.issued_before", id=invoice.id, status=status)
    card = invoice_buttons(texts, invoice.id, InvoiceAction.OPEN)
    if invoice.invoice_url is None:  # still `requested`: reconciliation will settle it
        body = texts("form.issued_before_checking", order_id=invoice.order_id)
        return f"{head}\n\n{body}", card
    amount = format_amount(invoice.amount, texts.lang)
    body = texts(
        "form.issued_before_link",
        amount=amount,
        service=invoice.service_name,
        last_day=last_day_text(invoice.last_day, texts),
        url=invoice.invoice_url,
    )
    pay = pay_keyboard(texts, url=invoice.invoice_url, amount=amount).inline_keyboard
    if not invoice.status.is_open:
        pay = []  # paid, expired or cancelled: no payment button to press
    return f"{head}\n\n{body}", InlineKeyboardMarkup(inline_keyboard=[*pay, *card.inline_keyboard])
