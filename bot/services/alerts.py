"""What the bot tells a manager on its own, and the outbox that delivers it.

Messages are queued in SQLite under a key naming the occasion (see storage.notices), then sent
one at a time by a background worker: a payment notification is answered without waiting for
Telegram, flood control is waited out, a manager who blocked the bot costs one failed message
and nothing more, and whatever is still queued at shutdown goes out after the restart."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    RestartingTelegram,
    TelegramAPIError,
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import InlineKeyboardMarkup

from bot.formatting import format_amount, format_date
from bot.keyboards.alerts import invoice_buttons
from bot.services.background import wait_or_stop
from bot.texts import Texts, language_for
from bot.views.outcomes import last_day_text
from paykeeper.moscow import MSK
from storage import Delivery, InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.notices import DayActivity, Notice, NoticeRepository
from storage.people import PeopleRepository

log = logging.getLogger(__name__)

S = InvoiceStatus
Message = tuple[str, InlineKeyboardMarkup | None]

# Telegram could not take the message now; it stays queued and is tried again later.
_TRANSIENT = (
    TelegramNetworkError,
    TelegramServerError,
    RestartingTelegram,
    TelegramUnauthorizedError,  # a revoked token is an operator's problem, not the message's
    TelegramConflictError,
    ClientDecodeError,
)


class Outbox:
    def __init__(
        self,
        notices: NoticeRepository,
        bot: Bot,
        stopping: asyncio.Event,
        *,
        may_receive: Callable[[int], bool] = lambda _: True,
        spacing: float = 0.05,  # ~20 messages/s, under Telegram's 30/s per bot
        retry_delay: float = 30.0,
    ) -> None:
        self.notices = notices
        self.bot = bot
        self.stopping = stopping
        self.may_receive = may_receive
        self.spacing = spacing
        self.retry_delay = retry_delay
        self._wake = asyncio.Event()

    async def put(
        self,
        key: str,
        chat_id: int,
        message: Message,
        *,
        invoice_id: int | None = None,
    ) -> bool:
        """Queue a message once per ``key``; False if it was queued before or not allowed."""
        if not self.may_receive(chat_id):
            # Someone no longer on ADMIN_IDS/MANAGER_IDS must not learn about payments.
            log.info("notice %s not queued: user %s has no access any more", key, chat_id)
            return False
        text, keyboard = message
        markup = keyboard.model_dump_json(exclude_none=True) if keyboard else None
        added = await self.notices.add(key, chat_id, text, markup, invoice_id=invoice_id)
        if added:
            self._wake.set()
        return added

    async def run(self) -> None:
        """The worker: sends whatever is queued, then waits for more, until shutdown."""
        while True:
            self._wake.clear()
            try:
                delivered = await self.deliver_pending()
            except Exception:
                # The database hiccuped: keep the worker alive and try again later.
                log.exception("delivering notices failed")
                delivered = False
            if self.stopping.is_set():
                return  # the pass above was the final flush
            await self._wait_for_work(None if delivered else self.retry_delay)

    async def deliver_pending(self) -> bool:
        """Send everything queued, oldest first. False if Telegram is unreachable for now
        (or shutdown cut a flood-control wait short): the rest stays queued."""
        while batch := await self.notices.pending(limit=50):
            for notice in batch:
                if not await self._deliver(notice):
                    return False
        return True

    async def _deliver(self, notice: Notice) -> bool:
        markup = (
            InlineKeyboardMarkup.model_validate_json(notice.keyboard) if notice.keyboard else None
        )
        while True:
            try:
                await self.bot.send_message(notice.chat_id, notice.text, reply_markup=markup)
            except TelegramRetryAfter as error:
                log.warning(
                    "flood control: waiting %ss before notice %s", error.retry_after, notice.key
                )
                if await wait_or_stop(self.stopping, error.retry_after):
                    return False
                continue
            except _TRANSIENT as error:
                log.warning("notice %s stays queued: %s", notice.key, type(error).__name__)
                return False
            except TelegramAPIError as error:
                # Blocked by the user, chat not found, bad markup: retrying cannot help.
                log.warning(
                    "notice %s to %s undeliverable: %s", notice.key, notice.chat_id, error.message
                )
                await self.notices.mark_undeliverable(notice.id, error.message)
                return True
            except Exception as error:
                log.exception("notice %s failed", notice.key)
                await self.notices.mark_undeliverable(notice.id, type(error).__name__)
                return True
            await self.notices.mark_sent(notice.id)
            if self.spacing:
                await asyncio.sleep(self.spacing)
            return True

    async def _wait_for_work(self, seconds: float | None) -> None:
        wake = asyncio.ensure_future(self._wake.wait())
        stop = asyncio.ensure_future(self.stopping.wait())
        try:
            await asyncio.wait((wake, stop), timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            wake.cancel()
            stop.cancel()


class AlertMessages:
    """The messages the bot sends on its own, in one manager's language."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    def paid(self, invoice: InvoiceRecord) -> Message:
        paid_at = invoice.paid_at or invoice.updated_at
        text = self.texts("notify.paid", **self._basics(invoice), paid_at=self.moment(paid_at))
        return text, invoice_buttons(self.texts, invoice.id, "open")

    def paid_again(self, invoice: InvoiceRecord, payment_id: str) -> Message:
        text = self.texts(
            "notify.paid_again",
            **self._basics(invoice),
            first_payment=invoice.payment_id or "—",
            payment=payment_id,
        )
        return text, invoice_buttons(self.texts, invoice.id, "open")

    def expired(self, invoice: InvoiceRecord) -> Message:
        text = self.texts(
            "notify.expired",
            **self._basics(invoice),
            last_day=last_day_text(invoice.last_day, self.texts),
        )
        return text, invoice_buttons(self.texts, invoice.id, "repeat", "open")

    def cancelled(self, invoice: InvoiceRecord) -> Message:
        text = self.texts("notify.cancelled", **self._basics(invoice))
        return text, invoice_buttons(self.texts, invoice.id, "open")

    def found(self, invoice: InvoiceRecord) -> Message:
        text = self.texts(
            "notify.found",
            **self._basics(invoice),
            order_id=invoice.order_id,
            last_day=last_day_text(invoice.last_day, self.texts),
            url=invoice.invoice_url or "—",
        )
        actions = ["open"]
        if invoice.delivery is Delivery.EMAIL and invoice.client_email:
            # The manager asked for e-mail, but the bot died before asking PayKeeper to send
            # it; sending it hours later unasked could surprise, so the manager decides.
            text += "\n\n" + self.texts("notify.found_not_emailed", email=invoice.client_email)
            actions.insert(0, "resend")
        return text, invoice_buttons(self.texts, invoice.id, *actions)

    def not_created(self, invoice: InvoiceRecord) -> Message:
        text = self.texts("notify.not_created", **self._basics(invoice), order_id=invoice.order_id)
        return text, invoice_buttons(self.texts, invoice.id, "repeat")

    def reminder(self, invoice: InvoiceRecord) -> Message:
        text = self.texts(
            "notify.reminder",
            **self._basics(invoice),
            last_day=last_day_text(invoice.last_day, self.texts),
            url=invoice.invoice_url or "—",
        )
        actions = ["resend", "repeat", "cancel"] if invoice.client_email else ["repeat", "cancel"]
        return text, invoice_buttons(self.texts, invoice.id, *actions)

    def digest(self, day: date, activity: DayActivity) -> Message:
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


