"""Payment messages shared through inline mode follow their invoice: once it is paid, expires
or is cancelled, each such message the bot may edit (known from the inline "create" button,
or reported by Telegram's inline feedback) says so, and its pay button goes.

Edits go through the outbox under a key naming the invoice, the state and the message, so each
is made once, survives a restart, and waits out Telegram's flood control; a message Telegram
says is gone, or already shows it, is dropped quietly there."""

from __future__ import annotations

import logging

from bot.services.tracking import StatusListener
from bot.telegram.outbox import Outbox
from bot.texts import Html, texts_for
from bot.views.invoices import payment_message
from storage import InvoiceRecord, InvoiceStatus
from storage.inline_messages import InlineMessageRepository
from storage.people import PeopleRepository

log = logging.getLogger(__name__)

_STATES = {
    InvoiceStatus.PAID: "inv.inline.state.paid",
    InvoiceStatus.EXPIRED: "inv.inline.state.expired",
    InvoiceStatus.CANCELLED: "inv.inline.state.cancelled",
}


class InlineFollow(StatusListener):
    def __init__(
        self, messages: InlineMessageRepository, outbox: Outbox, people: PeopleRepository
    ) -> None:
        self.messages = messages
        self.outbox = outbox
        self.people = people

    async def remember(self, invoice: InvoiceRecord, inline_message_id: str) -> None:
        """A payment message was posted; one posted after the invoice settled is edited now."""
        await self.messages.add(invoice.id, inline_message_id)
        if invoice.status in _STATES:
            await self._edit(invoice, [inline_message_id])

    async def invoice_changed(self, invoice: InvoiceRecord, previous: InvoiceStatus) -> None:
        if invoice.status in _STATES:
            await self._edit(invoice, await self.messages.of(invoice.id))

    async def _edit(self, invoice: InvoiceRecord, inline_ids: list[str]) -> None:
        if not inline_ids:
            return
        # Posted in the manager's language (inline mode answers in the sharer's): kept so.
        texts = texts_for(await self.people.language(invoice.manager_id))
        payment, _ = payment_message(invoice, texts)
        state = texts(_STATES[invoice.status])
        text = texts("inv.inline.followed", payment=Html(payment), state=state)
        for inline_id in inline_ids:
            key = f"inline:{invoice.status.value}:{invoice.id}:{inline_id}"
            await self.outbox.put(
                key,
                invoice.manager_id,
                (text, None),
                invoice_id=invoice.id,
                inline_message_id=inline_id,
            )
