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
    payments: int = 0
    paid_amount: float = 0.0  # roubles
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
    # A status moves to `paid` once (see bot.services.tracking): one event per payment.
    [(stats.payments, stats.paid_amount)] = await _rows(
        database,
        """SELECT COUNT(*), TOTAL(CAST(i.amount AS REAL)) FROM invoice_events e
           JOIN invoices i ON i.id = e.invoice_id WHERE e.kind = 'paid'""",
    )
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
