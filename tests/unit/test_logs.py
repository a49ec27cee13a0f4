"""Secrets never reach a log line, whoever logs them."""

from __future__ import annotations

import io
import logging

from bot.logs import RedactSecrets


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
