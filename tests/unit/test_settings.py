"""Settings: names, defaults, and one clear line per bad value."""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.setting_paths import database_path_problem
from bot.settings import Settings, describe_errors, env_file_note


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
        ({"bot_token": "12:a b"}, "Setting BOT_TOKEN: expected the token from @BotFather"),
        ({"bot_token": '"12:abc"'}, "Setting BOT_TOKEN: expected the token from @BotFather"),
        (
            {"telegram_api_url": "api.telegram.org"},
            "Setting TELEGRAM_API_URL: expected an http(s) URL, e.g. https://api.telegram.org",
        ),
        ({"paykeeper_url": "not a url"}, "Setting PAYKEEPER_URL: expected an https:// URL"),
        ({"paykeeper_url": "ftp://x.ru"}, "Setting PAYKEEPER_URL: expected an https:// URL"),
        ({"paykeeper_timeout": "0"}, "Setting PAYKEEPER_TIMEOUT: expected a number of seconds"),
        ({"paykeeper_timeout": "ten"}, "Setting PAYKEEPER_TIMEOUT: expected a number of seconds"),
        ({"paykeeper_timeout": "inf"}, "Setting PAYKEEPER_TIMEOUT: expected a number of seconds"),
        (
            {"paykeeper_connect_timeout": "-1"},
            "Setting PAYKEEPER_CONNECT_TIMEOUT: expected a number of seconds greater than 0",
        ),
        ({"admin_ids": "1,x"}, "Setting ADMIN_IDS: expected comma-separated Telegram user ids"),
        ({"manager_ids": "1 2"}, "Setting MANAGER_IDS: expected comma-separated Telegram user"),
        ({"manager_ids": "-5"}, "Setting MANAGER_IDS: expected comma-separated Telegram user"),
        ({"max_amount": "0"}, "Setting MAX_AMOUNT: expected an amount in roubles greater than 0"),
        ({"max_amount": "1 000"}, "Setting MAX_AMOUNT: expected an amount in roubles"),
        ({"max_amount": "NaN"}, "Setting MAX_AMOUNT: expected an amount in roubles"),
        (
            {"default_service_name": "x" * 129},
            "Setting DEFAULT_SERVICE_NAME: expected text of 1 to 128 characters",
        ),
        (
            {"log_level": "verbose"},
            "Setting LOG_LEVEL: expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
        ),
        ({"shutdown_timeout": "-1"}, "Setting SHUTDOWN_TIMEOUT: expected a number of seconds"),
        ({"web_port": "99999"}, "Setting WEB_PORT: expected a TCP port from 1 to 65535"),
        ({"web_port": "http"}, "Setting WEB_PORT: expected a TCP port from 1 to 65535"),
        (
            {"web_port": "8080"},
            "Setting PAYKEEPER_SECRET: is required when WEB_PORT is set",
        ),
        (
            {"notify_path": "paykeeper/notify"},
            "Setting NOTIFY_PATH: expected a URL path starting with /",
        ),
        (
            {"reconcile_interval": "0"},
            "Setting RECONCILE_INTERVAL: expected a number of seconds greater than 0",
        ),
        ({"digest_enabled": "maybe"}, "Setting DIGEST_ENABLED: expected true or false"),
        (
            {"digest_time": "9:00"},
            "Setting DIGEST_TIME: expected HH:MM (24-hour, Moscow time), e.g. 09:00",
        ),
        ({"bulk_max_rows": "0"}, "Setting BULK_MAX_ROWS: expected a whole number, 1 or more"),
        ({"bulk_max_rows": "1.5"}, "Setting BULK_MAX_ROWS: expected a whole number"),
        ({"bulk_max_bytes": "2M"}, "Setting BULK_MAX_BYTES: expected a whole number of bytes"),
        ({"bulk_concurrency": "65"}, "Setting BULK_CONCURRENCY: expected a whole number from 1"),
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
    assert len(lines) == 1, lines
    assert lines[0].startswith(line), lines


