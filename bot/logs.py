"""Logging set-up: readable text (the default) or one JSON object per line (LOG_FORMAT=json),
with the update, user and order being handled, and secrets kept out of every line, whoever
logs them."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# What is being handled, set where it becomes known (a middleware for updates, the HTTP
# handler for payment notifications) and inherited by every task started meanwhile.
update_id: ContextVar[int | None] = ContextVar("update_id", default=None)
user_id: ContextVar[int | None] = ContextVar("user_id", default=None)
order_id: ContextVar[str | None] = ContextVar("order_id", default=None)
CONTEXT: dict[str, ContextVar[Any]] = {
    "update_id": update_id,
    "user_id": user_id,
    "order_id": order_id,
}

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@contextmanager
def log_context(**values: int | str | None) -> Iterator[None]:
    """Name what the lines logged inside are about, e.g. ``log_context(order_id="tg...")``."""
    tokens = [(CONTEXT[name], CONTEXT[name].set(value)) for name, value in values.items()]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


class AddContext(logging.Filter):
    """Copies the context variables onto each record (``record.update_id`` ...)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in CONTEXT.items():
            if not hasattr(record, name):
                setattr(record, name, var.get())
        return True


class RedactSecrets(logging.Filter):
    """Replaces each secret value with *** in the formatted message and traceback.

    Secrets can leak through third-party messages (a URL with the bot token in an aiohttp
    error, say), so redaction happens at the handler, not at each call site."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text, record.exc_info = self._clean(text), None
        if record.stack_info:
            record.stack_info = self._clean(record.stack_info)
        return True

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and the
    update, user and order ids when known; a traceback as ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        entry: dict[str, object] = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        # ensure_ascii off: Cyrillic stays readable; a newline inside a value is escaped, so
        # one record is always one line.
        return json.dumps(entry, ensure_ascii=False, default=str)


def make_handler(secrets: Iterable[str], log_format: str = "text") -> logging.Handler:
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    handler.addFilter(AddContext())
    handler.addFilter(RedactSecrets(secrets))
    return handler


def setup_logging(level: str, secrets: Iterable[str], log_format: str = "text") -> None:
    root = logging.getLogger()
    root.handlers[:] = [make_handler(secrets, log_format)]
    root.setLevel(level.upper())
