"""What a manager's everyday reads cost does not grow with the years of invoices behind them.

Each operation runs through the code the bot runs (the list and inline services, the card's
reads) on two seeded databases, one ten times the other. Every statement it makes is shown
``EXPLAIN QUERY PLAN`` and fails on a scan of the invoices table; and SQLite's own count of the
virtual-machine steps the operation took (a progress handler, not a clock) must stay within
1.5x from the small database to the big one. The counts are exact, so nothing here depends on
how busy the machine is.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from bot.services.invoice_lists import ListFilter, ListPage, list_page, unpaid_for_inline
from storage import Database, InvoiceRepository
from storage.invoice_filter import ensure_fold, fold
from storage.ledger import LedgerRepository
from tests.benchmarks.seed_busy_year import FIRST_MANAGER, seed

SMALL, BIG = 2_000, 20_000
OPEN = 100  # as many open in both: a busy company's history grows, its open invoices do not
TODAY = date(2026, 6, 1)
MANAGER = FIRST_MANAGER + 3
# One payer of the seed (client 123 in both sizes): a company, its e-mail and phone.
NAME, EMAIL, PHONE = "Смирнов партнёры 123»", "client123@example.com", "9990000123"
ORDER = "sy00000123"
# A table scan of invoices (a virtual table's "SCAN invoice_text VIRTUAL TABLE" is its index).
_TABLE_SCAN = re.compile(r"^SCAN invoices(?! VIRTUAL)(?! USING)")


@dataclass(frozen=True)
class Operation:
    name: str
    run: Callable[[InvoiceRepository, LedgerRepository], Awaitable[object]]
    # Newest first until the page is full: a scan in the plan's words that stops at the page.
    walks: bool = False


def _list(
    list_filter: ListFilter, search: str | None = None, manager: int | None = MANAGER
) -> Callable[[InvoiceRepository, LedgerRepository], Awaitable[object]]:
    async def run(invoices: InvoiceRepository, _: LedgerRepository) -> object:
        return await list_page(
            invoices, manager_id=manager, list_filter=list_filter, search=search, page=0
        )

    return run


async def _inline(invoices: InvoiceRepository, _: LedgerRepository) -> object:
    return [
        await unpaid_for_inline(invoices, manager_id=MANAGER, search="", offset=0),
        await unpaid_for_inline(invoices, manager_id=MANAGER, search="client", offset=0),
    ]


async def _card(invoices: InvoiceRepository, ledger: LedgerRepository) -> object:
    """What the card shows: the invoice, its history with names, its money."""
    found = await invoices.get_by_order(ORDER)
    assert found is not None
    invoice = await invoices.get(found.id)
    assert invoice is not None
    events = await invoices.events(invoice.id)
    names = await invoices.manager_names({invoice.manager_id})
    return invoice, events, names, await ledger.for_invoice(invoice.id)


OPERATIONS = (
    Operation("/invoices", _list(ListFilter.ALL)),
    Operation("/invoices unpaid", _list(ListFilter.UNPAID)),
    Operation("/invoices paid", _list(ListFilter.PAID)),
    Operation("/invoices closed", _list(ListFilter.CLOSED)),
    Operation("/invoices, an admin's", _list(ListFilter.ALL, manager=None), walks=True),
    Operation("search by name", _list(ListFilter.ALL, NAME, manager=None)),
    Operation("search by e-mail", _list(ListFilter.ALL, EMAIL, manager=None)),
    Operation("search by phone", _list(ListFilter.ALL, PHONE, manager=None)),
    Operation("search by order id", _list(ListFilter.ALL, ORDER.upper(), manager=None)),
    Operation("a manager's search", _list(ListFilter.UNPAID, "client")),
    Operation("the card", _card),
    Operation("the inline answer", _inline),
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("busy")
    paths = {size: folder / f"{size}.sqlite3" for size in (SMALL, BIG)}
    for size, path in paths.items():
        asyncio.run(seed(path, size, open_count=OPEN, today=TODAY))
    return paths


@dataclass
class Measured:
    statements: list[str]
    steps: int
    result: object


async def _measure(path: Path, operation: Operation) -> Measured:
    database = await Database.open(path)
    try:
        invoices, ledger = InvoiceRepository(database), LedgerRepository(database)
        await ensure_fold(database)  # once per connection: not the operation's cost
        connection = database.connection.sqlite
        statements: list[str] = []
        steps = [0]

        def step() -> int:
            steps[0] += 1
            return 0

        connection.set_trace_callback(statements.append)
        connection.set_progress_handler(step, 10)
        try:
            result = await operation.run(invoices, ledger)
        finally:
            connection.set_progress_handler(None, 0)
            connection.set_trace_callback(None)
        return Measured(statements, steps[0] * 10, result)
    finally:
        await database.close()


def _plans(path: Path, statements: list[str]) -> Iterator[tuple[str, list[str]]]:
    connection = sqlite3.connect(path)
    connection.create_function("fold", 1, fold, deterministic=True)
    try:
        for sql in statements:
            if "invoices" in sql and sql.lstrip().upper().startswith("SELECT"):
                rows = connection.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
                yield sql, [row[3] for row in rows]
    finally:
        connection.close()


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
async def test_no_scan_of_the_invoices_and_no_growth(
    seeded: dict[int, Path], operation: Operation
) -> None:
    small = await _measure(seeded[SMALL], operation)
    big = await _measure(seeded[BIG], operation)
    assert big.statements, "the operation read nothing"
    for sql, plan in _plans(seeded[BIG], big.statements):
        scans = [line for line in plan if _TABLE_SCAN.match(line)]
        if operation.walks:  # the page comes off the table's end, newest first
            assert "LIMIT" in sql, plan
            assert not any("TEMP B-TREE" in line for line in plan), plan
            continue
        assert not scans, f"{operation.name}: {sql}\n{plan}"
    assert big.steps <= 1.5 * small.steps, (
        f"{operation.name}: {small.steps} SQLite steps on {SMALL} invoices, {big.steps} on {BIG}"
    )


async def test_searches_find_the_seeded_payer(seeded: dict[int, Path]) -> None:
    """The operations above measure real answers, not empty ones."""
    for text in (NAME, EMAIL, PHONE, ORDER.upper()):
        measured = await _measure(seeded[BIG], Operation(text, _list(ListFilter.ALL, text, None)))
        assert isinstance(measured.result, ListPage)
        assert measured.result.total >= 1, text
