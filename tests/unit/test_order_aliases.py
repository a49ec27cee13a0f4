"""Each manager's alias in bulk order ids: drawn once, kept, never the manager's id."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from storage import Database
from storage.order_aliases import OrderAliases


async def test_an_alias_is_drawn_once_per_manager_and_kept(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "invoices.db")
    try:
        aliases = OrderAliases(database)
        # Two uploads at once: one alias between them (insert or get, one transaction).
        first, second = await asyncio.gather(aliases.of(2002), aliases.of(2002))
        other = await aliases.of(3003)
    finally:
        await database.close()
    assert first == second
    assert other != first
    for alias in (first, other):
        # A letter first: never read as the Telegram id that older ids carry in its place.
        assert re.fullmatch(r"[a-z][a-z0-9]{7}", alias)

    reopened = await Database.open(tmp_path / "invoices.db")
    try:
        assert await OrderAliases(reopened).of(2002) == first  # a restart changes nothing
    finally:
        await reopened.close()
