"""Which invoices a list or an inline query shows: the WHERE clause behind both.

Searching is case-insensitive for Cyrillic too (SQLite's own LIKE and lower() know only ASCII),
through a ``fold`` SQL function registered on the connection."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from storage.database import Database
from storage.models import InvoiceStatus

# Where a search word is looked for; the amount is compared exactly instead.
SEARCHED_COLUMNS = (
    "client_email",
    "client_name",
    "service_name",
    "order_id",
    "client_phone",
    "paykeeper_id",
)
PART_OF_TEXT_COLUMNS = tuple(c for c in SEARCHED_COLUMNS if c not in ("order_id", "paykeeper_id"))


def fold(value: object) -> str | None:
    """Lower-case for comparison; ё matches е, as Russian writers use them interchangeably."""
    if value is None:
        return None
    return str(value).casefold().replace("ё", "е")


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One word of a search: a part of a searched column, or (if it reads as one) the amount."""

    text: str
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    manager_id: int | None = None  # None: every manager's invoices
    statuses: tuple[InvoiceStatus, ...] = ()  # empty: any status
    terms: tuple[SearchTerm, ...] = ()  # every term must match
    with_link: bool = False  # only invoices PayKeeper made (they have a payment link)


def where_clause(query: InvoiceFilter) -> tuple[str, tuple[Any, ...]]:
    """``WHERE ...`` (or an empty string) and its parameters; no user text enters the SQL."""
    conditions: list[str] = []
    params: list[Any] = []
    if query.manager_id is not None:
        conditions.append("manager_id = ?")
        params.append(query.manager_id)
    if query.statuses:
        conditions.append(f"status IN ({','.join('?' * len(query.statuses))})")
        params.extend(status.value for status in query.statuses)
    if query.with_link:
        conditions.append("invoice_url IS NOT NULL")
    for term in query.terms:
        # A number is looked for as the amount, or as a whole id: as a part of an id it would
        # match at random (PayKeeper's ids are timestamps, ours are hex).
        columns = SEARCHED_COLUMNS if term.amount is None else PART_OF_TEXT_COLUMNS
        alternatives = [f"instr(fold(coalesce({column}, '')), ?) > 0" for column in columns]
        params.extend([fold(term.text)] * len(columns))
        if term.amount is not None:
            alternatives += ["amount = ?", "order_id = ?", "paykeeper_id = ?"]
            params += [f"{term.amount:.2f}", term.text, term.text]
        conditions.append("(" + " OR ".join(alternatives) + ")")
    if not conditions:
        return "", ()
    return "WHERE " + " AND ".join(conditions), tuple(params)


_READY: weakref.WeakSet[Database] = weakref.WeakSet()


async def ensure_fold(database: Database) -> None:
    """Register ``fold`` on the connection once (it lives as long as the connection)."""
    if database in _READY:
        return
    await database.connection.create_function("fold", 1, fold, deterministic=True)
    _READY.add(database)