def test_no_line_repeats_the_value_given() -> None:
    """Each malformed setting is one line saying what is expected; what was given (a secret,
    perhaps) is never repeated."""
    free_text = {"paykeeper_user", "paykeeper_password", "paykeeper_secret", "web_host"}
    free_text |= {"default_service_name", "metrics_token"}
    bad = {name: "Zq7-given" for name in Settings.model_fields if name not in free_text}
    bad["database_path"] = "/dev/null/Zq7-given.db"
    bad["backup_dir"] = "/dev/null/Zq7-given"
    bad["webhook_secret"] = "Zq7 given"
    with pytest.raises(ValidationError) as caught:
        load(**bad)
    lines = describe_errors(caught.value)
    named = [line.split(":", 1)[0].removeprefix("Setting ").lower() for line in lines]
    assert sorted(named) == sorted(bad)  # one line each
    assert not [line for line in lines if "Zq7-given" in line]


def test_every_setting_says_what_it_expects() -> None:
    """A new setting with a constraint but no description would fall back to pydantic's words;
    the free-text ones (and those with their own validator) need none."""
    free = {"bot_token", "paykeeper_user", "paykeeper_password", "paykeeper_secret"}
    free |= {"admin_ids", "manager_ids", "web_host", "webhook_secret", "metrics_token"}
    missing = [
        name
        for name, field in Settings.model_fields.items()
        if name not in free and not field.description
    ]
    assert missing == []


def test_every_setting_is_in_env_example() -> None:
    example = (Path(__file__).parents[2] / ".env.example").read_text(encoding="utf-8")
    names = {line.split("=", 1)[0] for line in example.splitlines() if "=" in line}
    assert {name.upper() for name in Settings.model_fields} <= names


@pytest.mark.parametrize("given", ["debug", "Info", " WARNING ", "error", "CRITICAL"])
def test_log_level_is_any_case(given: str) -> None:
    assert load(bot_token="1:a", log_level=given).log_level == given.strip().upper()


@pytest.mark.parametrize(
    ("given", "expected"),
    [("09:00", time(9, 0)), ("00:00", time(0, 0)), ("23:59", time(23, 59)), (" 7:30 ", None)],
)
def test_digest_time_is_hh_mm(given: str, expected: time | None) -> None:
    if expected is None:
        with pytest.raises(ValidationError):
            load(bot_token="1:a", digest_time=given)
    else:
        assert load(bot_token="1:a", digest_time=given).digest_time == expected


@pytest.mark.parametrize(
    "given", ["9:00", "24:00", "09:60", "0900", "09:00:00", "09:00+03:00", "32400", 32400, ""]
)
def test_digest_time_refuses_anything_but_hh_mm(given: object) -> None:
    with pytest.raises(ValidationError) as caught:
        load(bot_token="1:a", digest_time=given)
    assert describe_errors(caught.value) == [
        "Setting DIGEST_TIME: expected HH:MM (24-hour, Moscow time), e.g. 09:00"
    ]


def test_database_path_checks_create_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "invoices.db"
    assert load(bot_token="1:a", database_path=path).database_path == path
    assert list(tmp_path.iterdir()) == []
    assert database_path_problem(Path(":memory:")) is None


def test_database_path_that_is_a_folder(tmp_path: Path) -> None:
    assert database_path_problem(tmp_path) == (
        f"expected a file in a folder the bot can create and write; {tmp_path} is a folder"
    )


