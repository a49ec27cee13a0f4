"""The HTTP server against what a stranger can send or an operator can misconfigure: header
bytes beyond ASCII are a 401, never a 500; a refusal names the client a trusted proxy reports
and ignores the header from anyone else; /metrics stays open only on a loopback address; paths
never collide; PayKeeper is reached over HTTPS."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from pydantic import ValidationError

from bot.form_summary import FORM_STATES
from bot.metrics import MetricsPage
from bot.services.background import BackgroundTasks
from bot.services.health import HealthCheck
from bot.services.payments import PaymentNotifications
from bot.services.tracking import StatusTracker
from bot.settings import Settings, describe_errors
from bot.web import WebServer, create_web_app
from bot.webhook import TrackedRequestHandler
from paykeeper import PayKeeperClient, notification_key
from storage import Database, InvoiceRepository

SECRET = "s3cr3t"
TOKEN = "metrics-token"
HOOK = "/telegram/webhook"
HOOK_SECRET = "Hook_s3cret"
CLIENT = "203.0.113.7"  # what a proxy saw
SPOOFED = "198.51.100.9"  # what the client wrote itself


@dataclass
class Server:
    host: str
    port: int
    url: str


Start = Callable[..., Awaitable[Server]]


@pytest.fixture
async def start(tmp_path: Path) -> AsyncIterator[Start]:
    """Starts the bot's HTTP app on 127.0.0.1, with /metrics and the webhook, trusting the
    given proxies."""
    database = await Database.open(tmp_path / "invoices.db")
    invoices = InvoiceRepository(database)
    paykeeper = PayKeeperClient("http://127.0.0.1:9", "merchant", "pk-password")
    bot = Bot("123456:TEST-token")
    servers: list[WebServer] = []

    async def run(*trusted: str) -> Server:
        tasks = BackgroundTasks()
        app = create_web_app(
            PaymentNotifications(invoices, StatusTracker(invoices, paykeeper), SECRET),
            HealthCheck(bot.get_me, database, paykeeper),
            tasks,
            notify_path="/paykeeper/notify",
            metrics=MetricsPage(database, form_states=FORM_STATES),
            metrics_token=TOKEN,
            trusted_proxies=tuple(ipaddress.ip_network(net) for net in trusted),
        )
        handler = TrackedRequestHandler(Dispatcher(), bot, tasks, secret_token=HOOK_SECRET)
        app.router.add_post(HOOK, handler.handle)
        server = WebServer(app)
        servers.append(server)
        url = await server.start("127.0.0.1", 0)
        host, port = url.removeprefix("http://").rsplit(":", 1)
        return Server(host, int(port), url)

    yield run
    for server in servers:
        await server.stop()
    await bot.session.close()
    await paykeeper.close()
    await database.close()


async def raw_status(server: Server, request: bytes) -> int:
    """Send ``request`` byte for byte (no client library would send these headers) and read
    the status code of the answer."""
    reader, writer = await asyncio.open_connection(server.host, server.port)
    try:
        writer.write(request)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=30)
    finally:
        writer.close()
        await writer.wait_closed()
    return int(status_line.split()[1])


@pytest.mark.parametrize(
    "header", [b"Bearer \xff\xfe\xfd", b"Bearer \xd0\xbc\xd0\xb5\xd1\x82", b"\xc3("]
)
async def test_bytes_beyond_ascii_in_the_metrics_token_are_a_401(
    start: Start, header: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    server: Server = await start()
    request = b"GET /metrics HTTP/1.1\r\nHost: bot\r\nAuthorization: " + header
    request += b"\r\nConnection: close\r\n\r\n"
    with caplog.at_level(logging.WARNING):
        assert await raw_status(server, request) == 401
    assert "/metrics refused: no valid bearer token" in caplog.text
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.mark.parametrize("header", [b"\xff\xfe\xfd", b"Hook_s3cret\xd0\xbc", b"\xc3("])
async def test_bytes_beyond_ascii_in_the_webhook_secret_are_a_401(
    start: Start, header: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    server: Server = await start()
    body = b'{"update_id": 1}'
    request = (
        f"POST {HOOK} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n"
    ).encode()
    request += b"X-Telegram-Bot-Api-Secret-Token: " + header + b"\r\n\r\n" + body
    with caplog.at_level(logging.WARNING):
        assert await raw_status(server, request) == 401
    assert "webhook request refused (a wrong secret token)" in caplog.text
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


async def refused_from(server: Server, caplog: pytest.LogCaptureFixture) -> tuple[str, str]:
    """A notification for no known order and a wrong /metrics token, both sent with an
    X-Forwarded-For naming a client; what each refusal logged."""
    forwarded = {"X-Forwarded-For": f"{SPOOFED}, {CLIENT}"}
    key = notification_key("1", "10.00", "c", "no-such-order", SECRET)
    form = {"id": "1", "sum": "10.00", "clientid": "c", "orderid": "no-such-order", "key": key}
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        async with aiohttp.ClientSession() as http:
            notify = f"{server.url}/paykeeper/notify"
            async with http.post(notify, data=form, headers=forwarded) as answer:
                assert answer.status == 404
            bad = forwarded | {"Authorization": "Bearer nope"}
            async with http.get(f"{server.url}/metrics", headers=bad) as answer:
                assert answer.status == 401
    [notified, metrics] = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    return notified, metrics


async def test_refusals_name_the_client_a_trusted_proxy_saw(
    start: Start, caplog: pytest.LogCaptureFixture
) -> None:
    behind_proxy: Server = await start("127.0.0.0/8")
    for line in await refused_from(behind_proxy, caplog):
        assert line.endswith(f"from {CLIENT}"), line  # the proxy's own entry, not the spoofed


async def test_a_forwarded_address_from_anyone_else_is_ignored(
    start: Start, caplog: pytest.LogCaptureFixture
) -> None:
    for trusted in ((), ("10.0.0.0/8",)):
        direct: Server = await start(*trusted)
        for line in await refused_from(direct, caplog):
            assert line.endswith("from 127.0.0.1"), line
            assert CLIENT not in line
            assert SPOOFED not in line


def load(**values: object) -> Settings:
    return Settings(_env_file=None, bot_token="1:a", **values)  # type: ignore[arg-type]


def one_line(**values: object) -> str:
    with pytest.raises(ValidationError) as caught:
        load(**values)
    [line] = describe_errors(caught.value)
    return line


@pytest.mark.parametrize("host", ["0.0.0.0", "", "192.168.1.5", "::", "bot.internal"])  # noqa: S104
def test_metrics_without_a_token_off_loopback_stops_the_bot(host: str) -> None:
    line = one_line(web_host=host, web_port="8080", paykeeper_secret="x")
    assert line.startswith("Setting METRICS_TOKEN: is required when WEB_HOST is not a loopback")
    # With a token, or on a loopback address, it starts.
    assert load(web_host=host, web_port="8080", paykeeper_secret="x", metrics_token="t")
    for loopback in ("127.0.0.1", "127.0.0.2", "::1", "localhost"):
        assert load(web_host=loopback, web_port="8080", paykeeper_secret="x")
    assert load(web_host=host)  # no HTTP server at all: nothing served


@pytest.mark.parametrize("path", ["/metrics", "/healthz", "/livez"])
def test_notify_path_may_not_take_a_reserved_path(path: str) -> None:
    assert one_line(notify_path=path).startswith("Setting NOTIFY_PATH: expected a URL path")


def test_the_webhook_may_not_take_the_notification_path() -> None:
    line = one_line(notify_path="/hook", webhook_path="/hook")
    assert line.startswith("Setting WEBHOOK_PATH: expected a URL path")


@pytest.mark.parametrize(
    "url", ["http://shop.server.paykeeper.ru", "http://192.168.1.5:8080", "http://[::2]"]
)
def test_paykeeper_over_plain_http_is_refused(url: str) -> None:
    assert one_line(paykeeper_url=url) == (
        "Setting PAYKEEPER_URL: expected an https:// URL, e.g. https://shop.server.paykeeper.ru"
    )


@pytest.mark.parametrize("url", ["http://127.0.0.1:8081", "http://localhost:9", "http://[::1]"])
def test_a_stand_in_on_this_machine_may_speak_plain_http(url: str) -> None:
    assert load(paykeeper_url=url).paykeeper_base_url == url


def test_trusted_proxies_are_addresses_or_networks() -> None:
    settings = load(trusted_proxies=" 127.0.0.1, 172.18.0.0/16;::1 ")
    assert [str(net) for net in settings.trusted_proxies] == [
        "127.0.0.1/32",
        "172.18.0.0/16",
        "::1/128",
    ]
    assert one_line(trusted_proxies="proxy.local").startswith(
        "Setting TRUSTED_PROXIES: expected comma-separated addresses or networks"
    )
