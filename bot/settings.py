"""Configuration from the environment and a ``.env`` file (see ``.env.example``).

No aiogram here: ``python -m bot`` checks settings before the heavy imports, so a bad value is
reported at once."""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AnyHttpUrl,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.setting_paths import database_path_problem, folder_problem
from bot.settings_clock import ClockSettings
from bot.settings_receipts import ReceiptSettings
from bot.settings_web import WebSettings, is_loopback
from paykeeper import PayKeeperClient
from paykeeper.transport import RequestObserver

DEMO_URL = "https://demo.paykeeper.ru"
ENV_FILE = ".env"  # relative to the working directory, as pydantic-settings reads it

IdList = Annotated[frozenset[int], NoDecode]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogFormat = Literal["text", "json"]

_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_HH_MM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_HH_MM_TEXT = "HH:MM (24-hour, Moscow time), e.g. 09:00"
_SECONDS = "a number of seconds greater than 0"


class DatabaseSettings(BaseSettings):
    """Only what ``python -m bot backup|restore`` needs: copying the database must not need a
    bot token. :class:`Settings` adds everything else."""

    model_config = SettingsConfigDict(
        env_file=ENV_FILE,
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        # `WEB_PORT=` in a .env copied from .env.example means "not set", not "".
        env_ignore_empty=True,
    )

    database_path: Path = Field(Path("data/invoices.db"), description="a file path")

    @field_validator("database_path")
    @classmethod
    def _usable_database_path(cls, value: Path) -> Path:
        if problem := database_path_problem(value):
            raise ValueError(problem)
        return value


