"""Holding for approval as one write transaction: the payer's charges of the day are read, the
rule decides, and the hold is written, with nothing in between that another confirmation could
slip through. A held bulk file's rows are read in the same transaction and stored with the
approval, and its run starts only if those are still exactly the rows it would issue.

Runs on SQLite's thread (``Database.transaction``): plain sqlite3 calls only."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from storage.invoices import utcnow
from storage.models import Delivery


class AlreadyHeldError(Exception):
    """This summary or file is already held (a second press): the first hold counts."""


@dataclass(frozen=True, slots=True)
class Charge:
    """An amount billed (or to be billed) to a payer, known by any of these."""

    amount: Decimal
    email: str | None = None
    phone: str | None = None
    client: str | None = None

    @classmethod
    def of_draft(cls, draft: dict[str, Any]) -> Charge:
        """From an invoice draft's JSON form (InvoiceDraft.to_data)."""
        return cls(
            Decimal(str(draft["amount"])),
            draft.get("email"),
            draft.get("phone"),
            draft.get("client_name"),
        )


@dataclass(frozen=True, slots=True)
class FileRow:
    """A bulk row still to issue, as the file's approval sees it."""

    row_number: int
    order_id: str
    charge: Charge


# What the rule makes of the request and the day's other charges to the manager's payers:
# the approval's data to store (held), or None (no approval needed).
Rule = Callable[[Sequence[FileRow], Sequence[Charge]], "dict[str, Any] | None"]


@dataclass(frozen=True, slots=True)
class HoldRequest:
    manager_id: int
    manager_name: str
    order_id: str
    delivery: Delivery
    since: datetime  # the start of the manager's (Moscow) day, aware
    run_id: int | None = None  # a bulk file: its draft run


_PENDING_ROWS = """SELECT row_number, order_id, draft FROM bulk_rows
                   WHERE run_id = ? AND order_id IS NOT NULL AND outcome IS NULL
                   ORDER BY row_number"""


def _file_rows(db: sqlite3.Connection, run_id: int) -> list[FileRow]:
    return [
        FileRow(int(row[0]), str(row[1]), Charge.of_draft(json.loads(row[2])))
        for row in db.execute(_PENDING_ROWS, (run_id,)).fetchall()
    ]


def day_charges(db: sqlite3.Connection, manager_id: int, since: datetime) -> list[Charge]:
    """The manager's charges since ``since``: invoices in the log (not failed or cancelled),
    invoices held for approval, and bulk rows on their way (a running file, or one held) not
    yet in the log."""
    start = since.astimezone(UTC).isoformat()  # as the rows' created_at are written
    charges = [
        Charge(Decimal(row[0]), row[1], row[2], row[3])
        for row in db.execute(
            """SELECT amount, client_email, client_phone, client_name FROM invoices
               WHERE manager_id = ? AND created_at >= ?
                 AND status NOT IN ('failed', 'cancelled')""",
            (manager_id, start),
        )
    ]
    charges += [
        Charge.of_draft(json.loads(row[0]))
        for row in db.execute(
            """SELECT draft FROM approvals
               WHERE manager_id = ? AND created_at >= ? AND order_id NOT LIKE 'bulk:%'
                 AND (status = 'pending' OR (status = 'approved' AND invoice_id IS NULL
                                             AND order_id NOT LIKE 'sched:%'))""",
            (manager_id, start),
        )
    ]
    charges += [
        Charge.of_draft(json.loads(row[0]))
        for row in db.execute(
            """SELECT r.draft FROM bulk_rows r JOIN bulk_runs u ON u.id = r.run_id
               WHERE u.manager_id = ? AND r.order_id IS NOT NULL AND r.outcome IS NULL
                 AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = r.order_id)
                 AND (u.status = 'running' OR EXISTS (
                       SELECT 1 FROM approvals a WHERE a.order_id = 'bulk:' || u.id
                         AND a.status IN ('pending', 'approved') AND a.created_at >= ?))""",
            (manager_id, start),
        )
    ]
    return charges


def hold_if_needed(db: sqlite3.Connection, request: HoldRequest, rule: Rule) -> int | None:
    """The new approval's id, or None when the rule asks for none (or the file is not the
    manager's draft any more). Raises AlreadyHeldError on a second hold of the same order."""
    rows: list[FileRow] = []
    if request.run_id is not None:
        run = db.execute(
            "SELECT 1 FROM bulk_runs WHERE id = ? AND status = 'draft' AND manager_id = ?",
            (request.run_id, request.manager_id),
        ).fetchone()
        if run is None:
            return None
        rows = _file_rows(db, request.run_id)
    held = rule(rows, day_charges(db, request.manager_id, request.since))
    if held is None:
        return None
    try:
        cursor = db.execute(
            "INSERT INTO approvals (manager_id, manager_name, order_id, draft, delivery,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                request.manager_id,
                request.manager_name,
                request.order_id,
                json.dumps(held, ensure_ascii=False),
                request.delivery.value,
                utcnow().isoformat(),
            ),
        )
    except sqlite3.IntegrityError as error:
        raise AlreadyHeldError(request.order_id) from error
    return cursor.lastrowid


def start_approved(
    db: sqlite3.Connection,
    run_id: int,
    manager_id: int,
    delivery: Delivery,
    approved: Sequence[tuple[int, str, Decimal]],
) -> bool:
    """Draft -> running, only if the rows it would issue are exactly the ``approved`` ones
    (row number, order id and amount): otherwise nothing starts."""
    rows = [(row.row_number, row.order_id, row.charge.amount) for row in _file_rows(db, run_id)]
    if rows != list(approved):
        return False
    return bool(
        db.execute(
            """UPDATE bulk_runs SET status = 'running', delivery = ?, upload = NULL,
                   updated_at = ?
               WHERE id = ? AND status = 'draft' AND manager_id = ?""",
            (delivery.value, utcnow().isoformat(), run_id, manager_id),
        ).rowcount
    )
