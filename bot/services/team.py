"""The team's rules: who may change whose access, requests for access, and the copy of the
roles the access check reads (TeamAccess), kept in step with every change.

- ADMIN_IDS and MANAGER_IDS seed the table at every start, and their members cannot be changed
  or suspended from chat, so an admin in the settings can always get back in.
- No change leaves the team without an active admin: checked in the transaction that demotes
  or suspends, whoever the member is; nobody suspends themselves.
- One pending request per user; after a denial, a new request waits out ``cooldown``; at most
  ``requests_max`` pending in all, so strangers cannot bury the admins in cards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.services.access import Role, TeamAccess
from paykeeper.moscow import MSK
from storage.invoices import utcnow
from storage.notices import DayActivity, NoticeRepository
from storage.people import PeopleRepository
from storage.team import AccessRequest, AuditEntry, Member, TeamRepository
from storage.team_changes import Change

SEEN_EVERY = timedelta(minutes=5)  # last-seen times are written at most this often


class Refused(StrEnum):
    """Why a change of access was not made."""

    SEEDED = "seeded"  # listed in ADMIN_IDS/MANAGER_IDS
    LAST_ADMIN = "last_admin"
    SELF = "self"
    NOT_MEMBER = "not_member"
    UNCHANGED = "unchanged"


class RequestRefused(StrEnum):
    MEMBER = "member"
    SUSPENDED = "suspended"
    PENDING = "pending"
    COOLDOWN = "cooldown"
    FULL = "full"  # requests_max are pending: try later


@dataclass(frozen=True, slots=True)
class Requested:
    """A request made: ``cap_reached`` when it was the one that filled the pending requests up
    to the cap (admins are told once, instead of getting a card for each refused one)."""

    request: AccessRequest
    cap_reached: bool


@dataclass(frozen=True, slots=True)
class Decided:
    """What became of a request: ``now`` when this press decided it."""

    request: AccessRequest
    now: bool


class Team:
    def __init__(
        self,
        repository: TeamRepository,
        access: TeamAccess,
        notices: NoticeRepository,
        people: PeopleRepository,
        *,
        cooldown: timedelta = timedelta(hours=24),
        requests_max: int = 20,
    ) -> None:
        self.repository = repository
        self.access = access
        self.notices = notices
        self.people = people
        self.cooldown = cooldown
        self.requests_max = requests_max
        self._seen: dict[int, datetime] = {}

    async def start(self) -> None:
        """Seed the table from the settings and read it into the access check's copy."""
        await self.repository.seed(self.access.admin_ids, self.access.manager_ids)
        await self._reload()

    async def _reload(self) -> None:
        members = await self.repository.members()
        self.access.load((m.user_id, m.role, m.suspended) for m in members)

    async def members(self) -> list[Member]:
        return await self.repository.members()

    async def member(self, user_id: int) -> Member | None:
        return await self.repository.member(user_id)

    async def this_month(self) -> dict[int, DayActivity]:
        """Per manager: invoices issued, paid and expired since the 1st of this month, Moscow."""
        now = utcnow()
        start = now.astimezone(MSK).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        return await self.notices.activity(start, now + timedelta(seconds=1))

    async def language_of(self, user_id: int) -> str | None:
        return await self.people.language(user_id)

    async def name_of(self, user_id: int) -> str:
        return (await self.people.names({user_id})).get(user_id, str(user_id))

    async def audit(self, user_id: int) -> list[AuditEntry]:
        return await self.repository.audit(user_id)

    async def seen(self, user_id: int) -> None:
        """Remember when a member last used the bot, writing at most every SEEN_EVERY."""
        now = utcnow()
        last = self._seen.get(user_id)
        if last is not None and now - last < SEEN_EVERY:
            return
        self._seen[user_id] = now
        await self.repository.saw(user_id, now)

    # Changes from /team

    async def change_role(self, actor_id: int, user_id: int, role: Role) -> Refused | None:
        member = await self.repository.member(user_id)
        if member is None:
            return Refused.NOT_MEMBER
        if self.access.is_seeded(user_id):
            return Refused.SEEDED
        refused = _refused(await self.repository.set_role(actor_id, user_id, role))
        if refused is None:
            self.access.update(user_id, role, suspended=member.suspended)
        return refused

    async def suspend(self, actor_id: int, user_id: int) -> Refused | None:
        return await self._set_suspended(actor_id, user_id, suspended=True)

    async def restore(self, actor_id: int, user_id: int) -> Refused | None:
        return await self._set_suspended(actor_id, user_id, suspended=False)

    async def _set_suspended(
        self, actor_id: int, user_id: int, *, suspended: bool
    ) -> Refused | None:
        member = await self.repository.member(user_id)
        if member is None:
            return Refused.NOT_MEMBER
        if suspended and actor_id == user_id:
            return Refused.SELF
        if self.access.is_seeded(user_id):
            return Refused.SEEDED
        refused = _refused(await self.repository.set_suspended(actor_id, user_id, suspended))
        if refused is None:
            self.access.update(user_id, Role(member.role), suspended=suspended)
        return refused

    # Requests for access

    async def request_access(
        self, user_id: int, name: str, username: str | None, language: str | None
    ) -> Requested | RequestRefused:
        if self.access.is_suspended(user_id):
            return RequestRefused.SUSPENDED
        if self.access.may_use(user_id):
            return RequestRefused.MEMBER
        latest = await self.repository.latest_request(user_id)
        if latest is not None and latest.status == "pending":
            return RequestRefused.PENDING
        if (
            latest is not None
            and latest.status == "denied"
            and latest.decided_at is not None
            and utcnow() - latest.decided_at < self.cooldown
        ):
            return RequestRefused.COOLDOWN
        request, pending = await self.repository.add_request(
            user_id, name, username, language, most=self.requests_max
        )
        if request is None:
            return RequestRefused.FULL if pending >= self.requests_max else RequestRefused.PENDING
        return Requested(request, cap_reached=pending >= self.requests_max)

    async def may_ask_again_at(self, user_id: int) -> datetime | None:
        """When a user whose request was denied may ask again."""
        latest = await self.repository.latest_request(user_id)
        if latest is None or latest.status != "denied" or latest.decided_at is None:
            return None
        return latest.decided_at + self.cooldown

    async def decide(self, request_id: int, actor_id: int, role: Role | None) -> Decided | None:
        """Approve as ``role`` or deny (None). The first admin decides; a later press gets
        the request as it was decided. None: no such request."""
        now = await self.repository.decide(request_id, actor_id, role)
        request = await self.repository.request(request_id)
        if request is None:
            return None
        if now and role is not None:
            self.access.update(request.user_id, role, suspended=False)
        return Decided(request, now)

    async def request(self, request_id: int) -> AccessRequest | None:
        return await self.repository.request(request_id)

    async def add_card(self, subject: str, admin_id: int, message_id: int) -> None:
        await self.repository.add_card(subject, admin_id, message_id)

    async def cards(self, subject: str) -> list[tuple[int, int]]:
        return await self.repository.cards(subject)


_CHANGE_REFUSED = {Change.UNCHANGED: Refused.UNCHANGED, Change.LAST_ADMIN: Refused.LAST_ADMIN}


def _refused(change: Change) -> Refused | None:
    return _CHANGE_REFUSED.get(change)
