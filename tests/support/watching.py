"""Shared by the tests of what happens after an invoice is issued (alerts, schedules):
the in-process services with their HTTP endpoint on a free port, and helpers to drive it."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import aiohttp
from pydantic import SecretStr

from bot.drafts import InvoiceDraft, new_order_id, today_in_moscow
from bot.keyboards.invoice import InvoiceCallback
from bot.services.issue_outcomes import IssueOutcome, Manager
from bot.settings import Settings
from storage import Delivery, InvoiceRecord
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import MANAGER, Chat

SECRET = "s3cr3t"  # the fake PayKeeper's secret word


def with_endpoint(settings: Settings) -> Settings:
    """The dialogue settings plus the notification endpoint (bound to a free port later)."""
    return settings.model_copy(update={"paykeeper_secret": SecretStr(SECRET), "web_port": 8443})


@dataclass
class Watched:
    chat: Chat
    url: str
    http: aiohttp.ClientSession

    async def notify(self, form: dict[str, str]) -> tuple[int, str]:
        path = self.chat.services.settings.notify_path
        async with self.http.post(self.url + path, data=form) as response:
            return response.status, await response.text()

    async def reconcile(self) -> None:
        await self.chat.services.reconciler.run_once()

    async def reconcile_after_restart(self) -> None:
        """A pass as the restarted bot makes it: rows written so far are orphans."""
        self.chat.services.reconciler.started_at = datetime.now(UTC)
        await self.chat.services.reconciler.run_once()

    async def deliver(self, user: User = MANAGER) -> list[StoredMessage]:
        """Send what is queued; returns the new messages ``user`` got."""
        before = len(self.chat.telegram.chat_messages(user.id))
        assert await self.chat.services.outbox.deliver_pending()
        return self.chat.telegram.chat_messages(user.id)[before:]

    async def invoice(self, invoice_id: int) -> InvoiceRecord:
        invoice = await self.chat.services.invoices.get(invoice_id)
        assert invoice is not None
        return invoice

    async def issue(
        self,
        *,
        amount: str = "1500",
        email: str | None = None,
        client_name: str | None = "Пётр Петров",
        days: int | None = 7,
        delivery: Delivery = Delivery.LINK,
        user: User = MANAGER,
    ) -> IssueOutcome:
        draft = InvoiceDraft(
            amount=Decimal(amount),
            email=email,
            client_name=client_name,
            last_day=today_in_moscow() + timedelta(days=days) if days is not None else None,
            service="Консультация",
        )
        return await self.chat.services.issuer.issue(
            draft,
            order_id=new_order_id(),
            manager=Manager(user.id, user.first_name),
            delivery=delivery,
        )

    async def issued(self, **kwargs: object) -> InvoiceRecord:
        outcome = await self.issue(**kwargs)  # type: ignore[arg-type]
        assert outcome.failure is None
        return outcome.invoice


@asynccontextmanager
async def watching(chat: Chat) -> AsyncIterator[Watched]:
    """The background jobs without their loops: tests call the passes the loops would make."""
    services = chat.services
    services.outbox.spacing = 0
    assert services.web is not None
    url = await services.web.start("127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as http:
            yield Watched(chat, url, http)
    finally:
        await services.web.stop()


def callbacks(message: StoredMessage) -> list[str]:
    return [button["callback_data"] for button in message.buttons]


def events(chat: Chat, invoice_id: int) -> list[str]:
    with sqlite3.connect(chat.services.settings.database_path) as db:
        rows = db.execute(
            "SELECT kind FROM invoice_events WHERE invoice_id = ? ORDER BY id", (invoice_id,)
        )
        return [row[0] for row in rows]


def pack(action: str, invoice_id: int) -> str:
    return InvoiceCallback(action=action, id=invoice_id).pack()


def acknowledgement(payment_id: str) -> str:
    """PayKeeper's expected reply, computed here independently of the bot's code."""
    return "OK " + hashlib.md5((payment_id + SECRET).encode(), usedforsecurity=False).hexdigest()