# DatabaseSettings last: its model_config (.env, empty means unset) is the one that counts.
class ToolSettings(ClockSettings, ReceiptSettings, WebSettings, DatabaseSettings):
    """Everything but the bot token: what ``check-paykeeper`` and ``livez`` need, so an
    operator can run them where Telegram's token is not (and need not be) set."""

    # A field's description says what a valid value looks like: an error on it is reported as
    # "Setting NAME: expected <description>", whatever pydantic's own wording.
    telegram_api_url: AnyHttpUrl = Field(
        AnyHttpUrl("https://api.telegram.org"),
        description="an http(s) URL, e.g. https://api.telegram.org",
    )

    paykeeper_url: AnyHttpUrl = Field(
        AnyHttpUrl(DEMO_URL), description="an https:// URL, e.g. https://shop.server.paykeeper.ru"
    )
    paykeeper_user: str = "demo"
    paykeeper_password: SecretStr = SecretStr("demo")
    paykeeper_timeout: float = Field(10.0, gt=0, allow_inf_nan=False, description=_SECONDS)
    paykeeper_connect_timeout: float = Field(4.0, gt=0, allow_inf_nan=False, description=_SECONDS)

    admin_ids: IdList = frozenset()
    manager_ids: IdList = frozenset()
    access_requests_max: int = Field(20, ge=1, le=1000, description="a whole number, 1 to 1000")

    max_amount: Decimal = Field(
        Decimal("1000000"),
        gt=0,
        allow_inf_nan=False,
        description="an amount in roubles greater than 0, e.g. 1000000",
    )
    # A manager's invoice waits for an admin's approval when its payer's total of the day
    # (their invoices to the same payer, this one too) is above this; nothing: none wait.
    approval_amount: Decimal | None = Field(
        None,
        gt=0,
        allow_inf_nan=False,
        description="an amount in roubles greater than 0, e.g. 100000, or nothing for none",
    )
    default_service_name: str = Field(
        "Оплата услуг", min_length=1, max_length=128, description="text of 1 to 128 characters"
    )

    log_level: LogLevel = Field(
        "INFO", description="one of DEBUG, INFO, WARNING, ERROR, CRITICAL (any case)"
    )
    log_format: LogFormat = Field("text", description="text or json")
    # Seconds to wait at shutdown for updates being handled and background jobs.
    shutdown_timeout: float = Field(
        20.0, ge=0, allow_inf_nan=False, description="a number of seconds, 0 or more"
    )

    # --- The HTTP server: bot.settings_web ---
    reconcile_interval: float = Field(300.0, gt=0, allow_inf_nan=False, description=_SECONDS)
    # PayKeeper is asked about open invoices no faster than this (requests a second).
    reconcile_rate: float = Field(
        3.0, gt=0, le=100, allow_inf_nan=False, description="requests a second, up to 100"
    )
    ledger_days: int = Field(90, ge=1, description="a whole number of days, at least 1")
    ledger_interval: float = Field(3600.0, gt=0, allow_inf_nan=False, description=_SECONDS)
    # --- Backups ---
    backup_dir: Path | None = Field(
        None, description="a folder path, or nothing for a backups folder beside the database"
    )
    backup_keep: int = Field(
        14, ge=0, description="a whole number of nightly copies to keep, 0 for none"
    )
    backup_time: time = Field(time(3, 0), description=_HH_MM_TEXT)
    digest_enabled: bool = Field(default=True, description="true or false")
    digest_time: time = Field(time(9, 0), description=_HH_MM_TEXT)
    # Days before an invoice's last payable day that PayKeeper e-mails it to the payer again,
    # if unpaid (the summary turns it off or on per invoice); nothing: off by default.
    payer_reminder_days: int | None = Field(
        None, ge=1, le=365, description="a whole number of days from 1 to 365, or nothing for off"
    )

    # --- Bulk files ---
    bulk_max_rows: int = Field(1000, ge=1, description="a whole number, 1 or more")
    bulk_max_bytes: int = Field(
        2 * 1024 * 1024, ge=1, description="a whole number of bytes, 1 or more"
    )
    bulk_concurrency: int = Field(8, ge=1, le=64, description="a whole number from 1 to 64")

    @field_validator("admin_ids", "manager_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            return value
        parts = [part.strip() for part in value.replace(";", ",").split(",")]
        ids = [part for part in parts if part]
        if not all(part.isdecimal() for part in ids):  # user ids are positive whole numbers
            raise ValueError("expected comma-separated Telegram user ids, e.g. 1234,5678")
        return frozenset(int(part) for part in ids)

    @field_validator("paykeeper_url")
    @classmethod
    def _paykeeper_over_https(cls, value: AnyHttpUrl) -> AnyHttpUrl:
        # The password and every payer's details travel to it; plain HTTP only to this machine
        # (a stand-in under test, a local tunnel).
        if value.scheme != "https" and not is_loopback(value.host or ""):
            raise ValueError("expected an https:// URL, e.g. https://shop.server.paykeeper.ru")
        return value

    @field_validator("backup_dir")
    @classmethod
    def _usable_backup_dir(cls, value: Path | None) -> Path | None:
        if value is not None and (problem := folder_problem(value)):
            raise ValueError(problem)
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_any_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("digest_time", "backup_time", "schedule_time", mode="before")
    @classmethod
    def _hh_mm(cls, value: object) -> time:
        # pydantic alone takes "32400" (seconds) or "09:00+03:00" (not Moscow time), and
        # answers "9:00" with "input is too short".
        if isinstance(value, time) and value.tzinfo is None:
            return value
        if isinstance(value, str) and (match := _HH_MM.fullmatch(value.strip())):
            return time(int(match[1]), int(match[2]))
        raise ValueError(f"expected {_HH_MM_TEXT}")

    @property
    def demo_mode(self) -> bool:
        return str(self.paykeeper_url).rstrip("/") == DEMO_URL

    @property
    def paykeeper_base_url(self) -> str:
        return str(self.paykeeper_url).rstrip("/")

    def paykeeper_client(self, observer: RequestObserver | None = None) -> PayKeeperClient:
        """The client these settings name (the bot's, and check-paykeeper's)."""
        return PayKeeperClient(
            self.paykeeper_base_url,
            self.paykeeper_user,
            self.paykeeper_password.get_secret_value(),
            timeout=self.paykeeper_timeout,
            connect_timeout=self.paykeeper_connect_timeout,
            observer=observer,
        )

    @property
    def telegram_base_url(self) -> str:
        return str(self.telegram_api_url).rstrip("/")

    @property
    def backup_folder(self) -> Path:
        """Where nightly backups go: BACKUP_DIR, or ``backups`` beside the database."""
        return self.backup_dir or self.database_path.parent / "backups"

    def secrets(self) -> list[str]:
        """Values that must never reach a log line or a message."""
        values = [self.paykeeper_secret.get_secret_value()]
        values += [self.webhook_secret.get_secret_value(), self.metrics_token.get_secret_value()]
        if not self.demo_mode:  # the demo server's password is public (and a common word)
            values.append(self.paykeeper_password.get_secret_value())
        return [value for value in values if len(value) >= 4]


class Settings(ToolSettings):
    """What the bot itself runs with: the tools' settings and Telegram's token."""

    bot_token: SecretStr

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN.fullmatch(value.get_secret_value()):
            raise ValueError("expected the token from @BotFather, like 123456:ABC-DEF...")
        return value

    def secrets(self) -> list[str]:
        token = self.bot_token.get_secret_value()
        return [token, *super().secrets()] if len(token) >= 4 else super().secrets()


class StartupError(Exception):
    """A setting the environment cannot serve (a refused token, a busy port): ``python -m bot``
    prints the message as one line and exits with code 2, as for a malformed setting."""


def env_file_note(env_file: Path | str = ENV_FILE) -> str:
    """Where settings were looked for, for the end of a refusal: an operator whose .env sits in
    another folder sees at once that it was not read."""
    path = Path(env_file).absolute()
    found = "found" if path.is_file() else "not found"
    return f"Settings are read from the environment and from {path} ({found}); see .env.example"


def describe_errors(error: ValidationError) -> list[str]:
    """One line per bad setting, naming the variable and what is expected (never its value)."""
    fields = Settings.model_fields
    lines = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        name = field.upper() or "settings"
        expected = fields[field].description if field in fields else None
        if item["type"] == "missing":
            message = "is required but not set"
        elif item["type"] == "value_error":  # our validators say what they expect
            message = item["msg"].removeprefix("Value error, ")
        elif expected:
            message = f"expected {expected}"
        else:
            message = item["msg"]
        lines.append(f"Setting {name}: {message}")
    return list(dict.fromkeys(lines))  # a union type can report one value twice
