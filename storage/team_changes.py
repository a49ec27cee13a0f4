"""The transactions that change the team: seeding from settings, a role or a suspension set,
a request for access decided. Each writes its line of the audit in the same transaction, and
none leaves the team without an active admin."""

from __future__ import annotations

import sqlite3
from enum import StrEnum

from storage.roles import Role


class Change(StrEnum):
    """What became of a change of role or suspension."""

    DONE = "done"
    UNCHANGED = "unchanged"  # it was so already: nothing recorded
    LAST_ADMIN = "last_admin"  # it would leave no active admin: refused


def audit(
    connection: sqlite3.Connection,
    actor_id: int | None,
    user_id: int,
    action: str,
    role: Role | None,
    now: str,
) -> None:
    connection.execute(
        "INSERT INTO access_audit (actor_id, user_id, action, role, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (actor_id, user_id, action, role, now),
    )


def seed(
    connection: sqlite3.Connection, admins: frozenset[int], managers: frozenset[int], now: str
) -> None:
    """Settings win over chat for the ids they list; ids no longer listed lose the protection
    but keep the role they had."""
    wanted = dict.fromkeys(managers, Role.MANAGER) | dict.fromkeys(admins, Role.ADMIN)
    connection.execute("UPDATE team_members SET seeded = 0 WHERE seeded = 1")
    for user_id, role in wanted.items():
        row = connection.execute(
            "SELECT role, suspended FROM team_members WHERE user_id = ?", (user_id,)
        ).fetchone()
        if row is None:
            connection.execute(
                "INSERT INTO team_members (user_id, role, seeded, added_at, updated_at)"
                " VALUES (?, ?, 1, ?, ?)",
                (user_id, role, now, now),
            )
        else:
            connection.execute(
                "UPDATE team_members SET role = ?, suspended = 0, seeded = 1, updated_at = ?"
                " WHERE user_id = ?",
                (role, now, user_id),
            )
            if row[0] == role and not row[1]:
                continue
        audit(connection, None, user_id, "seeded", role, now)


def last_active_admin(connection: sqlite3.Connection, user_id: int) -> bool:
    """Whether ``user_id`` is an active (unsuspended) admin and no other is. Read in the
    transaction that would demote or suspend them, so two such changes at once cannot both
    pass it (each would see the other admin still there if it were read before)."""
    row = connection.execute(
        "SELECT count(*), sum(user_id = ?) FROM team_members"
        " WHERE role = 'admin' AND suspended = 0",
        (user_id,),
    ).fetchone()
    return bool(row[1]) and int(row[0]) == 1


def set_role(
    connection: sqlite3.Connection, actor_id: int, user_id: int, role: Role, now: str
) -> Change:
    """Grant or change a role, unless it leaves no active admin."""
    row = connection.execute(
        "SELECT role FROM team_members WHERE user_id = ?", (user_id,)
    ).fetchone()
    if row is None:
        connection.execute(
            "INSERT INTO team_members (user_id, role, added_at, updated_at) VALUES (?, ?, ?, ?)",
            (user_id, role, now, now),
        )
        audit(connection, actor_id, user_id, "granted", role, now)
        return Change.DONE
    if row[0] == role:
        return Change.UNCHANGED
    if role is not Role.ADMIN and last_active_admin(connection, user_id):
        return Change.LAST_ADMIN
    connection.execute(
        "UPDATE team_members SET role = ?, updated_at = ? WHERE user_id = ?",
        (role, now, user_id),
    )
    audit(connection, actor_id, user_id, "role", role, now)
    return Change.DONE


def set_suspended(
    connection: sqlite3.Connection, actor_id: int, user_id: int, suspended: bool, now: str
) -> Change:
    if suspended and last_active_admin(connection, user_id):
        return Change.LAST_ADMIN
    changed = connection.execute(
        "UPDATE team_members SET suspended = ?, updated_at = ?"
        " WHERE user_id = ? AND suspended != ?",
        (int(suspended), now, user_id, int(suspended)),
    ).rowcount
    if not changed:
        return Change.UNCHANGED
    action = "suspended" if suspended else "restored"
    audit(connection, actor_id, user_id, action, None, now)
    return Change.DONE


def decide(
    connection: sqlite3.Connection,
    request_id: int,
    actor_id: int,
    role: Role | None,
    now: str,
) -> bool:
    """Approve (with ``role``) or deny (``None``) a pending request: only the first decides."""
    row = connection.execute(
        "SELECT user_id FROM access_requests WHERE id = ? AND status = 'pending'", (request_id,)
    ).fetchone()
    if row is None:
        return False
    status = "approved" if role is not None else "denied"
    connection.execute(
        "UPDATE access_requests SET status = ?, role = ?, decided_by = ?, decided_at = ?"
        " WHERE id = ?",
        (status, role, actor_id, now, request_id),
    )
    user_id = int(row[0])
    if role is None:
        audit(connection, actor_id, user_id, "denied", None, now)
    else:  # a role granted meanwhile through /team is kept as it is if the same
        set_role(connection, actor_id, user_id, role, now)
    return True
