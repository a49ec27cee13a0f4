"""The team's table and rules on a real SQLite file: seeding from the settings, the protected
members, the last admin, suspension, requests and the audit of every change."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.services.access import Role, TeamAccess
from bot.services.team import Refused, Requested, RequestRefused, Team
from storage import Database
from storage.notices import NoticeRepository
from storage.people import PeopleRepository
from storage.team import AccessRequest, TeamRepository

ADMIN, MANAGER, NEWCOMER, OTHER = 1, 2, 3, 4


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    db = await Database.open(tmp_path / "team.db")
    yield db
    await db.close()


async def started(
    database: Database,
    admins: frozenset[int] = frozenset({ADMIN}),
    managers: frozenset[int] = frozenset({MANAGER}),
) -> Team:
    team = Team(
        TeamRepository(database),
        TeamAccess(admins, managers),
        NoticeRepository(database),
        PeopleRepository(database),
    )
    await team.start()
    return team


async def asked(team: Team, user_id: int, name: str, username: str | None = None) -> AccessRequest:
    made = await team.request_access(user_id, name, username, "ru")
    assert isinstance(made, Requested)
    return made.request


async def test_settings_seed_the_table_and_are_read_back_at_the_next_start(
    database: Database,
) -> None:
    team = await started(database)
    assert {(m.user_id, m.role, m.seeded) for m in await team.members()} == {
        (ADMIN, "admin", True),
        (MANAGER, "manager", True),
    }
    await team.change_role(ADMIN, NEWCOMER, Role.VIEWER)  # not a member: refused
    request = await asked(team, NEWCOMER, "Новичок", "newbie")
    await team.decide(request.id, ADMIN, Role.VIEWER)

    # Restarted with MANAGER dropped from the settings: a member granted from chat stays,
    # and the dropped one keeps the role but loses the protection.
    again = await started(database, managers=frozenset())
    assert again.access.role_of(NEWCOMER) is Role.VIEWER
    assert again.access.role_of(MANAGER) is Role.MANAGER
    assert not again.access.is_seeded(MANAGER)
    assert await again.suspend(ADMIN, MANAGER) is None


async def test_settings_win_over_a_role_changed_in_the_table(database: Database) -> None:
    team = await started(database, managers=frozenset())
    request = await asked(team, MANAGER, "Иван")
    await team.decide(request.id, ADMIN, Role.VIEWER)
    again = await started(database, managers=frozenset({MANAGER}))
    assert again.access.role_of(MANAGER) is Role.MANAGER
    assert [e.action for e in await again.audit(MANAGER)][:1] == ["seeded"]


async def test_members_from_the_settings_cannot_be_changed_from_chat(database: Database) -> None:
    team = await started(database)
    assert await team.change_role(ADMIN, MANAGER, Role.VIEWER) is Refused.SEEDED
    assert await team.suspend(ADMIN, MANAGER) is Refused.SEEDED
    assert await team.change_role(ADMIN, ADMIN, Role.MANAGER) is Refused.SEEDED
    assert team.access.role_of(MANAGER) is Role.MANAGER


async def test_the_last_admin_cannot_demote_themselves(database: Database) -> None:
    team = await started(database, admins=frozenset(), managers=frozenset())
    await team.repository.set_role(0, NEWCOMER, Role.ADMIN)  # as granted from chat earlier
    await team.start()
    assert await team.change_role(NEWCOMER, NEWCOMER, Role.MANAGER) is Refused.LAST_ADMIN
    assert await team.suspend(NEWCOMER, NEWCOMER) is Refused.SELF
    # With a second admin, the first may step down.
    await team.repository.set_role(NEWCOMER, OTHER, Role.ADMIN)
    await team.start()
    assert await team.change_role(NEWCOMER, NEWCOMER, Role.MANAGER) is None
    assert team.access.role_of(NEWCOMER) is Role.MANAGER
    assert team.access.admins() == [OTHER]


async def test_two_admins_stepping_down_at_once_leave_one(database: Database) -> None:
    """The rule is read in the transaction that demotes: each change at once sees the other."""
    team = await started(database, admins=frozenset(), managers=frozenset())
    await team.repository.set_role(0, NEWCOMER, Role.ADMIN)
    await team.repository.set_role(0, OTHER, Role.ADMIN)
    await team.start()
    refusals = await asyncio.gather(
        team.change_role(NEWCOMER, NEWCOMER, Role.MANAGER),
        team.change_role(OTHER, OTHER, Role.VIEWER),
    )
    assert sorted(refusals, key=str) == [None, Refused.LAST_ADMIN]
    assert len(team.access.admins()) == 1
    # And the one left cannot be suspended either (by an admin no longer in the settings).
    [last] = team.access.admins()
    await team.repository.set_role(0, ADMIN, Role.ADMIN)
    await team.repository.set_suspended(0, ADMIN, True)
    await team.start()
    assert await team.suspend(ADMIN, last) is Refused.LAST_ADMIN


async def test_suspension_blocks_at_once_and_restore_gives_the_role_back(
    database: Database,
) -> None:
    team = await started(database)
    await team.repository.set_role(ADMIN, NEWCOMER, Role.MANAGER)
    await team.start()
    assert await team.suspend(ADMIN, NEWCOMER) is None
    assert team.access.role_of(NEWCOMER) is None
    assert await team.suspend(ADMIN, NEWCOMER) is Refused.UNCHANGED
    assert await team.request_access(NEWCOMER, "x", None, None) is RequestRefused.SUSPENDED
    assert await team.restore(ADMIN, NEWCOMER) is None
    assert team.access.role_of(NEWCOMER) is Role.MANAGER
    actions = [(e.actor_id, e.action, e.role) for e in await team.audit(NEWCOMER)]
    assert actions == [
        (ADMIN, "restored", None),
        (ADMIN, "suspended", None),
        (ADMIN, "granted", "manager"),
    ]


async def test_one_pending_request_per_user_and_a_cooldown_after_a_denial(
    database: Database,
) -> None:
    team = await started(database)
    first, second = await asyncio.gather(
        team.request_access(NEWCOMER, "Новичок", None, "ru"),
        team.request_access(NEWCOMER, "Новичок", None, "ru"),
    )
    assert sorted(map(type, (first, second)), key=str) == sorted(
        [Requested, RequestRefused], key=str
    )
    made = first if isinstance(first, Requested) else second
    assert isinstance(made, Requested)
    request = made.request
    assert await team.request_access(MANAGER, "Иван", None, None) is RequestRefused.MEMBER

    decided = await team.decide(request.id, ADMIN, None)
    assert decided is not None
    assert decided.now
    assert await team.request_access(NEWCOMER, "Новичок", None, "ru") is RequestRefused.COOLDOWN
    team.cooldown = timedelta(0)
    assert isinstance(await team.request_access(NEWCOMER, "Новичок", None, "ru"), Requested)


async def test_only_the_first_decision_on_a_request_counts(database: Database) -> None:
    team = await started(database, admins=frozenset({ADMIN, OTHER}))
    request = await asked(team, NEWCOMER, "Новичок")
    approve, deny = await asyncio.gather(
        team.decide(request.id, ADMIN, Role.MANAGER), team.decide(request.id, OTHER, None)
    )
    assert approve is not None
    assert deny is not None
    assert [approve.now, deny.now] == [True, False]
    assert deny.request.status == "approved"
    assert deny.request.decided_by == ADMIN
    assert team.access.role_of(NEWCOMER) is Role.MANAGER
    assert [(e.actor_id, e.action) for e in await team.audit(NEWCOMER)] == [(ADMIN, "granted")]


async def test_pending_requests_are_capped_and_the_cap_is_reached_once(
    database: Database,
) -> None:
    team = await started(database)
    team.requests_max = 3
    strangers = range(100, 108)
    made = await asyncio.gather(*(team.request_access(u, f"n{u}", None, "ru") for u in strangers))
    requested = [m for m in made if isinstance(m, Requested)]
    assert len(requested) == 3
    assert made.count(RequestRefused.FULL) == 5
    assert [m.cap_reached for m in requested].count(True) == 1  # one summary for the admins

    # A decision makes room for one more, which fills the cap again.
    await team.decide(requested[0].request.id, ADMIN, None)
    again = await team.request_access(200, "n200", None, "ru")
    assert isinstance(again, Requested)
    assert again.cap_reached
    assert await team.request_access(201, "n201", None, "ru") is RequestRefused.FULL