class InvoiceAlerts:
    """As a StatusListener, queues one message per status change worth telling (paid,
    expired, cancelled in the cabinet, a lost preview resolved), in the manager's language:
    the one Telegram reported the last time they used the bot."""

    def __init__(
        self, outbox: Outbox, invoices: InvoiceRepository, people: PeopleRepository
    ) -> None:
        self.outbox = outbox
        self.invoices = invoices
        self.people = people

    async def messages_for(self, user_id: int) -> AlertMessages:
        return AlertMessages(Texts(language_for(await self.people.language(user_id))))

    async def invoice_changed(self, invoice: InvoiceRecord, previous: InvoiceStatus) -> None:
        messages = await self.messages_for(invoice.manager_id)
        message: Message | None = None
        if invoice.status is S.PAID:
            message = messages.paid(invoice)
        elif invoice.status is S.EXPIRED:
            message = messages.expired(invoice)
        elif invoice.status is S.CANCELLED and not await self._cancelled_in_bot(invoice):
            message = messages.cancelled(invoice)
        elif invoice.status is S.CREATED and previous is S.REQUESTED:
            message = messages.found(invoice)
        elif invoice.status is S.FAILED and previous is S.REQUESTED:
            message = messages.not_created(invoice)
        if message is not None:
            key = f"{invoice.status.value}:{invoice.id}"
            await self.outbox.put(key, invoice.manager_id, message, invoice_id=invoice.id)

    async def paid_again(self, invoice: InvoiceRecord, payment_id: str) -> None:
        """A second payment for an invoice already paid: rare, and a manager must look."""
        messages = await self.messages_for(invoice.manager_id)
        await self.outbox.put(
            f"paid_again:{invoice.id}:{payment_id}",
            invoice.manager_id,
            messages.paid_again(invoice, payment_id),
            invoice_id=invoice.id,
        )

    async def _cancelled_in_bot(self, invoice: InvoiceRecord) -> bool:
        # A manager who cancelled it from the card already knows; only a change made in
        # PayKeeper's cabinet (found by reconciliation, no actor) is news.
        events = await self.invoices.events(invoice.id)
        last = next((e for e in reversed(events) if e.kind == S.CANCELLED.value), None)
        return last is not None and last.actor_id is not None
