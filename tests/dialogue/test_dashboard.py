"""/dashboard: a button that opens the Mini App at WEBAPP_URL (or the webhook's origin), the
chat's menu button set to it; without an address, a message saying what is missing."""

from __future__ import annotations

import pytest

from bot.keyboards.dashboard import LOGIN_LINK
from bot.settings import Settings
from tests.support.chat import ADMIN, ENGLISH_MANAGER, Chat


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "web_port": 8080,
            "paykeeper_secret": settings.paykeeper_secret.__class__("pk-secret-word"),
            "webapp_url": None,
            "webhook_url": None,
        }
    )


async def test_without_an_address_the_dashboard_is_not_offered(chat: Chat) -> None:
    [answer] = await chat.say(ADMIN, "/dashboard")
    assert "WEBAPP_URL" in (answer.text or "")
    assert not answer.buttons


@pytest.mark.parametrize(
    ("webapp", "webhook", "opened"),
    [
        ("https://dash.example.com/", None, "https://dash.example.com/app/"),
        (None, "https://bot.example.com:8443/hook", "https://bot.example.com:8443/app/"),
    ],
)
async def test_the_button_opens_the_mini_app(
    chat: Chat, webapp: str | None, webhook: str | None, opened: str
) -> None:
    updated = Settings.model_validate(
        {
            **chat.services.settings.model_dump(),
            "webapp_url": webapp,
            "webhook_url": webhook,
        }
    )
    chat.dispatcher["settings"] = updated
    [answer] = await chat.say(ENGLISH_MANAGER, "/dashboard")
    assert "Dashboard" in (answer.text or "")
    app, link = answer.buttons
    assert app["web_app"] == {"url": opened}
    assert link["callback_data"] == LOGIN_LINK
    [menu] = chat.answers("setChatMenuButton")
    assert menu["chat_id"] == ENGLISH_MANAGER.id
    assert menu["menu_button"] == {
        "type": "web_app",
        "text": "Dashboard",
        "web_app": {"url": opened},
    }
