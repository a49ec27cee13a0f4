"""Who may use the bot, and as what: admins act on every invoice, managers on their own."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"


@dataclass(frozen=True, slots=True)
class TeamAccess:
    admin_ids: frozenset[int]
    manager_ids: frozenset[int]

    def role_of(self, user_id: int) -> Role | None:
        if user_id in self.admin_ids:
            return Role.ADMIN
        if user_id in self.manager_ids:
            return Role.MANAGER
        return None

    def may_use(self, user_id: int) -> bool:
        """Someone no longer on ADMIN_IDS/MANAGER_IDS must not learn about payments."""
        return self.role_of(user_id) is not None

    def sees_everyone(self, role: Role) -> bool:
        """Whose invoices a list, a search or a bulk run may show: an admin's, everyone's."""
        return role is Role.ADMIN
