"""How the invoice list, the card, its history and inline-mode messages read in chat."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from aiogram.types import InlineKeyboardMarkup

from bot.drafts import InvoiceDraft
from bot.formatting import format_amount, format_date
from bot.keyboards.form import pay_keyboard
from bot.keyboards.invoices import FILTER_KEYS
from bot.services.invoice_actions import HistoryEntry
from bot.services.invoice_lists import PAGE_SIZE, ListFilter, ListPage
from bot.services.issue_outcomes import Failure, FailureKind
from bot.texts import CATALOG, Html, Texts
from bot.views.outcomes import as_sentence, failure_reason, last_day_text
from paykeeper import MSK
from storage import InvoiceRecord, InvoiceStatus

# The card stays far below Telegram's 4096 characters however long the history grows.
HISTORY_SHOWN = 15
_SERVICE_IN_LIST = 40
_ERROR_SHOWN = 300
_ALERT_LIMIT = 200  # Telegram cuts callback answers at 200 characters
_TAG = re.compile(r"<[^>]*>")


def plain(rendered: str) -> str:
    """A rendered (HTML) text as plain text, for inline result titles and descriptions."""
    return html.unescape(_TAG.sub("", rendered))


def alert(text: str) -> str:
    """A callback answer within Telegram's limit (they are plain text)."""
    text = plain(text)
    return text if len(text) <= _ALERT_LIMIT else text[: _ALERT_LIMIT - 1] + "…"


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def moscow_time(moment: datetime, lang: str) -> str:
    local = moment.astimezone(MSK)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def status_text(status: InvoiceStatus, texts: Texts) -> str:
    return texts(f"inv.status.{status.value}")


def payer_text(invoice: InvoiceRecord, texts: Texts) -> str:
    return (
        invoice.client_name
        or invoice.client_email
        or invoice.client_phone
        or texts("form.not_given")
    )


# --- The list -----------------------------------------------------------------------------


def list_text(
    page: ListPage,
    texts: Texts,
    *,
    list_filter: ListFilter,
    everyone: bool,
    search: str | None,
    show_manager: bool,
    manager_name: str | None = None,
) -> str:
    title = texts("inv.list.everyone" if everyone else "inv.list.own")
    if manager_name is not None:  # one manager's, picked by an admin or a viewer
        title = texts.html("team.list.invoices_of", name=manager_name)
    parts = [
        texts(
            "inv.list.header",
            title=title,
            filter=texts(FILTER_KEYS[list_filter]),
            page=page.page + 1,
            pages=page.pages,
            total=page.total,
        )
    ]
    if search:
        parts.append(texts("inv.list.search", text=shorten(search, 60)))
    lines = [
        list_line(invoice, texts, number, show_manager=show_manager)
        for number, invoice in enumerate(page.invoices, start=page.page * PAGE_SIZE + 1)
    ]
    parts.append("\n".join(lines) if lines else texts("inv.list.empty"))
    parts.append(texts("inv.list.hint"))
    return "\n\n".join(parts)


def list_line(invoice: InvoiceRecord, texts: Texts, number: int, *, show_manager: bool) -> str:
    line = texts(
        "inv.list.line",
        n=number,
        amount=format_amount(invoice.amount, texts.lang),
        payer=shorten(payer_text(invoice, texts), 40),
        service=shorten(invoice.service_name, _SERVICE_IN_LIST),
        date=format_date(invoice.created_at.astimezone(MSK).date(), texts.lang),
        status=status_text(invoice.status, texts),
    )
    if show_manager:
        return texts("inv.list.line_manager", line=Html(line), manager=invoice.manager_name)
    return line


# --- The card -----------------------------------------------------------------------------


