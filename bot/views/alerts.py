"""The messages the bot sends on its own: payment alerts, reminders, the morning digest."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from aiogram.types import InlineKeyboardMarkup

from bot.formatting import format_amount, format_date
from bot.keyboards.alerts import invoice_buttons
from bot.keyboards.invoice import InvoiceAction
from bot.keyboards.refunds import refund_again_button
from bot.services.alerts import Alert, AlertKind
from bot.texts import Texts
from bot.views.content import Content
from bot.views.outcomes import last_day_text
from paykeeper.moscow import MSK
from storage import Delivery, InvoiceRecord
from storage.notices import DayActivity


def alert_message(alert: Alert, texts: Texts) -> Content:
    """What ``alert`` says, in the language of ``texts``."""
    messages = AlertMessages(texts)
    if alert.day is not None and alert.activity is not None:
        return messages.digest(alert.day, alert.activity)
    invoice = alert.invoice
    if invoice is None:
        raise ValueError(f"alert {alert.key}: {alert.kind} needs an invoice")
    if alert.kind is AlertKind.PAID_AGAIN:
        return messages.paid_again(invoice, alert.payment_id or "", alert.refund_key)
    if alert.kind is AlertKind.REMINDER:
        return messages.reminder(invoice, payer_reminded=alert.payer_reminded)
    if alert.kind is AlertKind.REFUNDED_IN_CABINET:
        return messages.refunded_in_cabinet(invoice, alert.amount or invoice.amount)
    render = {
        AlertKind.PAID: messages.paid,
        AlertKind.EXPIRED: messages.expired,
        AlertKind.CANCELLED: messages.cancelled,
        AlertKind.FOUND: messages.found,
        AlertKind.NOT_CREATED: messages.not_created,
        AlertKind.PAYER_REMINDED: messages.payer_reminded,
    }
    return render[alert.kind](invoice)


class AlertMessages:
    """The messages the bot sends on its own, in one manager's language."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    def paid(self, invoice: InvoiceRecord) -> Content:
        paid_at = invoice.paid_at or invoice.updated_at
        text = self.texts("notify.paid", **self._basics(invoice), paid_at=self.moment(paid_at))
        return text, invoice_buttons(self.texts, invoice.id, InvoiceAction.OPEN)

    def paid_again(
        self, invoice: InvoiceRecord, payment_id: str, refund_key: str | None
    ) -> Content:
        text = self.texts(
            "notify.paid_again",
            **self._basics(invoice),
            first_payment=invoice.payment_id or "—",
            payment=payment_id,
        )
        buttons = invoice_buttons(self.texts, invoice.id, InvoiceAction.OPEN)
        if refund_key is None:
            return text, buttons
        refund = refund_again_button(self.texts, invoice.id, refund_key)
        return text, InlineKeyboardMarkup(inline_keyboard=[*buttons.inline_keyboard, [refund]])

    def refunded_in_cabinet(self, invoice: InvoiceRecord, amount: Decimal) -> Content:
        text = self.texts(
            "notify.refunded_in_cabinet",
            **self._basics(invoice),
            refunded=format_amount(amount, self.texts.lang),
        )
        return text, invoice_buttons(self.texts, invoice.id, InvoiceAction.OPEN)

    def expired(self, invoice: InvoiceRecord) -> Content:
        text = self.texts(
            "notify.expired",
            **self._basics(invoice),
            last_day=last_day_text(invoice.last_day, self.texts),
        )
        return text, invoice_buttons(
            self.texts, invoice.id, InvoiceAction.REPEAT, InvoiceAction.OPEN
        )

    def cancelled(self, invoice: InvoiceRecord) -> Content:
        text = self.texts("notify.cancelled", **self._basics(invoice))
        return text, invoice_buttons(self.texts, invoice.id, InvoiceAction.OPEN)

    def found(self, invoice: InvoiceRecord) -> Content:
        text = self.texts(
            "notify.found",
            **self._basics(invoice),
            order_id=invoice.order_id,
            last_day=last_day_text(invoice.last_day, self.texts),
            url=invoice.invoice_url or "—",
        )
        actions = [InvoiceAction.OPEN]
        if invoice.delivery is Delivery.EMAIL and invoice.client_email:
            # The manager asked for e-mail, but the bot died before asking PayKeeper to send
            # it; sending it hours later unasked could surprise, so the manager decides.
            text += "\n\n" + self.texts("notify.found_not_emailed", email=invoice.client_email)
            actions.insert(0, InvoiceAction.RESEND)
        return text, invoice_buttons(self.texts, invoice.id, *actions)

    def not_created(self, invoice: InvoiceRecord) -> Content:
        text = self.texts("notify.not_created", **self._basics(invoice), order_id=invoice.order_id)
        return text, invoice_buttons(self.texts, invoice.id, InvoiceAction.REPEAT)

    def reminder(self, invoice: InvoiceRecord, *, payer_reminded: bool = False) -> Content:
        text = self.texts(
            "notify.reminder",
            **self._basics(invoice),
            last_day=last_day_text(invoice.last_day, self.texts),
            url=invoice.invoice_url or "—",
        )
        if payer_reminded:
            text += self.texts("notify.reminder_payer_reminded", email=invoice.client_email)
        actions = [InvoiceAction.REPEAT, InvoiceAction.CANCEL]
        if invoice.client_email:
            actions.insert(0, InvoiceAction.RESEND)
        return text, invoice_buttons(self.texts, invoice.id, *actions)

    def payer_reminded(self, invoice: InvoiceRecord) -> Content:
        text = self.texts(
            "notify.payer_reminded",
            **self._basics(invoice),
            email=invoice.client_email or "—",
            last_day=last_day_text(invoice.last_day, self.texts),
        )
        return text, invoice_buttons(self.texts, invoice.id)

    def digest(self, day: date, activity: DayActivity) -> Content:
        lang = self.texts.lang
        text = self.texts(
            "notify.digest",
            day=format_date(day, lang),
            issued_count=activity.issued.count,
            issued_sum=format_amount(activity.issued.amount, lang),
            paid_count=activity.paid.count,
            paid_sum=format_amount(activity.paid.amount, lang),
            expired_count=activity.expired.count,
            expired_sum=format_amount(activity.expired.amount, lang),
        )
        back = activity.refunded
        if back.count:
            amount = format_amount(back.amount, lang)
            text += "\n" + self.texts("notify.digest.refunded", count=back.count, amount=amount)
        return text, None

    def moment(self, moment: datetime) -> str:
        local = moment.astimezone(MSK)
        return self.texts(
            "notify.moment", day=format_date(local.date(), self.texts.lang), time=f"{local:%H:%M}"
        )

    def _basics(self, invoice: InvoiceRecord) -> dict[str, str]:
        payer = invoice.client_name or invoice.client_email or invoice.client_phone
        return {
            "amount": format_amount(invoice.amount, self.texts.lang),
            "payer": payer or self.texts("notify.no_payer"),
            "service": invoice.service_name,
        }
