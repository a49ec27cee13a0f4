"""One-time login links to the dashboard and the browser sessions they open.

A link's token is redeemed in the same statement that checks it (unused, not expired), so two
clicks at once open one session. Tokens are random; only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.database import Database

LINK_LIFE = timedelta(minutes=10)
SESSION_LIFE = timedelta(hours=12)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class LoggedIn:
    user_id: int
    name: str
    language: str


class DashboardLogins:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def new_link(self, user: LoggedIn, now: datetime) -> str:
        """A token for one login by ``user`` within LINK_LIFE."""
        token = secrets.token_urlsafe(32)
        await self.database.execute_write(
            """INSERT INTO dashboard_logins (token_hash, user_id, name, language, expires_at)
               VALUES (?, ?, ?, ?, ?)""",
            (_hash(token), user.user_id, user.name, user.language, (now + LINK_LIFE).isoformat()),
        )
        return token

    async def redeem(self, token: str, now: datetime) -> tuple[str, LoggedIn] | None:
        """A session token for the link's user, once; None for a used, expired or unknown one."""
        session = secrets.token_urlsafe(32)

        def work(db: sqlite3.Connection) -> LoggedIn | None:
            row = db.execute(
                """UPDATE dashboard_logins SET used_at = ?
                   WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
                   RETURNING user_id, name, language""",
                (now.isoformat(), _hash(token), now.isoformat()),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                """INSERT INTO dashboard_sessions (token_hash, user_id, name, language, expires_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (_hash(session), row[0], row[1], row[2], (now + SESSION_LIFE).isoformat()),
            )
            db.execute("DELETE FROM dashboard_logins WHERE expires_at <= ?", (now.isoformat(),))
            db.execute("DELETE FROM dashboard_sessions WHERE expires_at <= ?", (now.isoformat(),))
            return LoggedIn(int(row[0]), str(row[1]), str(row[2]))

        found = await self.database.transaction(work)
        return None if found is None else (session, found)

    async def session(self, token: str, now: datetime) -> LoggedIn | None:
        async with self.database.connection.execute(
            """SELECT user_id, name, language FROM dashboard_sessions
               WHERE token_hash = ? AND expires_at > ?""",
            (_hash(token), now.isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else LoggedIn(int(row[0]), str(row[1]), str(row[2]))
