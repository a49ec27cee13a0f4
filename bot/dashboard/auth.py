"""Who is asking: a Mini App's ``initData`` checked as Telegram specifies, then the role from
the team, read exactly as chat reads it (TeamAccess).

Telegram signs initData with HMAC-SHA256 under a key derived from the bot token
(https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app): the key is
HMAC_SHA256(key="WebAppData", msg=token), the hash HMAC_SHA256 of every other field as sorted
``key=value`` lines, compared in constant time. (Written out here rather than taken from
aiogram, so this package stays free of the Telegram framework; a test checks it against
aiogram's.) One value per field (a repeated one is refused rather than guessed), ``auth_date``
no older than a day, and the user's role now."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import parse_qsl

from bot.services.access import Role, TeamAccess
from bot.texts import language_for

MAX_AGE = timedelta(days=1)
MAX_INIT_DATA = 4096  # Telegram's are well under 1 KB


class Refused(StrEnum):
    """Why a request is not served: the first two are 401, the last 403."""

    FORGED = "forged"  # no signature, a wrong one, or another bot's
    EXPIRED = "expired"  # signed more than MAX_AGE ago
    NO_ACCESS = "no_access"  # a stranger or a suspended member


STATUS = {Refused.FORGED: 401, Refused.EXPIRED: 401, Refused.NO_ACCESS: 403}


@dataclass(frozen=True, slots=True)
class Viewer:
    """A signed-in user of the dashboard."""

    user_id: int
    name: str
    language: str  # "ru" or "en"
    role: Role


class DashboardAuth:
    def __init__(self, bot_token: str, access: TeamAccess, *, max_age: timedelta = MAX_AGE):
        self._token = bot_token
        self.access = access
        self.max_age = max_age

    def check(self, init_data: str, now: datetime | None = None) -> Viewer | Refused:
        """The viewer ``init_data`` names, or why not; never raises on what a client sent."""
        if not init_data or len(init_data) > MAX_INIT_DATA:
            return Refused.FORGED
        try:
            pairs = parse_qsl(init_data, strict_parsing=True)
        except ValueError:
            return Refused.FORGED
        fields = dict(pairs)
        if len(fields) != len(pairs) or not self.signed(fields):
            return Refused.FORGED
        signed_at = _auth_date(fields.get("auth_date", ""))
        if signed_at is None:
            return Refused.FORGED
        if (now or datetime.now(UTC)) - signed_at > self.max_age:
            return Refused.EXPIRED
        user = _user(fields.get("user", ""))
        if user is None:
            return Refused.FORGED
        user_id, name, language = user
        return self.viewer(user_id, name, language)

    def signed(self, fields: dict[str, str]) -> bool:
        given = fields.get("hash", "")
        # compare_digest takes ASCII text only; a hash is hex.
        return given.isascii() and hmac.compare_digest(sign(self._token, fields), given)

    def viewer(self, user_id: int, name: str, language: str) -> Viewer | Refused:
        """The role now: what a session cookie asks on every request too."""
        role = self.access.role_of(user_id)
        if role is None:
            return Refused.NO_ACCESS
        return Viewer(user_id, name, language, role)


def sign(token: str, fields: dict[str, str]) -> str:
    """The hex ``hash`` Telegram puts beside ``fields`` (any ``hash`` among them is left out)."""
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()) if key != "hash")
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()


def _auth_date(text: str) -> datetime | None:
    if not text.isdigit() or len(text) > 12:
        return None
    return datetime.fromtimestamp(int(text), UTC)


def _user(text: str) -> tuple[int, str, str] | None:
    try:
        user = json.loads(text)
    except ValueError:
        return None
    if not isinstance(user, dict) or not isinstance(user.get("id"), int):
        return None
    name = " ".join(
        str(user[key]) for key in ("first_name", "last_name") if isinstance(user.get(key), str)
    )
    language = language_for(str(user.get("language_code") or ""))
    return user["id"], name.strip() or str(user["id"]), language
