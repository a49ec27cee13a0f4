"""Settings: names, defaults, and one clear line per bad value."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings, describe_errors


def load(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_defaults_point_at_the_demo_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAYKEEPER_URL", raising=False)
    settings = load(bot_token="123:abc")
    assert settings.demo_mode
    assert settings.paykeeper_base_url == "https://demo.paykeeper.ru"
    assert settings.paykeeper_user == "demo"
    assert settings.database_path == Path("data/invoices.db")
    assert settings.admin_ids == frozenset()


def test_ids_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("ADMIN_IDS", " 1, 2 ,3,")
    monkeypatch.setenv("MANAGER_IDS", "42")
    settings = Settings(_env_file=None)
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.manager_ids == frozenset({42})


def test_env_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BOT_TOKEN", "PAYKEEPER_URL", "MANAGER_IDS"):
        monkeypatch.delenv(name, raising=False)
    env = tmp_path / ".env"
    env.write_text(
        "BOT_TOKEN=5:xyz\nPAYKEEPER_URL=https://shop.server.paykeeper.ru/\nMANAGER_IDS=7,8\n",
        encoding="utf-8",
    )
    settings = Settings(_env_file=env)
    assert settings.bot_token.get_secret_value() == "5:xyz"
    assert not settings.demo_mode
    assert settings.paykeeper_base_url == "https://shop.server.paykeeper.ru"
    assert settings.manager_ids == frozenset({7, 8})


@pytest.mark.parametrize(
    ("values", "line"),
    [
        ({}, "Setting BOT_TOKEN: is required but not set"),
        ({"bot_token": "nocolon"}, "Setting BOT_TOKEN: expected the token from @BotFather"),
        ({"admin_ids": "1,x"}, "Setting ADMIN_IDS: expected comma-separated Telegram user ids"),
        ({"paykeeper_url": "not a url"}, "Setting PAYKEEPER_URL:"),
        ({"max_amount": "0"}, "Setting MAX_AMOUNT:"),
        ({"web_port": "99999"}, "Setting WEB_PORT:"),
    ],
)
def test_bad_settings_are_named_in_one_line(
    values: dict[str, object], line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    values = {"bot_token": "1:a", **values} if "bot_token" not in values and values else values
    with pytest.raises(ValidationError) as caught:
        load(**values)
    lines = describe_errors(caught.value)
    assert any(item.startswith(line) for item in lines), lines


def test_secret_values_are_not_in_error_lines() -> None:
    with pytest.raises(ValidationError) as caught:
        load(bot_token="secret-token-without-colon")
    assert "secret-token" not in "\n".join(describe_errors(caught.value))
    assert "secret-token" not in repr(load(bot_token="1:secret-token"))


def test_env_example_loads_once_the_token_is_filled_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    example = (Path(__file__).parents[2] / ".env.example").read_text(encoding="utf-8")
    env = tmp_path / ".env"
    env.write_text(example, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=env)
    assert describe_errors(caught.value) == ["Setting BOT_TOKEN: is required but not set"]

    env.write_text(example.replace("BOT_TOKEN=\n", "BOT_TOKEN=1:abc\n"), encoding="utf-8")
    settings = Settings(_env_file=env)
    assert settings.web_port is None
    assert settings.demo_mode
    assert settings.default_service_name == "Оплата услуг"


def test_secrets_to_redact() -> None:
    demo = load(bot_token="1:token-value")
    assert demo.secrets() == ["1:token-value"]  # "demo" is public, and a common word
    real = load(
        bot_token="1:token-value",
        paykeeper_url="https://shop.server.paykeeper.ru",
        paykeeper_password="pk-pass",
        paykeeper_secret="word-s3cret",
    )
    assert sorted(real.secrets()) == ["1:token-value", "pk-pass", "word-s3cret"]
