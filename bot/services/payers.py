"""The payer book as each member sees it: a manager the payers they billed, admins and viewers
everyone's (viewers only look). Every way a payer is offered or opened (the form's buttons, a
typed name, inline mode, /payers and its buttons) asks here, so a forged payer key finds
nothing the member may not see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.services.access import Role, may_change, sees_everyone
from storage import InvoiceRecord, InvoiceRepository
from storage.invoice_filter import InvoiceFilter
from storage.payers import Payer, PayerRepository, PayerTotals

OFFERED: Final = 6  # payers offered at once: the form's buttons, a typed name's matches
PAGE: Final = 8  # payers on a page of /payers
CARD_INVOICES: Final = 5  # the latest invoices a payer's card lists


@dataclass(frozen=True, slots=True)
class PayerCard:
    payer: Payer
    totals: PayerTotals
    latest: list[InvoiceRecord]
    may_change: bool  # issue to them, correct, remove (not viewers)


class PayerBook:
    def __init__(self, payers: PayerRepository, invoices: InvoiceRepository) -> None:
        self.payers = payers
        self.invoices = invoices

    @staticmethod
    def scope(user_id: int, role: Role) -> int | None:
        """Whose payers the member sees: None for everyone's."""
        return None if sees_everyone(role) else user_id

    async def recent(self, user_id: int, role: Role, limit: int = OFFERED) -> list[Payer]:
        return await self.payers.find("", manager_id=self.scope(user_id, role), limit=limit)

    async def matches(
        self, text: str, user_id: int, role: Role, *, limit: int = OFFERED, offset: int = 0
    ) -> list[Payer]:
        """Payers whose name, e-mail or phone holds every word of ``text``; none for blank
        text (a search for nothing finds nothing)."""
        if not text.split():
            return []
        return await self.payers.find(
            text, manager_id=self.scope(user_id, role), limit=limit, offset=offset
        )

    async def page(self, text: str, user_id: int, role: Role, page: int) -> list[Payer]:
        """One page of /payers (one more than fits, to tell whether a next page exists)."""
        return await self.payers.find(
            text, manager_id=self.scope(user_id, role), limit=PAGE + 1, offset=page * PAGE
        )

    async def get(self, payer_id: int, user_id: int, role: Role) -> Payer | None:
        return await self.payers.get(payer_id, manager_id=self.scope(user_id, role))

    async def card(self, payer_id: int, user_id: int, role: Role) -> PayerCard | None:
        scope = self.scope(user_id, role)
        payer = await self.payers.get(payer_id, manager_id=scope)
        if payer is None:
            return None
        totals = await self.payers.totals(payer_id, manager_id=scope)
        latest = await self.invoices.find(
            InvoiceFilter(manager_id=scope, payer_id=payer_id), limit=CARD_INVOICES
        )
        return PayerCard(payer, totals, latest, may_change(role))

    async def forget(self, payer_id: int, user_id: int, role: Role) -> bool:
        """Remove a payer the member may see and change; False if not (or already gone)."""
        if not may_change(role) or await self.get(payer_id, user_id, role) is None:
            return False
        return await self.payers.forget(payer_id)

    async def correct(
        self,
        payer_id: int,
        user_id: int,
        role: Role,
        *,
        email: str | None,
        phone: str | None,
        client_name: str | None,
    ) -> Payer | None:
        """New details (raises PayerEmailTakenError); None if not the member's to change."""
        if not may_change(role) or await self.get(payer_id, user_id, role) is None:
            return None
        return await self.payers.correct(
            payer_id, email=email, phone=phone, client_name=client_name
        )


@dataclass(frozen=True, slots=True)
class PayerOffer:
    """The book as the form offers it to one member."""

    book: PayerBook
    user_id: int
    role: Role

    async def recent(self) -> list[Payer]:
        return await self.book.recent(self.user_id, self.role)

    async def matches(self, text: str) -> list[Payer]:
        return await self.book.matches(text, self.user_id, self.role)
