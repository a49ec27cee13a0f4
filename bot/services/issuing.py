"""Issuing an invoice: log the request, create it in PayKeeper, optionally have it e-mailed.

Every way an invoice is made passes here (form, one-line, repeat, inline, bulk, approvals): no
invoice above MAX_AMOUNT or with a cart that cannot add up reaches PayKeeper, the row and its
payer are written first, a preview is never retried blindly, every outcome ends up in the row."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal

from bot.drafts import InvoiceDraft, paykeeper_expiry, reminder_days
from bot.parsing import InputError
from bot.services.issue_outcomes import (
    Failure,
    FailureKind,
    IssueOutcome,
    Manager,
    classify,
    client_id_for,
)
from bot.services.receipts import ReceiptRules, cart_line, from_stored, to_stored
from paykeeper import (
    InvoiceRequest,
    PayKeeperClient,
    PayKeeperError,
)
from paykeeper.cart import CartError, CartLine, cart_total
from storage import (
    Delivery,
    DuplicateOrderError,
    EventKind,
    InvoiceRecord,
    InvoiceRepository,
    InvoiceStatus,
    NewInvoice,
)
from storage.carts import CartRepository, lines_writer
from storage.catalogue import ServiceRepository, StoredService
from storage.invoices import InvoiceWork, failed_at_once

log = logging.getLogger(__name__)


class InvoiceIssuer:
    def __init__(
        self,
        invoices: InvoiceRepository,
        paykeeper: PayKeeperClient,
        default_service: str,
        *,
        max_amount: Decimal,
        carts: CartRepository | None = None,
        receipts: ReceiptRules | None = None,
        catalogue: ServiceRepository | None = None,
        payer_reminder_days: int | None = None,  # PAYER_REMINDER_DAYS
    ) -> None:
        self.invoices = invoices
        self.paykeeper = paykeeper
        self.default_service = default_service
        self.max_amount = max_amount  # MAX_AMOUNT: no invoice above it, whatever made it
        self.carts = carts  # the lines sent with each invoice (needed by refunds)
        self.receipts = receipts if carts is not None and receipts else ReceiptRules()
        self.catalogue = catalogue  # a service's VAT and item type, its use count
        self.payer_reminder_days = payer_reminder_days

    async def issue(
        self,
        draft: InvoiceDraft,
        *,
        order_id: str,
        manager: Manager,
        delivery: Delivery,
        lines: Sequence[CartLine] = (),
    ) -> IssueOutcome:
        """Raises :class:`storage.DuplicateOrderError` when ``order_id`` was already issued (a
        repeated confirmation: the first one counts). ``lines``: the cart (RECEIPTS on); none,
        one line from the service. An invoice the bot's rules refuse (:meth:`refusal`) is
        logged as failed, with FailureKind.REFUSED, and nothing goes to PayKeeper."""
        if delivery is Delivery.EMAIL and not draft.email:
            raise ValueError("e-mail delivery needs the payer's e-mail")
        service_name = draft.service or self.default_service
        listed = await self.catalogue.by_name(service_name) if self.catalogue else None
        try:
            cart = self._cart(draft, lines, listed)
        except InputError as refused:
            return await self._refused(draft, order_id, manager, delivery, refused)
        # The log, its cart and the service's use (the form offers the most used first) land
        # together or not at all.
        alongside: list[InvoiceWork] = []
        if cart is not None and self.carts is not None:
            alongside.append(lines_writer([to_stored(line) for line in cart]))
        used = (self.catalogue, listed.id) if self.catalogue and listed else None
        if used:
            alongside.append(used[0].use_counter(used[1]))
        new = self._new(draft, order_id, manager, delivery)
        try:
            invoice = await self.invoices.create(new, alongside=alongside)
        except BaseException as error:
            if used:  # a repeated order id wrote nothing; anything else may have landed
                used[0].note_use(
                    used[1], landed=False if isinstance(error, DuplicateOrderError) else None
                )
            raise
        if used:
            used[0].note_use(used[1], landed=True)
        return await self.complete(invoice)

    async def log_found(
        self, draft: InvoiceDraft, *, order_id: str, manager: Manager, delivery: Delivery
    ) -> InvoiceRecord:
        """Log, as ``requested`` and without asking PayKeeper for anything, an invoice that
        PayKeeper already has under ``order_id`` but the log lacks (a restored backup):
        reconciliation then settles it by its order id, as any lost preview."""
        return await self.invoices.create(self._new(draft, order_id, manager, delivery))

    async def refusal(
        self, draft: InvoiceDraft, lines: Sequence[CartLine] = ()
    ) -> InputError | None:
        """Why the bot's rules (those :meth:`issue` applies) refuse this invoice; None when
        they let it go. Lets the form say so before anything is logged."""
        service_name = draft.service or self.default_service
        listed = await self.catalogue.by_name(service_name) if self.catalogue else None
        try:
            self._cart(draft, lines, listed)
        except InputError as refused:
            return refused
        return None

    def _cart(
        self, draft: InvoiceDraft, lines: Sequence[CartLine], listed: StoredService | None
    ) -> list[CartLine] | None:
        """The cart to send (None: none goes); InputError when the invoice may not be made."""
        if draft.amount <= 0:
            raise InputError("input.amount.not_positive")
        if draft.amount > self.max_amount:
            raise InputError("input.amount.too_large", maximum=self.max_amount)
        service_name = draft.service or self.default_service
        try:
            if not lines and self.receipts.enabled and listed is not None:
                lines = [cart_line(listed.entry, draft.amount)]
            return self.receipts.cart(
                service_name, draft.amount, lines, has_contact=bool(draft.email or draft.phone)
            )
        except CartError as error:
            log.warning("cart refused: %s", error)
            raise InputError(
                "issue.cart_mismatch", lines=cart_total(lines), amount=draft.amount
            ) from None

    def _new(
        self, draft: InvoiceDraft, order_id: str, manager: Manager, delivery: Delivery
    ) -> NewInvoice:
        return NewInvoice(
            order_id=order_id,
            manager_id=manager.id,
            manager_name=manager.name,
            amount=draft.amount,
            service_name=draft.service or self.default_service,
            delivery=delivery,
            client_email=draft.email,
            client_phone=draft.phone,
            client_name=draft.client_name,
            last_day=draft.last_day,
            remind_days=reminder_days(draft, self.payer_reminder_days),
        )

    async def _refused(
        self,
        draft: InvoiceDraft,
        order_id: str,
        manager: Manager,
        delivery: Delivery,
        refused: InputError,
    ) -> IssueOutcome:
        """Logged as failed with the bot's own reason (the order id is spent); PayKeeper never
        hears of it."""
        values = ", ".join(f"{name}={value}" for name, value in refused.params.items())
        detail = f"not sent to PayKeeper: {refused.key} ({values})"
        new = self._new(draft, order_id, manager, delivery)
        invoice = await self.invoices.create(new, alongside=[failed_at_once(detail)])
        return IssueOutcome(invoice, Failure(FailureKind.REFUSED, detail, refusal=refused))

    async def complete(self, invoice: InvoiceRecord) -> IssueOutcome:
        """Create a logged ``requested`` invoice in PayKeeper and deliver it as it asks."""
        request = InvoiceRequest(
            amount=invoice.amount,
            order_id=invoice.order_id,
            client_id=client_id_for(invoice) or None,
            service_name=await self._service_field(invoice),
            client_email=invoice.client_email,
            client_phone=invoice.client_phone,
            expiry=paykeeper_expiry(invoice.last_day) if invoice.last_day else None,
        )
        try:
            created = await self.paykeeper.create_invoice(request)
        except PayKeeperError as error:
            failure = classify(error)
            log.warning("invoice %s not created: %s", invoice.order_id, failure.kind)
            if failure.kind is FailureKind.UNCERTAIN:
                # PayKeeper may have made it: keep it `requested` so reconciliation looks the
                # order up, rather than calling it failed and inviting a duplicate.
                updated = await self.invoices.update(
                    invoice.id,
                    error=failure.message,
                    event=EventKind.NO_ANSWER,
                    detail=failure.message,
                )
            else:
                updated = await self.invoices.update(
                    invoice.id,
                    status=InvoiceStatus.FAILED,
                    error=failure.message,
                    event=EventKind.FAILED,
                    detail=failure.message,
                )
            return IssueOutcome(updated or invoice, failure)

        invoice = await self._record_created(invoice, created.invoice_id, created.invoice_url)
        if invoice.delivery is Delivery.EMAIL:
            return await self.send_email(
                invoice, actor_id=invoice.manager_id, event=EventKind.EMAILED
            )
        return IssueOutcome(invoice)

    async def send_email(
        self, invoice: InvoiceRecord, *, actor_id: int | None, event: EventKind
    ) -> IssueOutcome:
        """Have PayKeeper e-mail an existing invoice (first delivery or a resend)."""
        if invoice.paykeeper_id is None:
            raise ValueError(f"invoice {invoice.order_id} is not in PayKeeper yet")
        try:
            await self.paykeeper.send_invoice(invoice.paykeeper_id)
        except PayKeeperError as error:
            cause = classify(error)
            # An unclean answer to "send" may mean the letter went out: "not sent" would invite
            # a second letter to the payer.
            kind = (
                FailureKind.EMAIL_UNCERTAIN
                if cause.kind is FailureKind.UNCERTAIN
                else FailureKind.EMAIL
            )
            failure = Failure(kind, cause.message, cause.reason)
            updated = await self.invoices.update(
                invoice.id,
                error=failure.message,
                event=EventKind.EMAIL_FAILED,
                detail=failure.message,
            )
            return IssueOutcome(updated or invoice, failure)
        status = InvoiceStatus.SENT if invoice.status is InvoiceStatus.CREATED else None
        updated = await self.invoices.update(
            invoice.id,
            status=status,
            error=None,
            event=event,
            actor_id=actor_id,
            detail=invoice.client_email,
        )
        return IssueOutcome(updated or invoice)

    async def _service_field(self, invoice: InvoiceRecord) -> str:
        """The service name, or the cart stored with the invoice in the configured format."""
        if not self.receipts.enabled or self.carts is None:
            return invoice.service_name
        stored = await self.carts.lines(invoice.id)
        if not stored:
            return invoice.service_name
        lines = [from_stored(line) for line in stored]
        return self.receipts.service_field(invoice.service_name, lines)

    async def _record_created(
        self, invoice: InvoiceRecord, paykeeper_id: str, url: str
    ) -> InvoiceRecord:
        updated = await self.invoices.update(
            invoice.id,
            status=InvoiceStatus.CREATED,
            paykeeper_id=paykeeper_id,
            invoice_url=url,
            error=None,
            event=EventKind.CREATED,
            detail=paykeeper_id,
        )
        return updated or invoice
