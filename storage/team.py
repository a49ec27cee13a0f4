"""The team in SQLite: members and their roles, the audit of every access change, and requests
for access. Knows nothing of Telegram; the rules (who may change what) are in
bot/services/team.py."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from storage import team_changes as changes
from storage.access_requests import add_capped
from storage.database import Database
from storage.invoices import utcnow
from storage.roles import Role
from storage.team_changes import Change


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    role: Role
    suspended: bool
    seeded: bool  # listed in ADMIN_IDS or MANAGER_IDS
    last_seen_at: datetime | None
    name: str | None  # as the people table remembers it


@dataclass(frozen=True, slots=True)
class AuditEntry:
    actor_id: int | None  # None: the settings, at start
    actor_name: str | None
    user_id: int
    action: str
    role: Role | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AccessRequest:
    id: int
    user_id: int
    name: str
    username: str | None
    language: str | None
    status: str  # pending, approved, denied
    role: Role | None
    decided_by: int | None
    requested_at: datetime
    decided_at: datetime | None


_MEMBER_COLUMNS = """m.user_id, m.role, m.suspended, m.seeded, m.last_seen_at, p.name"""


def _member(row: sqlite3.Row | tuple[object, ...]) -> Member:
    seen = row[4]
    return Member(
        user_id=int(str(row[0])),
        role=Role(str(row[1])),
        suspended=bool(row[2]),
        seeded=bool(row[3]),
        last_seen_at=datetime.fromisoformat(str(seen)) if seen else None,
        name=str(row[5]) if row[5] is not None else None,
    )


def _request(row: sqlite3.Row | tuple[object, ...]) -> AccessRequest:
    return AccessRequest(
        id=int(str(row[0])),
        user_id=int(str(row[1])),
        name=str(row[2]),
        username=str(row[3]) if row[3] is not None else None,
        language=str(row[4]) if row[4] is not None else None,
        status=str(row[5]),
        role=Role(str(row[6])) if row[6] is not None else None,
        decided_by=int(str(row[7])) if row[7] is not None else None,
        requested_at=datetime.fromisoformat(str(row[8])),
        decided_at=datetime.fromisoformat(str(row[9])) if row[9] else None,
    )


_REQUEST_COLUMNS = (
    "id, user_id, name, username, language, status, role, decided_by, requested_at, decided_at"
)


class TeamRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def seed(self, admins: frozenset[int], managers: frozenset[int]) -> None:
        await self.database.transaction(
            partial(changes.seed, admins=admins, managers=managers, now=utcnow().isoformat())
        )

    async def members(self) -> list[Member]:
        sql = (
            f"SELECT {_MEMBER_COLUMNS} FROM team_members m"  # noqa: S608
            " LEFT JOIN people p ON p.user_id = m.user_id ORDER BY m.role, m.user_id"
        )
        async with self.database.connection.execute(sql) as cursor:
            return [_member(row) for row in await cursor.fetchall()]

    async def member(self, user_id: int) -> Member | None:
        sql = (
            f"SELECT {_MEMBER_COLUMNS} FROM team_members m"  # noqa: S608
            " LEFT JOIN people p ON p.user_id = m.user_id WHERE m.user_id = ?"
        )
        async with self.database.connection.execute(sql, (user_id,)) as cursor:
            row = await cursor.fetchone()
        return _member(row) if row is not None else None

    async def set_role(self, actor_id: int, user_id: int, role: Role) -> Change:
        return await self.database.transaction(
            partial(changes.set_role, actor_id=actor_id, user_id=user_id, role=role, now=_now())
        )

    async def set_suspended(self, actor_id: int, user_id: int, suspended: bool) -> Change:
        return await self.database.transaction(
            partial(
                changes.set_suspended,
                actor_id=actor_id,
                user_id=user_id,
                suspended=suspended,
                now=_now(),
            )
        )

    async def saw(self, user_id: int, at: datetime) -> None:
        await self.database.execute_write(
            "UPDATE team_members SET last_seen_at = ? WHERE user_id = ?",
            (at.isoformat(), user_id),
        )

    async def audit(self, user_id: int, limit: int = 20) -> list[AuditEntry]:
        """The latest changes to ``user_id``'s access, newest first."""
        async with self.database.connection.execute(
            """SELECT a.actor_id, p.name, a.user_id, a.action, a.role, a.created_at
               FROM access_audit a LEFT JOIN people p ON p.user_id = a.actor_id
               WHERE a.user_id = ? ORDER BY a.id DESC LIMIT ?""",
            (user_id, limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            AuditEntry(
                actor_id=int(row[0]) if row[0] is not None else None,
                actor_name=str(row[1]) if row[1] is not None else None,
                user_id=int(row[2]),
                action=str(row[3]),
                role=Role(row[4]) if row[4] is not None else None,
                created_at=datetime.fromisoformat(str(row[5])),
            )
            for row in rows
        ]

    # Requests for access

    async def add_request(
        self, user_id: int, name: str, username: str | None, language: str | None, *, most: int
    ) -> tuple[AccessRequest | None, int]:
        """A new pending request (None when this user already has one pending, or ``most``
        are pending), and how many are pending after it."""
        added = await self.database.transaction(
            partial(
                add_capped,
                user_id=user_id,
                name=name,
                username=username,
                language=language,
                now=_now(),
                most=most,
            )
        )
        if added.request_id is None:
            return None, added.pending
        return await self.request(added.request_id), added.pending

    async def request(self, request_id: int) -> AccessRequest | None:
        sql = f"SELECT {_REQUEST_COLUMNS} FROM access_requests WHERE id = ?"  # noqa: S608
        async with self.database.connection.execute(sql, (request_id,)) as cursor:
            row = await cursor.fetchone()
        return _request(row) if row is not None else None

    async def latest_request(self, user_id: int) -> AccessRequest | None:
        sql = (
            f"SELECT {_REQUEST_COLUMNS} FROM access_requests"  # noqa: S608
            " WHERE user_id = ? ORDER BY id DESC LIMIT 1"
        )
        async with self.database.connection.execute(sql, (user_id,)) as cursor:
            row = await cursor.fetchone()
        return _request(row) if row is not None else None

    async def decide(self, request_id: int, actor_id: int, role: Role | None) -> bool:
        return await self.database.transaction(
            partial(
                changes.decide, request_id=request_id, actor_id=actor_id, role=role, now=_now()
            )
        )

    # The admins' cards of a request or an approval

    async def add_card(self, subject: str, admin_id: int, message_id: int) -> None:
        await self.database.execute_write(
            "INSERT OR REPLACE INTO team_cards (subject, admin_id, message_id) VALUES (?, ?, ?)",
            (subject, admin_id, message_id),
        )

    async def cards(self, subject: str) -> list[tuple[int, int]]:
        """(admin id, message id) of every card showing ``subject``."""
        async with self.database.connection.execute(
            "SELECT admin_id, message_id FROM team_cards WHERE subject = ?", (subject,)
        ) as cursor:
            return [(int(row[0]), int(row[1])) for row in await cursor.fetchall()]

    async def subject_of(self, admin_id: int, message_id: int) -> str | None:
        """What the admin's message ``message_id`` shows, if it is one of these cards."""
        async with self.database.connection.execute(
            "SELECT subject FROM team_cards WHERE admin_id = ? AND message_id = ?",
            (admin_id, message_id),
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row is not None else None


def _now() -> str:
    return utcnow().isoformat()
