"""Strangers cannot make the bot flood Telegram or bury the admins: one answer every few
minutes, and a cap on requests for access pending at once, with one message to the admins when
it is reached."""

from __future__ import annotations

import pytest

from bot.event_isolation import DroppingEventIsolation
from bot.keyboards.team import AccessCallback
from bot.settings import Settings
from tests.fakes.telegram import User
from tests.support.chat import ADMIN, STRANGER, Chat


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"access_requests_max": 2})


def bot_calls(chat: Chat, user: User) -> int:
    """What the bot sent towards ``user``: messages, alerts and inline answers."""
    return len(
        [
            call
            for call in chat.telegram.calls
            if call.params.get("chat_id") == user.id
            or call.method in ("answerCallbackQuery", "answerInlineQuery")
        ]
    )


async def test_a_flooding_stranger_gets_one_answer_and_the_rest_is_dropped(chat: Chat) -> None:
    [refusal] = await chat.say(STRANGER, "hello")
    assert str(STRANGER.id) in (refusal.text or "")
    answered = bot_calls(chat, STRANGER)
    for n in range(30):
        assert await chat.say(STRANGER, f"spam {n}") == []
        await chat.feed(chat.telegram.inline_query(STRANGER, f"spam {n}"))
        await chat.feed(chat.telegram.press(STRANGER, refusal, "inv:open:1", strict=False))
    assert bot_calls(chat, STRANGER) == answered

    # The button under the one answer still works, once.
    [sent] = await chat.press(STRANGER, refusal, AccessCallback().pack())
    assert "администраторам" in (sent.text or "")
    answered = bot_calls(chat, STRANGER)
    for _ in range(10):
        await chat.feed(chat.telegram.press(STRANGER, refusal, AccessCallback().pack()))
    assert bot_calls(chat, STRANGER) == answered

    chat.minutes_pass()
    [again] = await chat.say(STRANGER, "hello?")
    assert str(STRANGER.id) in (again.text or "")


async def test_many_strangers_leave_no_lock_behind(chat: Chat) -> None:
    for user_id in range(50_000, 50_100):
        await chat.say(User(id=user_id, first_name="x", language_code="ru"), "hi")
    isolation = chat.dispatcher.fsm.events_isolation
    assert isinstance(isolation, DroppingEventIsolation)
    assert isolation.keys_held() == 0


async def test_at_the_cap_admins_get_one_message_and_requests_are_turned_away(
    chat: Chat,
) -> None:
    strangers = [
        User(id=60_000 + n, first_name=f"Гость {n}", language_code="ru") for n in range(5)
    ]
    for stranger in strangers:
        [refusal] = await chat.say(stranger, "/start")
        await chat.press(stranger, refusal, AccessCallback().pack())
    to_admin = [m.text or "" for m in chat.telegram.chat_messages(ADMIN.id)]
    assert len([t for t in to_admin if "Запрос доступа" in t]) == 2
    assert len([t for t in to_admin if "это предел" in t]) == 1
    assert len(to_admin) == 3
    turned_away = [a["text"] for a in chat.answers() if "слишком много" in a.get("text", "")]
    assert len(turned_away) == 3
