"""Which invoices a list or an inline query shows: the WHERE clause behind both.

Searching is case-insensitive for Cyrillic too (SQLite's own LIKE and lower() know only ASCII),
through a ``fold`` SQL function registered on the connection. A word is looked for as a part of
the text columns, but matches an id (ours, ``tg…``/``bo…``/``bf…``, or PayKeeper's) only whole:
a fragment of an id is chance (ours are hex, PayKeeper's timestamps), and a word such as ``B``
would otherwise find every invoice whose id has a ``b`` in it."""

from __future__ import annotations

import unicodedata
import weakref
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from storage.database import Database
from storage.models import InvoiceStatus

# Where a search word is looked for as a part of the text; the amount is compared exactly.
PART_OF_TEXT_COLUMNS = ("client_email", "client_name", "service_name", "client_phone")
# Where it must be the whole value (any case).
WHOLE_VALUE_COLUMNS = ("order_id", "paykeeper_id")


def fold(value: object) -> str | None:
    """Lower-case for comparison; ё matches е, as Russian writers use them interchangeably.

    Format characters (zero-width spaces, direction marks: Unicode category Cf) are dropped, so
    that a row saved before input was cleaned of them is still found by what it shows."""
    if value is None:
        return None
    text = str(value).casefold().replace("ё", "е")
    if text.isprintable():  # fast, and false for every Cf character: this runs for each row
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


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
    payer_id: int | None = None  # one payer's invoices (the payer book's card)


# Statuses few invoices are in however many years pass: the ones not yet settled.
_FEW = frozenset({InvoiceStatus.REQUESTED, InvoiceStatus.CREATED, InvoiceStatus.SENT})


def where_clause(query: InvoiceFilter) -> tuple[str, tuple[Any, ...]]:
    """``WHERE ...`` (or an empty string) and its parameters; no user text enters the SQL."""
    conditions: list[str] = []
    params: list[Any] = []
    # Unsettled invoices are few whatever the years: checking each beats any index of words.
    few = bool(query.statuses) and _FEW.issuperset(query.statuses)
    candidates = None if few else _candidates(query.terms)
    if candidates is not None:
        conditions.append(candidates[0])
        params.extend(candidates[1])
    if query.manager_id is not None:
        # With a searched word, its candidates are fewer than a manager's years of invoices:
        # ``+`` keeps the planner from walking the manager's index instead.
        conditions.append("+manager_id = ?" if candidates else "manager_id = ?")
        params.append(query.manager_id)
    if query.statuses:
        conditions.append(f"status IN ({','.join('?' * len(query.statuses))})")
        params.extend(status.value for status in query.statuses)
    if query.with_link:
        conditions.append("invoice_url IS NOT NULL")
    if query.payer_id is not None:
        conditions.append("payer_id = ?")
        params.append(query.payer_id)
    for term in query.terms:
        needle = fold(term.text)
        if not needle:
            # Nothing visible to look for: an empty string is a part of every text, and a search
            # for nothing must not find everything.
            conditions.append("0")
            continue
        alternatives = [f"instr(fold(coalesce({c}, '')), ?) > 0" for c in PART_OF_TEXT_COLUMNS]
        alternatives += [f"fold({column}) = ?" for column in WHOLE_VALUE_COLUMNS]
        params.extend([needle] * (len(PART_OF_TEXT_COLUMNS) + len(WHOLE_VALUE_COLUMNS)))
        if term.amount is not None:
            alternatives.append("amount = ?")
            params.append(f"{term.amount:.2f}")
        conditions.append("(" + " OR ".join(alternatives) + ")")
    if not conditions:
        return "", ()
    return "WHERE " + " AND ".join(conditions), tuple(params)


def counts_clause(query: InvoiceFilter) -> tuple[str, tuple[Any, ...]] | None:
    """The ``WHERE`` over ``invoice_counts`` that counts ``query``'s invoices, or None when
    only the invoices themselves can say (a search, or only those with a link)."""
    if query.terms or query.with_link:
        return None
    conditions: list[str] = []
    params: list[Any] = []
    if query.manager_id is not None:
        conditions.append("manager_id = ?")
        params.append(query.manager_id)
    if query.statuses:
        conditions.append(f"status IN ({','.join('?' * len(query.statuses))})")
        params.extend(status.value for status in query.statuses)
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), tuple(params)


def order_clause(query: InvoiceFilter) -> str:
    """Newest first. Unsettled invoices are few, so they are fetched by status and sorted;
    walking a manager's years newest first until a page is full reads every invoice a manager
    ever made when fewer than a page are unsettled (``+id`` keeps SQLite from that walk)."""
    if query.statuses and _FEW.issuperset(query.statuses):
        return "ORDER BY +id DESC"
    return "ORDER BY id DESC"


# The trigram index (migration 0016) finds parts of at least three characters.
_TRIGRAM = 3


def _candidates(terms: tuple[SearchTerm, ...]) -> tuple[str, tuple[Any, ...]] | None:
    """An indexed condition that every invoice matching all ``terms`` meets, or None (no word
    is long enough for the trigram index: each invoice is checked in the list's order).

    An invoice matches when each word is a part of its text or one of its whole values. So it
    is either among those whose text holds every (long enough) word, which the trigram index
    answers at once, or among those a word names by order id, PayKeeper id or amount, each
    indexed. SQLite reads those candidates only; the exact condition is checked after."""
    # A zero byte ends an FTS5 query string: such a word is checked the slow way.
    long = [t for t in terms if len(index_form(t.text)) >= _TRIGRAM and "\x00" not in t.text]
    if not long:
        return None
    phrases = [index_form(term.text).replace('"', '""') for term in long]
    alternatives = ["id IN (SELECT rowid FROM invoice_text WHERE invoice_text MATCH ?)"]
    params: list[Any] = [" AND ".join(f'"{phrase}"' for phrase in phrases)]
    for term in long:
        alternatives += ["order_id = ? COLLATE NOCASE", "paykeeper_id = ?"]
        params += [term.text, term.text]
        if term.amount is not None:
            alternatives.append("amount = ?")
            params.append(f"{term.amount:.2f}")
    return "(" + " OR ".join(alternatives) + ")", tuple(params)


def index_form(text: str) -> str:
    """The word as the trigram index holds text: ё as е, without format characters; case is
    the index's own business (its folding is simpler than casefold(): ß stays ß)."""
    text = text.replace("ё", "е").replace("Ё", "Е")
    if text.isprintable():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


_READY: weakref.WeakSet[Database] = weakref.WeakSet()


async def ensure_fold(database: Database) -> None:
    """Register ``fold`` on the connection once (it lives as long as the connection)."""
    if database in _READY:
        return
    await database.connection.create_function("fold", 1, fold, deterministic=True)
    _READY.add(database)
