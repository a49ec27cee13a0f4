"""A database with years of invoices, seeded before the newest migration, migrates whole.

The seed is made with the migrations up to the one before the newest, then opened as the bot
opens it. Bounded by size (a few thousand invoices), never by a clock: what is checked is that
the migrated database answers as a freshly made one would.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import storage.database
from bot.services.invoice_lists import FILTER_STATUSES, ListFilter, list_page
from storage import Database, InvoiceRepository
from storage.database import migrations
from tests.benchmarks.seed_busy_year import FIRST_MANAGER, seed

SIZE = 5_000


async def test_a_seeded_copy_migrates_and_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = migrations()
    newest = every[-1][0]
    path = tmp_path / "busy.sqlite3"
    with monkeypatch.context() as patched:
        patched.setattr(storage.database, "migrations", lambda: every[:-1])
        await seed(path, SIZE, open_count=50)
    with sqlite3.connect(path) as before:
        assert before.execute("PRAGMA user_version").fetchone()[0] == every[-2][0]
        counted = before.execute(
            "SELECT manager_id, status, COUNT(*) FROM invoices GROUP BY 1, 2"
        ).fetchall()

    database = await Database.open(path)
    try:
        assert await database.schema_version() == newest
        invoices = InvoiceRepository(database)
        manager = FIRST_MANAGER + 1
        for list_filter in ListFilter:
            page = await list_page(
                invoices, manager_id=manager, list_filter=list_filter, search=None, page=0
            )
            expected = sum(
                n
                for manager_id, status, n in counted
                if manager_id == manager
                and (list_filter is ListFilter.ALL or _in(status, list_filter))
            )
            assert page.total == expected, list_filter
        found = await list_page(
            invoices, manager_id=None, list_filter=ListFilter.ALL, search="client42@", page=0
        )
        assert found.total >= 1
        assert all(invoice.client_email == "client42@example.com" for invoice in found.invoices)
    finally:
        await database.close()
    with sqlite3.connect(path) as after:
        assert after.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert after.execute("PRAGMA foreign_key_check").fetchall() == []


def _in(status: str, list_filter: ListFilter) -> bool:
    return status in {s.value for s in FILTER_STATUSES[list_filter]}