def card_text(
    invoice: InvoiceRecord,
    history: list[HistoryEntry],
    texts: Texts,
    *,
    show_manager: bool,
    confirm_cancel: bool = False,
) -> str:
    missing = texts("form.not_given")
    lines = [
        texts(
            "inv.card",
            id=invoice.id,
            status=status_text(invoice.status, texts),
            amount=format_amount(invoice.amount, texts.lang),
            service=invoice.service_name,
            payer=invoice.client_name or missing,
            email=invoice.client_email or missing,
            phone=invoice.client_phone or missing,
            last_day=last_day_text(invoice.last_day, texts),
            order_id=invoice.order_id,
            paykeeper_id=invoice.paykeeper_id or missing,
            created=moscow_time(invoice.created_at, texts.lang),
        )
    ]
    if show_manager:
        lines.append(texts("inv.card.manager", name=invoice.manager_name))
    if invoice.paid_at is not None:
        lines.append(texts("inv.card.paid", when=moscow_time(invoice.paid_at, texts.lang)))
    if invoice.error and invoice.status in (InvoiceStatus.FAILED, InvoiceStatus.REQUESTED):
        lines.append(texts("inv.card.error", message=shorten(invoice.error, _ERROR_SHOWN)))
    if invoice.invoice_url and invoice.status.is_open:
        lines.append("\n" + texts("inv.card.link", url=invoice.invoice_url))
    text = "\n".join(lines)
    if history:
        text += "\n\n" + history_text(history, texts)
    if confirm_cancel:
        text += "\n\n" + texts("inv.card.confirm_cancel")
    return text


def history_text(history: list[HistoryEntry], texts: Texts) -> str:
    shown = history[-HISTORY_SHOWN:]
    lines = [texts("inv.card.history")]
    if len(history) > len(shown):
        lines.append(texts("inv.card.history_more", count=len(history) - len(shown)))
    lines.extend(history_line(entry, texts) for entry in shown)
    return "\n".join(lines)


def history_line(entry: HistoryEntry, texts: Texts) -> str:
    event = entry.event
    key = f"inv.hist.{event.kind}"
    detail = shorten(event.detail, 120) if event.detail else texts("form.not_given")
    if key in CATALOG:
        what = texts.html(key, detail=detail)
    else:  # a kind added by a later feature: shown as it is rather than hidden
        what = texts.html("inv.hist.other", kind=event.kind)
    if entry.actor_name is None:
        who = texts.html("inv.hist.auto")
    else:
        name = entry.actor_name or texts("inv.hist.unknown_user", id=event.actor_id)
        who = texts.html("inv.hist.who", name=name)
    return texts(
        "inv.hist.line", when=moscow_time(event.created_at, texts.lang), what=what, who=who
    )


# --- Inline mode --------------------------------------------------------------------------


def payment_message(
    invoice: InvoiceRecord, texts: Texts
) -> tuple[str, InlineKeyboardMarkup | None]:
    """What a client sees: amount, service, last day payable, and a pay button."""
    amount = format_amount(invoice.amount, texts.lang)
    text = texts(
        "inv.inline.payment",
        amount=amount,
        service=invoice.service_name,
        last_day=last_day_text(invoice.last_day, texts),
    )
    if invoice.invoice_url is None:
        return text, None
    return text, pay_keyboard(texts, url=invoice.invoice_url, amount=amount)


def until_text(last_day: date | None, texts: Texts) -> str:
    """Short form for inline result descriptions: "до 31.12.2026" or "без срока"."""
    if last_day is None:
        return texts("form.no_expiry")
    return texts("inv.inline.until", day=format_date(last_day, texts.lang))


def draft_text(draft: InvoiceDraft, texts: Texts, default_service: str, key: str) -> str:
    """A quick-creation message: ``inv.inline.draft``, ``.creating`` or ``.pending``."""
    return texts(
        key,
        amount=format_amount(draft.amount, texts.lang),
        service=draft.service or default_service,
        last_day=last_day_text(draft.last_day, texts),
    )


def paykeeper_alert(failure: Failure, texts: Texts, rejected_key: str) -> str:
    """PayKeeper's refusal of an action on a card, as the button's alert; ``rejected_key``
    says what was refused (it takes {message})."""
    if failure.kind in (FailureKind.REJECTED, FailureKind.EMAIL):
        return alert(texts(rejected_key, message=failure_reason(failure, texts)))
    if failure.kind is FailureKind.AUTH:
        return alert(texts("inv.pk_auth", message=as_sentence(failure_reason(failure, texts))))
    if failure.kind in (FailureKind.UNCERTAIN, FailureKind.EMAIL_UNCERTAIN):
        return alert(texts("inv.pk_uncertain", message=failure_reason(failure, texts)))
    return alert(texts("inv.pk_unreachable", message=failure_reason(failure, texts)))
