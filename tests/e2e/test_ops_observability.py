"""The real bot process as a monitor and a log system see it: /metrics moving with an invoice
issued, e-mailed and paid, /livez, and LOG_FORMAT=json giving one JSON object per line."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.test_issue_invoice import MANAGER, press, say, text_has
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram
from tests.support.bot_process import PK_PASSWORD, StartBot, free_port

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them

METRICS_TOKEN = "Metrics-T0ken"
PK_SECRET = "s3cr3t"  # the PayKeeper stand-in's secret word
PREVIEW = "/change/invoice/preview/"
SEND = "/change/invoice/send/"

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def key(name: str, **labels: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    return name, tuple(sorted(labels.items()))


async def scrape(base: str, token: str | None = METRICS_TOKEN) -> tuple[int, Samples]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with aiohttp.ClientSession() as http, http.get(f"{base}/metrics", headers=headers) as r:
        if r.status != 200:
            return r.status, {}
        text = await r.text()
    return 200, {
        key(sample.name, **sample.labels): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_count_what_a_manager_did_and_logs_are_json(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    bot = await start_bot(
        WEB_PORT=str(port),
        PAYKEEPER_SECRET=PK_SECRET,
        METRICS_TOKEN=METRICS_TOKEN,
        LOG_FORMAT="json",
    )
    async with aiohttp.ClientSession() as http, http.get(f"{base}/livez") as live:
        assert live.status == 200
    assert (await scrape(base, None))[0] == 401
    assert (await scrape(base, "wrong"))[0] == 401
    _, before = await scrape(base)

    telegram.fail_next("sendMessage", 429, retry_after=1)  # flood control, then it goes
    await say(telegram, MANAGER, "/invoice 990 client@example.com Консультация", "Проверьте")
    after = len(telegram.calls)
    await press(telegram, MANAGER, "Проверьте счёт", "e-mail")
    await telegram.wait_for("editMessageText", text_has("отправил его на client@"), after=after)
    [invoice_id] = paykeeper.invoices
    form = paykeeper.mark_paid(invoice_id)
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/paykeeper/notify", data=form) as paid:
            assert paid.status == 200
        async with http.post(f"{base}/paykeeper/notify", data=form | {"key": "0" * 32}) as bad:
            assert bad.status == 403

    _, now = await scrape(base)

    def moved(name: str, **labels: str) -> float:
        return now.get(key(name, **labels), 0.0) - before.get(key(name, **labels), 0.0)

    assert moved("invoicebot_invoices_total", outcome="created") == 1
    assert moved("invoicebot_invoices_total", outcome="emailed") == 1
    assert moved("invoicebot_invoices_total", outcome="failed") == 0
    assert moved("invoicebot_invoices_total", outcome="uncertain") == 0
    assert moved("invoicebot_payments_total") == 1
    assert moved("invoicebot_payments_amount_rubles_total") == 990
    assert moved("invoicebot_paykeeper_request_duration_seconds_count", endpoint=PREVIEW) == 1
    assert moved("invoicebot_paykeeper_request_duration_seconds_count", endpoint=SEND) == 1
    assert (
        moved("invoicebot_telegram_errors_total", method="sendMessage", kind="TelegramRetryAfter")
        == 1
    )
    assert moved("invoicebot_forms_total", event="started") == 1
    assert moved("invoicebot_forms_total", event="completed") == 1
    assert moved("invoicebot_forms_total", event="abandoned") == 0
    assert moved("invoicebot_payment_notifications_total", verdict="accepted") == 1
    assert moved("invoicebot_payment_notifications_total", verdict="forged") == 1
    assert now[key("invoicebot_forms_open")] == 0

    # A form begun and cancelled is abandoned, and open while it lasts.
    await say(telegram, MANAGER, "/invoice", "Сумма счёта")
    _, during = await scrape(base)
    assert during[key("invoicebot_forms_open")] == 1
    await say(telegram, MANAGER, "/cancel", "")
    _, later = await scrape(base)
    abandoned = key("invoicebot_forms_total", event="abandoned")
    assert later[abandoned] - now[abandoned] == 1
    assert later[key("invoicebot_forms_open")] == 0

    assert await bot.stop() == 0
    lines = [line for line in bot.log().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(entry) for entry in entries)
    handled = [e for e in entries if e.get("update_id") is not None]
    assert handled
    assert all(e["user_id"] == MANAGER.id for e in handled)
    preview = [e for e in entries if PREVIEW in e["message"] and e["logger"] == "paykeeper.client"]
    assert preview
    assert preview[0]["order_id"] == paykeeper.invoices[invoice_id]["orderid"]
    log = bot.log()
    for secret in (telegram.token.split(":")[1], PK_PASSWORD, PK_SECRET, METRICS_TOKEN):
        assert secret not in log
