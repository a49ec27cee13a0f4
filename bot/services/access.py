"""Who may use the bot, and as what: admins act on every invoice, managers on their own,
viewers see every invoice and change nothing.

The roles live in SQLite (storage/team.py, changed through bot/services/team.py); this is their
copy in memory, asked on every update, so the access check costs no query. ``ADMIN_IDS`` and
``MANAGER_IDS`` are known before the table is read, so the copy is never emptier than them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Handlers and services name roles through the access rules; the team table stores the same.
from storage.roles import Role as Role


class TeamAccess:
    def __init__(
        self, admin_ids: frozenset[int] = frozenset(), manager_ids: frozenset[int] = frozenset()
    ) -> None:
        self.admin_ids = admin_ids
        self.manager_ids = manager_ids
        self._roles: dict[int, Role] = dict.fromkeys(manager_ids, Role.MANAGER)
        self._roles.update(dict.fromkeys(admin_ids, Role.ADMIN))
        self._suspended: set[int] = set()

    def load(self, members: Iterable[tuple[int, str, bool]]) -> None:
        """Replace the copy with the table's (user id, role, suspended) rows."""
        roles: dict[int, Role] = {}
        suspended: set[int] = set()
        for user_id, role, is_suspended in members:
            roles[user_id] = Role(role)
            if is_suspended:
                suspended.add(user_id)
        self._roles, self._suspended = roles, suspended

    def update(self, user_id: int, role: Role, *, suspended: bool) -> None:
        self._roles[user_id] = role
        if suspended:
            self._suspended.add(user_id)
        else:
            self._suspended.discard(user_id)

    def role_of(self, user_id: int) -> Role | None:
        """The role that may act now: None for strangers and suspended members."""
        if user_id in self._suspended:
            return None
        return self._roles.get(user_id)

    def may_issue(self, user_id: int) -> bool:
        """Whether invoices may be issued in this member's name now: an admin or a manager,
        not suspended. What a bulk run, an approval and their resume at start ask."""
        role = self.role_of(user_id)
        return role is not None and may_change(role)

    def is_suspended(self, user_id: int) -> bool:
        return user_id in self._suspended

    def may_use(self, user_id: int) -> bool:
        """Someone without access (or suspended) must not learn about payments."""
        return self.role_of(user_id) is not None

    def is_seeded(self, user_id: int) -> bool:
        """Listed in ADMIN_IDS or MANAGER_IDS: not to be changed or removed from chat."""
        return user_id in self.admin_ids or user_id in self.manager_ids

    def with_role(self, *roles: Role) -> list[int]:
        """Members with one of ``roles`` who may act now, in a stable order."""
        return sorted(
            user_id
            for user_id, role in self._roles.items()
            if role in roles and user_id not in self._suspended
        )

    def admins(self) -> list[int]:
        """Admins who may act now, in a stable order."""
        return self.with_role(Role.ADMIN)


def sees_everyone(role: Role) -> bool:
    """Whose invoices a list, a search or a card may show: an admin's or a viewer's, everyone's;
    a manager's, their own."""
    return role is not Role.MANAGER


def may_change(role: Role) -> bool:
    """Whether the role issues or changes invoices: viewers only look."""
    return role is not Role.VIEWER


def opens_on_everyone(role: Role) -> bool:
    """Whether /invoices starts on everyone's invoices: a viewer's own list would be empty."""
    return role is Role.VIEWER


def may_share_others(role: Role) -> bool:
    """Whether inline mode offers another manager's invoice (an admin's "share" on its card)."""
    return role is Role.ADMIN


@dataclass(frozen=True, slots=True)
class ListScope:
    everyone: bool  # a team list (admins, viewers), not the user's own invoices
    manager_id: int | None  # whose invoices: None for the whole team's

    @property
    def picked(self) -> int:
        """The one manager picked within a team list (0: none)."""
        return self.manager_id or 0 if self.everyone else 0


def list_scope(role: Role, user_id: int, *, everyone: bool, manager: int) -> ListScope:
    """Whose invoices a list shows, whatever a button asked for: a manager sees their own
    (a forged "everyone" or manager id is ignored); admins and viewers everyone's, or one
    manager's."""
    if everyone and sees_everyone(role):
        return ListScope(everyone=True, manager_id=manager or None)
    return ListScope(everyone=False, manager_id=user_id)
