"""Secrets never reach a log line, whoever logs them."""

from __future__ import annotations

import io
import json
import logging
from datetime import datetime

from bot.logs import RedactSecrets, log_context, make_handler


def test_secrets_are_redacted_in_messages_args_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets(["123:TOKEN", "pk-pass"]))
    log = logging.getLogger("test.redaction")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("GET https://api.telegram.org/bot%s/getMe failed", "123:TOKEN")
        try:
            raise RuntimeError("login with pk-pass refused")
        except RuntimeError:
            log.exception("PayKeeper said no")
    finally:
        log.removeHandler(handler)
    output = stream.getvalue()
    assert "123:TOKEN" not in output
    assert "pk-pass" not in output
    assert "bot***/getMe" in output
    assert "login with *** refused" in output


def _capture(log_format: str, secrets: list[str]) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = make_handler(secrets, log_format)
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    log = logging.getLogger(f"test.format.{log_format}")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.DEBUG)
    return log, stream


def test_json_lines_name_the_update_user_and_order_and_hide_secrets() -> None:
    log, stream = _capture("json", ["123:TOKEN"])
    log.info("before any update")
    with log_context(update_id=77, user_id=2002):
        log.warning("sending to %s failed\nsecond line", "bot123:TOKEN")
        with log_context(order_id="tg2002-abc"):
            try:
                raise RuntimeError("token 123:TOKEN in a traceback")
            except RuntimeError:
                log.exception("issuing failed: «Сумма»")
    log.info("after")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4  # a newline inside a message stays inside its one line
    first, warning, error, last = (json.loads(line) for line in lines)
    assert set(first) == {"time", "level", "logger", "message"}
    assert first["time"].endswith("Z")
    assert datetime.fromisoformat(first["time"]).tzinfo is not None
    assert warning["level"] == "WARNING"
    assert warning["logger"] == "test.format.json"
    assert warning["message"] == "sending to bot*** failed\nsecond line"
    assert (warning["update_id"], warning["user_id"]) == (77, 2002)
    assert "order_id" not in warning
    assert error["order_id"] == "tg2002-abc"
    assert error["message"] == "issuing failed: «Сумма»"
    assert "RuntimeError: token *** in a traceback" in error["exception"]
    assert set(last) == {"time", "level", "logger", "message"}  # the context was left
    assert "123:TOKEN" not in stream.getvalue()


def test_text_stays_the_readable_default() -> None:
    log, stream = _capture("text", ["pk-pass"])
    with log_context(update_id=5):
        log.error("PayKeeper refused pk-pass")
    line = stream.getvalue().strip()
    assert line.endswith("ERROR test.format.text: PayKeeper refused ***")
    assert not line.startswith("{")