def test_database_path_below_a_file(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("", encoding="utf-8")
    assert database_path_problem(tmp_path / "data" / "db" / "invoices.db") == (
        "expected a file in a folder the bot can create and write; "
        f"{tmp_path / 'data'} is a file, so the folder {tmp_path / 'data' / 'db'} "
        "cannot be created"
    )


def test_database_path_of_some_other_file(tmp_path: Path) -> None:
    database = tmp_path / "invoices.db"
    database.write_bytes(b"SQLite format 3\x00" + bytes(100))
    assert database_path_problem(database) is None
    database.write_bytes(b"")
    assert database_path_problem(database) is None  # SQLite makes an empty file a database
    database.write_bytes(b"id;amount\n")
    assert database_path_problem(database) == (
        f"expected an SQLite database or a new file; {database} is some other file"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_database_path_in_a_folder_the_bot_may_not_write(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        assert database_path_problem(locked / "invoices.db") == (
            "expected a file in a folder the bot can create and write; "
            f"the folder {locked} is not writable"
        )
        assert database_path_problem(locked / "db" / "invoices.db") == (
            "expected a file in a folder the bot can create and write; "
            f"{locked} is not writable, so {locked / 'db'} cannot be created"
        )
    finally:
        locked.chmod(0o700)


def test_env_file_note_says_where_and_whether_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert env_file_note() == (
        f"Settings are read from the environment and from {tmp_path / '.env'} (not found); "
        "see .env.example"
    )
    (tmp_path / ".env").write_text("BOT_TOKEN=1:a\n", encoding="utf-8")
    assert f"{tmp_path / '.env'} (found)" in env_file_note()


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


# --- Webhook, logs, metrics, backups (issue 11) ---------------------------------------------


def test_operations_defaults_are_polling_text_logs_and_nightly_backups() -> None:
    settings = load(bot_token="1:a")
    assert settings.webhook_url is None
    assert settings.log_format == "text"
    assert settings.backup_folder == Path("data/backups")
    assert (settings.backup_keep, settings.backup_time) == (14, time(3, 0))


def test_a_webhook_is_served_on_web_port() -> None:
    settings = load(
        bot_token="1:a",
        web_port="8080",
        paykeeper_secret="word",
        webhook_url="https://bot.example.com",
        webhook_secret="Abc_123-xyz",
        log_format=" JSON ",
    )
    assert str(settings.webhook_url) == "https://bot.example.com/"
    assert settings.webhook_path == "/telegram/webhook"
    assert settings.log_format == "json"
    assert "Abc_123-xyz" in settings.secrets()


@pytest.mark.parametrize(
    ("values", "line"),
    [
        (
            {"webhook_url": "https://bot.example.com"},
            "Setting WEBHOOK_URL: needs WEB_PORT too",
        ),
        (
            {"webhook_url": "http://bot.example.com", "web_port": "8080"},
            "Setting WEBHOOK_URL: expected an https:// address",
        ),
        ({"webhook_url": "bot.example.com", "web_port": "8080"}, "Setting WEBHOOK_URL: expected"),
        ({"webhook_path": "/metrics"}, "Setting WEBHOOK_PATH: expected a URL path"),
        ({"webhook_path": "/paykeeper/notify"}, "Setting WEBHOOK_PATH: expected a URL path"),
        ({"webhook_path": "/app/hook"}, "Setting WEBHOOK_PATH: expected a URL path"),
        ({"notify_path": "/app/api/notify"}, "Setting NOTIFY_PATH: expected a URL path"),
        ({"webapp_url": "http://dash.example.com"}, "Setting WEBAPP_URL: expected an https://"),
        ({"webhook_secret": "with space"}, "Setting WEBHOOK_SECRET: expected 1 to 256"),
        ({"webhook_secret": "x" * 257}, "Setting WEBHOOK_SECRET: expected 1 to 256"),
        ({"log_format": "xml"}, "Setting LOG_FORMAT: expected text or json"),
        ({"backup_keep": "-1"}, "Setting BACKUP_KEEP: expected a whole number"),
        ({"backup_time": "3:00"}, "Setting BACKUP_TIME: expected HH:MM"),
    ],
)
def test_bad_operations_settings_are_one_line(values: dict[str, object], line: str) -> None:
    values = {"bot_token": "1:a", "paykeeper_secret": "word", **values}
    with pytest.raises(ValidationError) as caught:
        load(**values)
    lines = describe_errors(caught.value)
    assert len(lines) == 1, lines
    assert lines[0].startswith(line), lines


def test_a_malformed_web_port_is_not_blamed_on_the_webhook() -> None:
    with pytest.raises(ValidationError) as caught:
        load(bot_token="1:a", web_port="http", webhook_url="https://bot.example.com")
    assert [line.split(":")[0] for line in describe_errors(caught.value)] == ["Setting WEB_PORT"]


def test_backup_dir_must_be_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert load(bot_token="1:a", backup_dir=tmp_path / "new").backup_folder == tmp_path / "new"
    with pytest.raises(ValidationError) as caught:
        load(bot_token="1:a", backup_dir=tmp_path / "a-file")
    assert describe_errors(caught.value) == [
        "Setting BACKUP_DIR: expected a folder the bot can create and write; "
        f"{tmp_path / 'a-file'} is a file"
    ]
