"""One real ``python -m bot`` process shared by the end-to-end tests that do not need a fresh
one: starting the process costs seconds (aiogram's import), a flow through it a fraction.

A test on the shared bot stays independent of the others and of their order: it acts as
managers (and strangers) no other test uses, and reads back only what they caused: their
PayKeeper invoices (those whose order ids the log holds for them), their rows in the database,
the Bot API calls and PayKeeper requests made since it began. The stand-ins' faults and latency
are reset after each test. Tests about start-up, shutdown, restarts, settings or faults on start
keep a fresh process (the ``start_bot`` fixture)."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest

from tests.fakes.paykeeper import FakePayKeeper, RecordedRequest
from tests.fakes.telegram import FakeTelegram, User
from tests.support.bot_process import BotProcess

FIRST_MANAGER_ID = 4001
MANAGER_POOL = 64  # more than the tests on the shared bot ask for
FIRST_STRANGER_ID = 7001

F = TypeVar("F", bound=Callable[..., Any])


def on_shared_bot(test: F) -> F:
    """Run ``test`` in the event loop the shared bot's stand-ins live in (the session's).

    Under pytest-xdist each worker that runs such a test starts its own shared bot; xdist's
    ``--dist loadgroup`` could keep them in one worker, but on pytest 9.2 it silently stops
    grouping (pytest-dev/pytest-xdist#1386), so the suite distributes whole files instead."""
    return cast(F, pytest.mark.asyncio(loop_scope="session")(test))


def manager_pool() -> range:
    return range(FIRST_MANAGER_ID, FIRST_MANAGER_ID + MANAGER_POOL)


def shared_bot_env() -> dict[str, str]:
    """Settings on top of the usual e2e ones: a pool of managers, and no background job that
    would act between tests on its own (reconciliation and the digest wait for a fresh bot)."""
    return {
        "MANAGER_IDS": ", ".join(str(i) for i in manager_pool()),
        "RECONCILE_INTERVAL": "86400",
        "DIGEST_ENABLED": "false",
    }


@dataclass
class SharedBot:
    telegram: FakeTelegram
    paykeeper: FakePayKeeper
    process: BotProcess
    workdir: Path
    _manager_ids: Iterator[int] = field(default_factory=lambda: iter(manager_pool()))
    _stranger_ids: Iterator[int] = field(
        default_factory=lambda: itertools.count(FIRST_STRANGER_ID)
    )

    @property
    def database(self) -> Path:
        return self.workdir / "db" / "invoices.db"

    def manager(self, first_name: str = "Иван", language_code: str = "ru") -> User:
        """A manager no other test has acted as."""
        return User(id=next(self._manager_ids), first_name=first_name, language_code=language_code)

    def stranger(self, first_name: str = "Пётр", language_code: str = "ru") -> User:
        """Someone not on the bot's lists, new to it."""
        return User(
            id=next(self._stranger_ids), first_name=first_name, language_code=language_code
        )

    def reset(self) -> None:
        """Undo what a test set on the stand-ins for itself."""
        self.paykeeper.latency = 0
        self.paykeeper.clear_faults()
        self.telegram.clear_faults()


def orders_of(database: Path, manager: User) -> set[str]:
    """The order ids the bot logged for ``manager``: the ids themselves name no one, and every
    request is in the log before PayKeeper hears of it."""
    return {row["order_id"] for row in rows_of(database, manager)}


def invoices_of(
    paykeeper: FakePayKeeper, database: Path, manager: User
) -> dict[str, dict[str, Any]]:
    """PayKeeper's invoices for ``manager``'s orders, by invoice id."""
    mine = orders_of(database, manager)
    return {i: inv for i, inv in paykeeper.invoices.items() if inv["orderid"] in mine}


def requests_of(
    paykeeper: FakePayKeeper, database: Path, manager: User, path: str
) -> list[RecordedRequest]:
    """Requests to ``path`` about ``manager``'s orders."""
    mine = orders_of(database, manager)
    return [r for r in paykeeper.requests if r.path == path and r.form.get("orderid") in mine]


def rows_of(database: Path, manager: User) -> list[sqlite3.Row]:
    """The invoice log's rows for ``manager``, oldest first."""
    with closing(sqlite3.connect(database)) as db:
        db.row_factory = sqlite3.Row
        return db.execute(
            "SELECT * FROM invoices WHERE manager_id = ? ORDER BY id", (manager.id,)
        ).fetchall()
