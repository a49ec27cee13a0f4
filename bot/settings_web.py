"""The HTTP server's settings: where it listens, its paths, the secrets that guard them and the
proxies whose word about a client's address is taken. A mixin of :class:`bot.settings.Settings`;
the rules here are checked when settings are read, so a server that would expose revenue or
route one path to another's handler never starts."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode

URL_PATH = "a URL path starting with / and without spaces"
# Paths the bot serves itself; NOTIFY_PATH and the webhook may not take one of them.
RESERVED_PATHS = ("/healthz", "/livez", "/metrics")
DASHBOARD_PREFIX = "/app/"  # the dashboard's pages and JSON (bot/dashboard)
# Telegram's rule for a webhook's secret_token.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
NetworkList = Annotated[tuple[Network, ...], NoDecode]


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) can be reached from this machine only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


class WebSettings(BaseSettings):
    web_host: str = "127.0.0.1"
    web_port: int | None = Field(
        None,
        ge=1,
        le=65535,
        description="a TCP port from 1 to 65535, or nothing to keep the HTTP server off",
    )
    notify_path: str = Field(
        "/paykeeper/notify",
        pattern=r"^/\S*$",
        description=f"{URL_PATH}, e.g. /paykeeper/notify",
    )
    paykeeper_secret: SecretStr = Field(SecretStr(""), validate_default=True)
    # --- Webhook instead of long polling (served by the same HTTP server) ---
    webhook_url: AnyHttpUrl | None = Field(
        None,
        validate_default=True,
        description="the public https:// address of the bot's HTTP server, e.g. "
        "https://bot.example.com, or nothing for long polling",
    )
    webhook_path: str = Field(
        "/telegram/webhook",
        pattern=r"^/\S*$",
        description=f"{URL_PATH}, e.g. /telegram/webhook",
    )
    webhook_secret: SecretStr = SecretStr("")
    # --- The dashboard Mini App (pages under /app/ on the same server) ---
    webapp_url: AnyHttpUrl | None = Field(
        None,
        description="the public https:// address the dashboard is opened at, e.g. "
        "https://bot.example.com, or nothing for WEBHOOK_URL's",
    )
    metrics_token: SecretStr = Field(SecretStr(""), validate_default=True)
    trusted_proxies: NetworkList = Field(
        (),
        description="comma-separated addresses or networks of reverse proxies, e.g. "
        "127.0.0.1,172.18.0.0/16, or nothing",
    )

    @field_validator("notify_path")
    @classmethod
    def _notify_path_free(cls, value: str) -> str:
        if value in RESERVED_PATHS or value.startswith(DASHBOARD_PREFIX):
            raise ValueError(
                f"expected {URL_PATH} other than {', '.join(RESERVED_PATHS)} and outside "
                f"{DASHBOARD_PREFIX}"
            )
        return value

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

    @field_validator("webhook_url")
    @classmethod
    def _webhook_with_web(
        cls, value: AnyHttpUrl | None, info: ValidationInfo
    ) -> AnyHttpUrl | None:
        if value is None:
            return None
        # Telegram delivers updates to the HTTP server that serves notifications.
        # (When WEB_PORT itself is malformed, its own line says so.)
        if "web_port" in info.data and info.data["web_port"] is None:
            raise ValueError(
                "needs WEB_PORT too: Telegram's updates are served by the bot's HTTP server "
                "(with an HTTPS reverse proxy in front of it)"
            )
        if value.scheme != "https":
            raise ValueError(
                "expected an https:// address: Telegram posts updates only over HTTPS"
            )
        return value

    @field_validator("webapp_url")
    @classmethod
    def _webapp_https(cls, value: AnyHttpUrl | None) -> AnyHttpUrl | None:
        if value is not None and value.scheme != "https":
            raise ValueError("expected an https:// address: Telegram opens Mini Apps over HTTPS")
        return value

    def dashboard_url(self) -> str | None:
        """Where /app/ is reached from outside: WEBAPP_URL, or WEBHOOK_URL's origin; None when
        neither is set (the dashboard is then not offered)."""
        url = self.webapp_url or self.webhook_url
        if url is None:
            return None
        if self.webapp_url is None:
            port = f":{url.port}" if url.port not in (None, 443) else ""
            return f"{url.scheme}://{url.host}{port}"
        return str(url).rstrip("/")

    @field_validator("webhook_path")
    @classmethod
    def _webhook_path_free(cls, value: str, info: ValidationInfo) -> str:
        taken = [*RESERVED_PATHS, info.data.get("notify_path") or ""]
        if value in taken or value.startswith(DASHBOARD_PREFIX):
            raise ValueError(
                f"expected {URL_PATH} other than {', '.join(map(str, taken))} and outside "
                f"{DASHBOARD_PREFIX}"
            )
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret_shape(cls, value: SecretStr) -> SecretStr:
        if value.get_secret_value() and not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError(
                "expected 1 to 256 characters A-Z, a-z, 0-9, _ or - (or nothing to generate one)"
            )
        return value

    @field_validator("metrics_token")
    @classmethod
    def _metrics_token_off_loopback(cls, value: SecretStr, info: ValidationInfo) -> SecretStr:
        # /metrics shows revenue: open to anyone only where nobody else can reach it.
        host = info.data.get("web_host")
        if (
            info.data.get("web_port") is not None
            and isinstance(host, str)
            and not is_loopback(host)
            and not value.get_secret_value().strip()
        ):
            raise ValueError(
                "is required when WEB_HOST is not a loopback address such as 127.0.0.1: "
                "/metrics shows revenue to anyone who reaches it"
            )
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        parts = [part.strip() for part in value.replace(";", ",").split(",")]
        try:
            return tuple(ipaddress.ip_network(part, strict=False) for part in parts if part)
        except ValueError:
            raise ValueError(
                "expected comma-separated addresses or networks of reverse proxies, e.g. "
                "127.0.0.1,172.18.0.0/16, or nothing"
            ) from None
