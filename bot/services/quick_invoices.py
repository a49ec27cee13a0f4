"""Inline quick creation: ``@bot 1500 ivan@example.com Консультация`` posts a message with a
"create" button; pressing it issues the invoice once.

The draft waits in SQLite under a short token (callback data holds 64 bytes). Its order id is
fixed when it is offered, so pressing twice (or two messages posted from one cached result)
finds the invoice the first press made: InvoiceIssuer refuses a repeated order id."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum

from bot.drafts import InvoiceDraft, new_order_id
from bot.services.issue_outcomes import Failure, FailureKind, Manager
from bot.services.issuing import InvoiceIssuer
from storage import (
    Delivery,
    DuplicateOrderError,
    EventKind,
    InvoiceRecord,
    InvoiceRepository,
    InvoiceStatus,
)
from storage.inline_drafts import InlineDraft, InlineDraftRepository
from storage.invoices import utcnow


class QuickState(StrEnum):
    EXPIRED = "expired"  # no such draft (too old, or a forged token)
    NOT_YOURS = "not_yours"  # pressed by someone other than the manager who made it
    READY = "ready"  # not issued yet: go ahead
    CREATED = "created"  # issued (now, or by an earlier press)
    PENDING = "pending"  # issued, but PayKeeper's answer never came
    FAILED = "failed"  # PayKeeper refused or was unreachable; pressing again retries


@dataclass(frozen=True, slots=True)
class QuickResult:
    state: QuickState
    draft: InlineDraft | None = None
    invoice: InvoiceRecord | None = None
    failure: Failure | None = None

    @property
    def invoice_draft(self) -> InvoiceDraft | None:
        return InvoiceDraft.from_data(self.draft.data) if self.draft else None


class QuickInvoices:
    def __init__(
        self, issuer: InvoiceIssuer, invoices: InvoiceRepository, drafts: InlineDraftRepository
    ) -> None:
        self.issuer = issuer
        self.invoices = invoices
        self.drafts = drafts

    async def offer(self, manager_id: int, draft: InvoiceDraft) -> InlineDraft:
        pending = InlineDraft(
            token=secrets.token_urlsafe(12),
            manager_id=manager_id,
            order_id=new_order_id(),
            data=draft.to_data(),
            created_at=utcnow(),
        )
        await self.drafts.add(pending)
        return pending

    async def check(self, token: str, user_id: int) -> QuickResult:
        """Whether this press may create the invoice, or what became of it already."""
        draft = await self.drafts.get(token)
        if draft is None:
            return QuickResult(QuickState.EXPIRED)
        if draft.manager_id != user_id:
            return QuickResult(QuickState.NOT_YOURS, draft)
        invoice = await self.invoices.get_by_order(draft.order_id)
        if invoice is None:
            return QuickResult(QuickState.READY, draft)
        return await self._existing(draft, invoice)

    async def create(self, draft: InlineDraft, manager: Manager) -> QuickResult:
        try:
            outcome = await self.issuer.issue(
                InvoiceDraft.from_data(draft.data),
                order_id=draft.order_id,
                manager=manager,
                delivery=Delivery.LINK,  # the link is what the posted message delivers
            )
        except DuplicateOrderError:
            return await self.check(draft.token, manager.id)
        if outcome.created:
            await self.invoices.add_event(
                outcome.invoice.id, EventKind.SHARED, manager.id, "inline"
            )
            return QuickResult(QuickState.CREATED, draft, outcome.invoice)
        failure = outcome.failure
        if failure is not None and failure.kind is FailureKind.UNCERTAIN:
            return QuickResult(QuickState.PENDING, draft, outcome.invoice, failure)
        await self.drafts.renew_order(draft.token, new_order_id())
        return QuickResult(QuickState.FAILED, draft, outcome.invoice, failure)

    async def _existing(self, draft: InlineDraft, invoice: InvoiceRecord) -> QuickResult:
        if invoice.invoice_url is not None:
            return QuickResult(QuickState.CREATED, draft, invoice)
        if invoice.status is InvoiceStatus.FAILED:
            # Failed before its order id was renewed (the process stopped in between).
            await self.drafts.renew_order(draft.token, new_order_id())
            renewed = await self.drafts.get(draft.token)
            return QuickResult(QuickState.READY, renewed or draft)
        return QuickResult(QuickState.PENDING, draft, invoice)
