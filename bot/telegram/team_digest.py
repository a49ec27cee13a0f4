"""The team's morning summary, rendered in each recipient's language and queued in the outbox
(once per recipient and day, whatever restarts come)."""

from __future__ import annotations

from bot.services import outbox_keys as keys
from bot.services.team_digest import TeamDay
from bot.telegram.outbox import Outbox
from bot.texts import texts_for
from bot.views.team import team_digest_text
from storage.people import PeopleRepository


class OutboxTeamDigests:
    def __init__(self, outbox: Outbox, people: PeopleRepository) -> None:
        self.outbox = outbox
        self.people = people

    async def send(self, recipient: int, summary: TeamDay) -> bool:
        texts = texts_for(await self.people.language(recipient))
        key = keys.team_digest(recipient, summary.day)
        return await self.outbox.put(key, recipient, (team_digest_text(summary, texts), None))
