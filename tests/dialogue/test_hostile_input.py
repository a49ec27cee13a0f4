"""Hostile input: whatever a user types or whatever callback data arrives, nothing reaches the
error handler and every answer fits Telegram's limits."""

from __future__ import annotations

import logging

import pytest

from tests.support.chat import MANAGER, Chat


def failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the error handler (handlers/errors.py) logged: each is a traceback and an apology."""
    return [r for r in caplog.records if r.name == "handlers.errors"]


@pytest.mark.parametrize("spaces", [" ", "   ", "\t", "\u00a0\u2003", " \n "])
async def test_only_spaces_mid_form_get_the_question_again(
    chat: Chat, caplog: pytest.LogCaptureFixture, spaces: str
) -> None:
    await chat.say(MANAGER, "/invoice")
    answers = [a.text or "" for a in await chat.say(MANAGER, spaces)]
    assert not any("Что-то пошло не так" in a for a in answers)
    assert "сумм" in answers[-1].lower()  # the question again
    assert failures(caplog) == []
