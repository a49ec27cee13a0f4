"""How the /invoice form's summary reads."""

from __future__ import annotations

from bot.drafts import InvoiceDraft, reminder_days
from bot.formatting import format_amount
from bot.settings import Settings
from bot.texts import Texts
from bot.views.outcomes import last_day_text


def summary_text(draft: InvoiceDraft, texts: Texts, settings: Settings) -> str:
    missing = texts("form.not_given")
    return texts(
        "form.summary",
        amount=format_amount(draft.amount, texts.lang),
        email=draft.email or missing,
        phone=draft.phone or missing,
        last_day=last_day_text(draft.last_day, texts),
        service=draft.service or settings.default_service_name,
    ) + _reminder(draft, texts, settings)


def _reminder(draft: InvoiceDraft, texts: Texts, settings: Settings) -> str:
    """Whether PayKeeper e-mails the invoice again before its last day (when it can)."""
    if not (draft.email and draft.last_day):
        return ""
    days = reminder_days(draft, settings.payer_reminder_days)
    if days is None:
        return texts("form.reminder_off")
    return texts("form.reminder_on", days=days)
