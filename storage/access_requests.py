"""A new request for access, under the cap on pending ones: the count and the insert are one
transaction, so requests arriving together cannot get past the cap."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Added:
    request_id: int | None  # None: not added (the user has one pending, or the cap is reached)
    pending: int  # requests pending after this attempt


def add_capped(
    connection: sqlite3.Connection,
    *,
    user_id: int,
    name: str,
    username: str | None,
    language: str | None,
    now: str,
    most: int,
) -> Added:
    (pending,) = connection.execute(
        "SELECT count(*) FROM access_requests WHERE status = 'pending'"
    ).fetchone()
    if pending >= most:
        return Added(None, pending)
    try:
        cursor = connection.execute(
            "INSERT INTO access_requests (user_id, name, username, language, requested_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (user_id, name, username, language, now),
        )
    except sqlite3.IntegrityError:  # one pending per user (a unique index)
        return Added(None, pending)
    return Added(cursor.lastrowid, pending + 1)
