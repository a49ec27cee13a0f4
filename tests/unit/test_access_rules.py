"""Who sees whose invoices: the rule behind lists, the team filter and inline sharing."""

from __future__ import annotations

import pytest

from bot.services.access import (
    ListScope,
    Role,
    list_scope,
    may_share_others,
    opens_on_everyone,
    sees_everyone,
)

ME = 2002
OTHER = 3003


@pytest.mark.parametrize("role", [Role.ADMIN, Role.VIEWER])
def test_admins_and_viewers_see_the_team_or_one_manager(role: Role) -> None:
    assert sees_everyone(role)
    assert list_scope(role, ME, everyone=True, manager=0) == ListScope(True, None)
    one = list_scope(role, ME, everyone=True, manager=OTHER)
    assert one == ListScope(True, OTHER)
    assert one.picked == OTHER
    assert list_scope(role, ME, everyone=False, manager=OTHER) == ListScope(False, ME)


def test_a_manager_sees_only_their_own_whatever_a_button_asks() -> None:
    assert not sees_everyone(Role.MANAGER)
    for everyone in (True, False):
        for manager in (0, OTHER):
            scope = list_scope(Role.MANAGER, ME, everyone=everyone, manager=manager)
            assert scope == ListScope(False, ME)
            assert scope.picked == 0


def test_only_a_viewer_opens_on_everyone_and_only_an_admin_shares_others() -> None:
    assert [role for role in Role if opens_on_everyone(role)] == [Role.VIEWER]
    assert [role for role in Role if may_share_others(role)] == [Role.ADMIN]
