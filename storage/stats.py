"""Counts for monitoring, read from the tables at the moment they are asked for.

What the database already records (every invoice event, every payment, the outbox, bulk rows,
open forms) is counted here rather than in the process, so the figures survive restarts and
always agree with the money trail. Read-only; a handful of aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.database import Database

# invoice_events.kind -> the outcome it counts as (see bot.services.issuing).
INVOICE_OUTCOMES = {
    "created": "created",
    "emailed": "emailed",
    "resent": "emailed",
    "failed": "failed",
    "no_answer": "uncertain",
    "email_failed": "email_failed",
}


@dataclass(slots=True)
class Stats:
    invoices: dict[str, int] = field(default_factory=dict)  # outcome -> events ever
    payments: int = 0  # the ledger's payments: by card (second ones too) and in cash
    paid_amount: float = 0.0  # roubles received
    refunds: int = 0  # the ledger's refunds, done or under way
    refunded_amount: float = 0.0  # roubles returned
    outbox_pending: int = 0
    outbox_oldest: datetime | None = None  # when the oldest pending message was queued
    bulk_rows: dict[str, int] = field(default_factory=dict)  # outcome -> rows stored
    forms_open: int = 0  # /invoice forms begun and neither issued nor cancelled


async def read_stats(database: Database, *, form_states: str = "InvoiceForm:") -> Stats:
    """``form_states``: what the /invoice form's conversation states start with."""
    stats = Stats(invoices=dict.fromkeys(sorted(set(INVOICE_OUTCOMES.values())), 0))
    kinds = ", ".join("?" * len(INVOICE_OUTCOMES))
    for kind, count in await _rows(
        database,
        f"SELECT kind, COUNT(*) FROM invoice_events WHERE kind IN ({kinds}) GROUP BY kind",  # noqa: S608 - placeholders only
        tuple(INVOICE_OUTCOMES),
    ):
        stats.invoices[INVOICE_OUTCOMES[kind]] += count
    # The money from the ledger, as every other figure of it: a refund (the bot's or the
    # cabinet's) and a second payment show here as they do on the card and in /report.
    for kind, count, amount in await _rows(
        database,
        "SELECT kind = 'refund', COUNT(*), TOTAL(CAST(amount AS REAL)) FROM movements GROUP BY 1",
    ):
        if kind:
            stats.refunds, stats.refunded_amount = count, amount
        else:
            stats.payments, stats.paid_amount = count, amount
    [(stats.outbox_pending, oldest)] = await _rows(
        database,
        "SELECT COUNT(*), MIN(created_at) FROM notices WHERE sent_at IS NULL AND error IS NULL",
    )
    stats.outbox_oldest = datetime.fromisoformat(oldest) if oldest else None
    stats.bulk_rows = dict(
        await _rows(
            database,
            """SELECT COALESCE(r.outcome, CASE WHEN r.order_id IS NULL THEN 'invalid'
                                              WHEN b.status = 'running' THEN 'pending'
                                              ELSE 'not_issued' END),
                      COUNT(*)
               FROM bulk_rows r JOIN bulk_runs b ON b.id = r.run_id GROUP BY 1""",
        )
    )
    [(stats.forms_open,)] = await _rows(
        database,
        "SELECT COUNT(*) FROM form_state WHERE substr(state, 1, ?) = ?",
        (str(len(form_states)), form_states),
    )
    return stats


async def _rows(
    database: Database, sql: str, params: tuple[str, ...] = ()
) -> list[tuple[Any, ...]]:
    async with database.connection.execute(sql, params) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]
