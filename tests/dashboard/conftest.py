"""The dashboard's tests run the bot's HTTP server: the shared settings plus WEB_PORT (the
server is started on a free port by tests/support/dashboard.py) and a public address."""

from __future__ import annotations

import pytest
from pydantic import AnyHttpUrl

from bot.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "web_port": 8080,  # only so the server is built; it listens on a free port
            "paykeeper_secret": settings.paykeeper_secret.__class__("pk-secret-word"),
            "webapp_url": AnyHttpUrl("https://dash.example.com"),
        }
    )
