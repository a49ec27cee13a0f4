"""Bulk runs and their rows: what was uploaded, what to issue, and how each row ended."""

from storage.bulk.records import (
    Cell,
    KnownOrder,
    NewRow,
    NewRun,
    PendingRow,
    RowDone,
    RowOutcome,
    RowResult,
    RunCounts,
    RunRecord,
    RunStatus,
)
from storage.bulk.repository import BulkRepository

__all__ = [
    "BulkRepository",
    "Cell",
    "KnownOrder",
    "NewRow",
    "NewRun",
    "PendingRow",
    "RowDone",
    "RowOutcome",
    "RowResult",
    "RunCounts",
    "RunRecord",
    "RunStatus",
]
