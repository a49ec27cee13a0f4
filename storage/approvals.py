"""Invoices held for an admin's approval (APPROVAL_AMOUNT): the draft as the manager confirmed
it, stored before anything is sent to PayKeeper, and one decision, made exactly once."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from functools import partial
from typing import Any

from storage.approval_holds import (
    Charge,
    HoldRequest,
    Rule,
    day_charges,
    hold_if_needed,
    start_approved,
)
from storage.database import Database
from storage.invoices import utcnow
from storage.models import Delivery


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"  # by the manager, before anyone decided


@dataclass(frozen=True, slots=True)
class Approval:
    id: int
    manager_id: int
    manager_name: str
    order_id: str
    draft: dict[str, Any]  # the form's data (InvoiceDraft.to_data)
    delivery: Delivery
    status: ApprovalStatus
    decided_by: int | None
    reason: str | None
    invoice_id: int | None
    created_at: datetime


_COLUMNS = (
    "id, manager_id, manager_name, order_id, draft, delivery, status, decided_by, reason,"
    " invoice_id, created_at"
)


def _approval(row: sqlite3.Row | tuple[Any, ...]) -> Approval:
    return Approval(
        id=int(row[0]),
        manager_id=int(row[1]),
        manager_name=str(row[2]),
        order_id=str(row[3]),
        draft=json.loads(row[4]),
        delivery=Delivery(row[5]),
        status=ApprovalStatus(row[6]),
        decided_by=int(row[7]) if row[7] is not None else None,
        reason=str(row[8]) if row[8] is not None else None,
        invoice_id=int(row[9]) if row[9] is not None else None,
        created_at=datetime.fromisoformat(str(row[10])),
    )


def _decide(
    connection: sqlite3.Connection,
    approval_id: int,
    status: ApprovalStatus,
    actor_id: int,
    reason: str | None,
    now: str,
) -> bool:
    return bool(
        connection.execute(
            "UPDATE approvals SET status = ?, decided_by = ?, reason = ?, decided_at = ?"
            " WHERE id = ? AND status = 'pending'",
            (status.value, actor_id, reason, now, approval_id),
        ).rowcount
    )


class ApprovalRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def hold_if_needed(self, request: HoldRequest, rule: Rule) -> Approval | None:
        """Check and hold in one transaction (storage/approval_holds.py): the new approval,
        or None when none is needed. Raises AlreadyHeldError on a second press."""
        approval_id = await self.database.transaction(
            partial(hold_if_needed, request=request, rule=rule)
        )
        return await self.get(approval_id) if approval_id is not None else None

    async def day_charges(self, manager_id: int, since: datetime) -> list[Charge]:
        return await self.database.transaction(
            partial(day_charges, manager_id=manager_id, since=since)
        )

    async def start_file(
        self,
        run_id: int,
        manager_id: int,
        delivery: Delivery,
        approved: list[tuple[int, str, Decimal]],
    ) -> bool:
        """Start a held file's run with exactly the rows approved (number, order id, amount);
        False if they changed or it is no longer the manager's draft."""
        return await self.database.transaction(
            partial(
                start_approved,
                run_id=run_id,
                manager_id=manager_id,
                delivery=delivery,
                approved=approved,
            )
        )

    async def get(self, approval_id: int) -> Approval | None:
        sql = f"SELECT {_COLUMNS} FROM approvals WHERE id = ?"  # noqa: S608
        async with self.database.connection.execute(sql, (approval_id,)) as cursor:
            row = await cursor.fetchone()
        return _approval(row) if row is not None else None

    async def by_order(self, order_id: str) -> Approval | None:
        sql = f"SELECT {_COLUMNS} FROM approvals WHERE order_id = ?"  # noqa: S608
        async with self.database.connection.execute(sql, (order_id,)) as cursor:
            row = await cursor.fetchone()
        return _approval(row) if row is not None else None

    async def cut_off(self) -> list[Approval]:
        """Approved, and nothing made of it: no invoice linked and, for a held file, its run
        still a draft. What a stop or a crash between the decision and the issuing leaves.
        A schedule's approval issues nothing: the schedules job settles those itself."""
        columns = ", ".join(f"a.{column.strip()}" for column in _COLUMNS.split(","))
        sql = f"""SELECT {columns} FROM approvals a
                  LEFT JOIN bulk_runs r ON a.order_id = 'bulk:' || r.id
                  WHERE a.status = 'approved' AND a.invoice_id IS NULL
                    AND (a.order_id NOT LIKE 'bulk:%' OR r.status = 'draft')
                    AND a.order_id NOT LIKE 'sched:%'
                  ORDER BY a.id"""  # noqa: S608 - the columns are this module's own
        async with self.database.connection.execute(sql) as cursor:
            return [_approval(row) for row in await cursor.fetchall()]

    async def decide(
        self, approval_id: int, status: ApprovalStatus, actor_id: int, reason: str | None = None
    ) -> bool:
        """Move a pending approval to ``status``: True only for the one call that did."""
        return await self.database.transaction(
            partial(
                _decide,
                approval_id=approval_id,
                status=status,
                actor_id=actor_id,
                reason=reason,
                now=utcnow().isoformat(),
            )
        )

    async def void(self, approval_id: int) -> None:
        """An approval that found nothing left to approve (a file cancelled meanwhile)."""
        await self.database.execute_write(
            "UPDATE approvals SET status = 'cancelled' WHERE id = ? AND status = 'approved'",
            (approval_id,),
        )

    async def set_invoice(self, approval_id: int, invoice_id: int) -> None:
        await self.database.execute_write(
            "UPDATE approvals SET invoice_id = ? WHERE id = ?", (invoice_id, approval_id)
        )

    async def pending_of(self, manager_id: int) -> list[Approval]:
        sql = (
            f"SELECT {_COLUMNS} FROM approvals"  # noqa: S608 - the columns are this module's own
            " WHERE manager_id = ? AND status = 'pending' ORDER BY id"
        )
        async with self.database.connection.execute(sql, (manager_id,)) as cursor:
            return [_approval(row) for row in await cursor.fetchall()]

    async def pending(self) -> list[Approval]:
        """Every approval waiting for an admin, oldest first (the dashboard's list)."""
        sql = f"SELECT {_COLUMNS} FROM approvals WHERE status = 'pending' ORDER BY id"  # noqa: S608
        async with self.database.connection.execute(sql) as cursor:
            return [_approval(row) for row in await cursor.fetchall()]

    async def reopen(self, approval_id: int) -> None:
        """An approval not carried out (its manager may no longer issue): waiting again."""
        await self.database.execute_write(
            "UPDATE approvals SET status = 'pending', decided_by = NULL, decided_at = NULL"
            " WHERE id = ? AND status = 'approved' AND invoice_id IS NULL",
            (approval_id,),
        )
