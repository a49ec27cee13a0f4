"""Configuration from the environment and a ``.env`` file (see ``.env.example``)."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import (
    AnyHttpUrl,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEMO_URL = "https://demo.paykeeper.ru"

IdList = Annotated[frozenset[int], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        # `WEB_PORT=` in a .env copied from .env.example means "not set", not "".
        env_ignore_empty=True,
    )

    bot_token: SecretStr
    telegram_api_url: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")

    paykeeper_url: AnyHttpUrl = AnyHttpUrl(DEMO_URL)
    paykeeper_user: str = "demo"
    paykeeper_password: SecretStr = SecretStr("demo")
    paykeeper_timeout: float = Field(10.0, gt=0)
    paykeeper_connect_timeout: float = Field(4.0, gt=0)

    admin_ids: IdList = frozenset()
    manager_ids: IdList = frozenset()

    database_path: Path = Path("data/invoices.db")

    max_amount: Decimal = Field(Decimal("1000000"), gt=0)
    default_service_name: str = Field("Оплата услуг", min_length=1, max_length=128)

    log_level: str = "INFO"
    # Seconds to wait at shutdown for updates being handled and background jobs.
    shutdown_timeout: float = Field(20.0, ge=0)

    # --- Payment notifications, reconciliation, reminders (HTTP server off unless WEB_PORT) ---
    web_host: str = "127.0.0.1"
    web_port: int | None = Field(None, ge=1, le=65535)
    notify_path: str = Field("/paykeeper/notify", pattern=r"^/\S*$")
    paykeeper_secret: SecretStr = Field(SecretStr(""), validate_default=True)
    reconcile_interval: float = Field(300.0, gt=0)  # seconds
    digest_enabled: bool = True
    digest_time: time = time(9, 0)  # Moscow time

    # --- Bulk files ---
    bulk_max_rows: int = Field(1000, ge=1)
    bulk_max_bytes: int = Field(2 * 1024 * 1024, ge=1)
    bulk_concurrency: int = Field(8, ge=1, le=64)

    @field_validator("admin_ids", "manager_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, int):
            return frozenset({value})
        if not isinstance(value, str):
            return value
        parts = [part.strip() for part in value.replace(";", ",").split(",")]
        try:
            return frozenset(int(part) for part in parts if part)
        except ValueError:
            raise ValueError(
                "expected comma-separated Telegram user ids, e.g. 1234,5678"
            ) from None

    @field_validator("paykeeper_secret")
    @classmethod
    def _secret_with_web(cls, value: SecretStr, info: ValidationInfo) -> SecretStr:
        # An unauthenticated payment endpoint would let anyone mark invoices paid.
        if info.data.get("web_port") is not None and not value.get_secret_value().strip():
            raise ValueError(
                "is required when WEB_PORT is set: without PayKeeper's secret word "
                "payment notifications cannot be told from forgeries"
            )
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        bot_id, _, secret = value.get_secret_value().partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("expected the token from @BotFather, like 123456:ABC-DEF...")
        return value

    @property
    def demo_mode(self) -> bool:
        return str(self.paykeeper_url).rstrip("/") == DEMO_URL

    @property
    def paykeeper_base_url(self) -> str:
        return str(self.paykeeper_url).rstrip("/")

    @property
    def telegram_base_url(self) -> str:
        return str(self.telegram_api_url).rstrip("/")

    def secrets(self) -> list[str]:
        """Values that must never reach a log line or a message."""
        values = [self.bot_token.get_secret_value(), self.paykeeper_secret.get_secret_value()]
        if not self.demo_mode:  # the demo server's password is public (and a common word)
            values.append(self.paykeeper_password.get_secret_value())
        return [value for value in values if len(value) >= 4]


class StartupError(Exception):
    """A setting the environment cannot serve (a refused token, a busy port): ``python -m bot``
    prints the message as one line and exits with code 2, as for a malformed setting."""


def describe_errors(error: ValidationError) -> list[str]:
    """One line per bad setting, naming the variable and what is expected (never its value)."""
    lines = []
    for item in error.errors():
        name = str(item["loc"][0]).upper() if item["loc"] else "settings"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "is required but not set"
        lines.append(f"Setting {name}: {message}")
    return lines
