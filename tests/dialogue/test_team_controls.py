"""The team's controls against the team's own members: no change from /team leaves the bot
without an active admin, even when admins press at once (real dispatcher, Bot API stand-in,
real SQLite)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.keyboards.team import TeamAction, TeamCallback
from bot.services.access import Role
from bot.settings import Settings
from tests.dialogue.test_team import SECOND_ADMIN
from tests.fakes.telegram import User
from tests.support.chat import ADMIN, MANAGER, Chat


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "admin_ids": frozenset({ADMIN.id, SECOND_ADMIN.id}),
            "manager_ids": frozenset({MANAGER.id}),
        }
    )


@pytest.fixture
async def admins_from_chat(chat: Chat) -> AsyncIterator[Chat]:
    """ADMIN and SECOND_ADMIN are admins, but no longer in ADMIN_IDS: changeable from chat."""
    await chat.say(ADMIN, "/help")  # the bot learns both names
    await chat.say(SECOND_ADMIN, "/help")
    settings = chat.services.settings.model_copy(update={"admin_ids": frozenset()})
    restarted = await chat.restarted(settings)
    yield restarted
    await restarted.services.close()


async def press_at_once(chat: Chat, *presses: tuple[User, TeamCallback]) -> None:
    [listing] = await chat.say(ADMIN, "/team")
    await asyncio.gather(
        *(
            chat.feed(chat.telegram.press(user, listing, data.pack(), strict=False))
            for user, data in presses
        )
    )


def active_admins(chat: Chat) -> list[int]:
    return chat.services.access.admins()


async def test_two_admins_demoting_each_other_at_once_leave_one(
    admins_from_chat: Chat,
) -> None:
    chat = admins_from_chat
    assert active_admins(chat) == [ADMIN.id, SECOND_ADMIN.id]
    await press_at_once(
        chat,
        (ADMIN, TeamCallback(action=TeamAction.ROLE, user=SECOND_ADMIN.id, role=Role.VIEWER)),
        (SECOND_ADMIN, TeamCallback(action=TeamAction.SUSPEND, user=ADMIN.id)),
    )
    assert len(active_admins(chat)) == 1
    alerts = [answer.get("text") for answer in chat.answers()]
    assert "Тогда не останется ни одного администратора: сначала назначьте другого" in alerts
    # The table says the same as the access check's copy.
    members = {m.user_id: m for m in await chat.services.team.members()}
    assert [
        uid for uid, m in members.items() if m.role == Role.ADMIN and not m.suspended
    ] == active_admins(chat)
