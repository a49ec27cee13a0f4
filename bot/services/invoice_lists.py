"""Finding invoices: the /invoices pages and inline mode, both from SQLite only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.parsing import InputError, parse_amount, strip_invisible
from storage import InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.invoice_filter import InvoiceFilter, SearchTerm

PAGE_SIZE = 10
INLINE_LIMIT = 20  # results per inline answer; more come with next_offset
SEARCH_MAX_LENGTH = 100
SEARCH_MAX_WORDS = 8
# Any amount is worth finding, even above today's MAX_AMOUNT.
_ANY_AMOUNT = Decimal("1e15")


class ListFilter(StrEnum):
    UNPAID = "u"
    PAID = "p"
    CLOSED = "c"  # expired or cancelled
    ALL = "a"


FILTER_STATUSES: dict[ListFilter, tuple[InvoiceStatus, ...]] = {
    # `requested` ones may exist in PayKeeper (no answer came): unpaid as far as we know.
    ListFilter.UNPAID: (InvoiceStatus.REQUESTED, InvoiceStatus.CREATED, InvoiceStatus.SENT),
    ListFilter.PAID: (InvoiceStatus.PAID,),
    ListFilter.CLOSED: (InvoiceStatus.EXPIRED, InvoiceStatus.CANCELLED),
    ListFilter.ALL: (),
}


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text, _ANY_AMOUNT)
    except InputError:
        return None


def search_terms(text: str) -> tuple[SearchTerm, ...]:
    """Words that must all match: each is a part of the e-mail, payer, service or phone, a
    whole order or PayKeeper id, or the amount. ``1 500,50`` as a whole is one amount.

    Invisible characters are removed first, as from what is stored; a search made of nothing
    else is one empty word, which finds nothing (rather than every invoice)."""
    typed = " ".join(text.split())
    text = " ".join(strip_invisible(typed).split())[:SEARCH_MAX_LENGTH]
    if not text:
        return (SearchTerm(""),) if typed else ()
    whole = _amount(text)
    if whole is not None:
        return (SearchTerm(text, whole),)
    words = text.split(" ")[:SEARCH_MAX_WORDS]
    return tuple(SearchTerm(word, _amount(word)) for word in words)


@dataclass(frozen=True, slots=True)
class ListPage:
    invoices: list[InvoiceRecord]
    page: int  # from 0
    pages: int  # at least 1
    total: int


async def list_page(
    invoices: InvoiceRepository,
    *,
    manager_id: int | None,
    list_filter: ListFilter,
    search: str | None,
    page: int,
) -> ListPage:
    """One page, newest first; a page past the end (rows gone meanwhile) shows the last."""
    query = InvoiceFilter(
        manager_id=manager_id,
        statuses=FILTER_STATUSES[list_filter],
        terms=search_terms(search or ""),
    )
    total = await invoices.count(query)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    found = await invoices.find(query, limit=PAGE_SIZE, offset=page * PAGE_SIZE)
    return ListPage(found, page, pages, total)


async def unpaid_for_inline(
    invoices: InvoiceRepository, *, manager_id: int, search: str, offset: int
) -> list[InvoiceRecord]:
    """A manager's own payable invoices (they have a link), newest first."""
    query = InvoiceFilter(
        manager_id=manager_id,
        statuses=(InvoiceStatus.CREATED, InvoiceStatus.SENT),
        terms=search_terms(search),
        with_link=True,
    )
    return await invoices.find(query, limit=INLINE_LIMIT, offset=offset)
