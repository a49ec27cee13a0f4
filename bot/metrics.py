"""Every metric the bot exposes at ``GET /metrics`` (Prometheus text format), in one place.

Two kinds:
- events the process sees and the database does not keep (PayKeeper request times and errors,
  Telegram API errors, forms, webhook refusals, backups): counters in prometheus_client's
  default registry, moved by the small ``record_*`` functions called where they happen;
- what the database already records (invoices by outcome, the ledger's payments and refunds,
  the outbox, bulk rows, open forms): read from it at each scrape (storage.stats), so they
  survive restarts and agree with the invoice log and the ledger.
"""

from __future__ import annotations

import logging
import time

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from storage import Database
from storage.stats import Stats, read_stats

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
PREFIX = "invoicebot"

PAYKEEPER_SECONDS = Histogram(
    f"{PREFIX}_paykeeper_request_duration_seconds",
    "PayKeeper API requests by endpoint (path), answered or not",
    ["endpoint"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30),
)
PAYKEEPER_ERRORS = Counter(
    f"{PREFIX}_paykeeper_errors",
    "PayKeeper API requests that failed, by endpoint and kind (rejected, auth_credentials, "
    "auth_url, connect, timeout, dropped, server_error, busy, unreadable, unexpected)",
    ["endpoint", "kind"],
)
TELEGRAM_ERRORS = Counter(
    f"{PREFIX}_telegram_errors",
    "Bot API calls Telegram did not take, by method and kind (the aiogram error class); "
    "each attempt counts, retried ones too",
    ["method", "kind"],
)
FORMS = Counter(
    f"{PREFIX}_forms",
    "/invoice forms: started, completed (an invoice was issued from it) or abandoned "
    "(cancelled, or replaced by a new one)",
    ["event"],
)
WEBHOOK_REFUSED = Counter(
    f"{PREFIX}_webhook_refused",
    "Requests to the webhook without Telegram's secret token (answered 401)",
)
NOTIFICATIONS = Counter(
    f"{PREFIX}_payment_notifications",
    "PayKeeper payment notifications by verdict",
    ["verdict"],
)
BACKUPS = Counter(f"{PREFIX}_backups", "Nightly backups by result (ok, failed)", ["result"])
LAST_BACKUP = Gauge(
    f"{PREFIX}_last_backup_timestamp_seconds", "When the last nightly backup was written"
)

for _event in ("started", "completed", "abandoned"):
    FORMS.labels(_event)  # present from the start, so a rate() sees the first one
for _result in ("ok", "failed"):
    BACKUPS.labels(_result)


def record_paykeeper_request(endpoint: str, seconds: float, error: str | None) -> None:
    """PayKeeperClient's observer: one call per HTTP exchange."""
    PAYKEEPER_SECONDS.labels(endpoint).observe(seconds)
    if error is not None:
        PAYKEEPER_ERRORS.labels(endpoint, error).inc()


def record_telegram_error(method: str, kind: str) -> None:
    TELEGRAM_ERRORS.labels(method, kind).inc()


def record_form(event: str) -> None:
    FORMS.labels(event).inc()


def record_webhook_refused() -> None:
    WEBHOOK_REFUSED.inc()


def record_notification(verdict: str) -> None:
    NOTIFICATIONS.labels(verdict).inc()


def record_backup(*, ok: bool) -> None:
    BACKUPS.labels("ok" if ok else "failed").inc()
    if ok:
        LAST_BACKUP.set(time.time())


class DatabaseCollector(Collector):
    """Turns one :class:`Stats` reading into metric families."""

    def __init__(self, stats: Stats, now: float) -> None:
        self.stats = stats
        self.now = now

    def collect(self) -> list[CounterMetricFamily | GaugeMetricFamily]:
        stats = self.stats
        invoices = CounterMetricFamily(
            f"{PREFIX}_invoices",
            "Invoice outcomes ever recorded: created (PayKeeper made it), emailed (PayKeeper "
            "e-mailed it), failed, uncertain (no clean answer: reconciliation settles it), "
            "email_failed",
            labels=["outcome"],
        )
        for outcome, count in sorted(stats.invoices.items()):
            invoices.add_metric([outcome], count)
        oldest = GaugeMetricFamily(
            f"{PREFIX}_outbox_oldest_age_seconds",
            "Age of the oldest message waiting in the outbox (0 when it is empty)",
        )
        age = self.now - stats.outbox_oldest.timestamp() if stats.outbox_oldest else 0.0
        oldest.add_metric([], max(age, 0.0))
        bulk = GaugeMetricFamily(
            f"{PREFIX}_bulk_rows",
            "Rows of bulk files stored, by outcome (issued, existing, failed, email_failed, "
            "uncertain, pending: in a running run, invalid, not_issued: draft or cancelled)",
            labels=["outcome"],
        )
        for outcome, count in sorted(stats.bulk_rows.items()):
            bulk.add_metric([outcome], count)
        return [
            invoices,
            CounterMetricFamily(
                f"{PREFIX}_payments",
                "Payments in the ledger: by card (second payments too) and in cash",
                value=stats.payments,
            ),
            CounterMetricFamily(
                f"{PREFIX}_payments_amount_rubles",
                "Money received by card and in cash, roubles (the ledger's payments)",
                value=stats.paid_amount,
            ),
            CounterMetricFamily(
                f"{PREFIX}_refunds",
                "Refunds in the ledger, the bot's and the cabinet's, done or under way",
                value=stats.refunds,
            ),
            CounterMetricFamily(
                f"{PREFIX}_refunds_amount_rubles",
                "Money refunded, roubles; kept = payments_amount - refunds_amount",
                value=stats.refunded_amount,
            ),
            GaugeMetricFamily(
                f"{PREFIX}_outbox_pending",
                "Messages queued for managers and not delivered yet",
                value=stats.outbox_pending,
            ),
            oldest,
            bulk,
            GaugeMetricFamily(
                f"{PREFIX}_forms_open",
                "/invoice forms begun and not finished (kept across restarts)",
                value=stats.forms_open,
            ),
        ]


class MetricsPage:
    """What ``GET /metrics`` answers: the process's metrics and the database's counts."""

    def __init__(self, database: Database, *, form_states: str) -> None:
        # What every state of the /invoice form starts with: the form is the caller's to name,
        # so counting it pulls no Telegram code into the services that count things.
        self.database = database
        self.form_states = form_states

    async def render(self) -> bytes:
        stats = await read_stats(self.database, form_states=self.form_states)
        registry = CollectorRegistry(auto_describe=False)
        registry.register(DatabaseCollector(stats, time.time()))
        # The default registry also has the process collector: memory, CPU, open files.
        return generate_latest(REGISTRY) + generate_latest(registry)
