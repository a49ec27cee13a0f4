"""Which order id each checked row is issued under this time, and which rows were issued
before (the same file sent again): nothing is issued twice.

Planning itself is pure (``base_orders``, ``plan_rows``); what the invoice log already holds
for the rows is looked up first, by ``earlier_attempts``, the one function here that asks
SQLite.

A row has two possible bases: the new one, with the manager's alias, and the legacy one, with
their Telegram id, which bulk ids carried before the alias. ``row_bases`` looks both up: a row
whose legacy id (or a later attempt of it) is in the log stays on the legacy chain, so a file
issued before the upgrade and sent again after it bills nothing twice; only rows never seen get
the new id."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from bot.services.bulk.line_cells import draft_data
from bot.services.bulk.rows import CheckedRow, attempt_order_id, base_order_id
from storage import InvoiceStatus
from storage.bulk import BulkRepository, KnownOrder, NewRow, RowOutcome

MAX_ATTEMPTS: Final = 50  # of one row across uploads; a guard against an endless probe


@dataclass(slots=True)
class Plan:
    rows: list[NewRow]
    ready: int = 0
    total: Decimal = Decimal(0)
    emails: int = 0
    retries: int = 0
    existing: int = 0
    uncertain: int = 0


@dataclass(frozen=True, slots=True)
class Earlier:
    """What the log holds for some base order ids: the latest attempt of each, and its number."""

    latest: dict[str, KnownOrder]
    attempts: dict[str, int]


def base_orders(checked: list[CheckedRow], owner: str, table_hash: str) -> dict[int, str]:
    """Each valid row's base order id (every attempt's order id derives from it), by row."""
    return {
        row.row_number: base_order_id(owner, row.order, table_hash, row.ordinal)
        for row in checked
        if row.draft is not None
    }


async def row_bases(
    runs: BulkRepository,
    checked: list[CheckedRow],
    table_hash: str,
    *,
    alias: str,
    manager_id: int,
) -> tuple[dict[int, str], Earlier]:
    """Each valid row's base, the legacy one wherever the log holds it, and what the log holds."""
    bases = base_orders(checked, alias, table_hash)
    legacy = base_orders(checked, str(manager_id), table_hash)
    earlier = await earlier_attempts(runs, [*bases.values(), *legacy.values()])
    chosen = {
        row: legacy[row] if legacy[row] in earlier.latest else base for row, base in bases.items()
    }
    return chosen, earlier


def plan_rows(
    checked: list[CheckedRow], bases: dict[int, str], earlier: Earlier, problems: dict[int, str]
) -> Plan:
    """Each valid row's order id for this attempt, and which rows were issued before."""
    latest, attempts = earlier.latest, earlier.attempts
    plan = Plan(rows=[])
    for row in checked:
        if row.draft is None:
            plan.rows.append(NewRow(row.row_number, row.cells, problem=problems[row.row_number]))
            continue
        base = bases[row.row_number]
        known = latest.get(base)
        if known is not None and known.status is not InvoiceStatus.FAILED:
            plan.existing += 1
            plan.uncertain += known.status is InvoiceStatus.REQUESTED
            plan.rows.append(
                NewRow(
                    row.row_number,
                    row.cells,
                    order_id=attempt_order_id(base, attempts[base]),
                    draft=draft_data(row),
                    invoice_id=known.invoice_id,
                    outcome=RowOutcome.EXISTING,
                )
            )
            continue
        attempt = attempts[base] + 1 if known is not None else 1
        plan.retries += known is not None
        plan.ready += 1
        plan.total += row.draft.amount
        plan.emails += row.draft.email is not None
        plan.rows.append(
            NewRow(
                row.row_number,
                row.cells,
                order_id=attempt_order_id(base, attempt),
                draft=draft_data(row),
            )
        )
    return plan


async def earlier_attempts(runs: BulkRepository, bases: list[str]) -> Earlier:
    """For each base order id, its latest attempt in the log and that attempt's number."""
    latest = await runs.known_orders(bases)
    attempts = dict.fromkeys(latest, 1)
    failed = [base for base, known in latest.items() if known.status is InvoiceStatus.FAILED]
    attempt = 2
    while failed and attempt <= MAX_ATTEMPTS:
        probes = {attempt_order_id(base, attempt): base for base in failed}
        found = await runs.known_orders(list(probes))
        failed = []
        for order_id, known in found.items():
            base = probes[order_id]
            latest[base], attempts[base] = known, attempt
            if known.status is InvoiceStatus.FAILED:
                failed.append(base)
        attempt += 1
    return Earlier(latest, attempts)
