"""PayKeeper's answers decoded: JSON (or JSON after a PHP warning), refusals, and what a
failed exchange may have done."""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from pydantic import ValidationError

from .errors import PayKeeperAuthError, PayKeeperRejected, PayKeeperUnavailable
from .models import Invoice, Payment

# The client's logger: what operators filter on did not change when the client was split.
log = logging.getLogger("paykeeper.client")

TOKEN_ERROR_CODE = 67
_TOKEN_ERROR_TEXT = "токен безопасности не верен"  # noqa: S105 - PayKeeper's error text
_BAD_CREDENTIALS = "PayKeeper refused the login and password"
_BAD_URL = "the address does not answer as PayKeeper's API"
_LOGIN_FORM = b'type="password"'  # PayKeeper's login page, served instead of JSON
_Model = TypeVar("_Model", Invoice, Payment)


def is_token_rejection(exc: PayKeeperRejected) -> bool:
    # Older servers send only the message, newer ones add error_code 67.
    return exc.error_code == TOKEN_ERROR_CODE or _TOKEN_ERROR_TEXT in exc.message.casefold()


def _error_code(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def unexpected(what: str) -> PayKeeperUnavailable:
    # PayKeeper answered JSON we cannot use; the call may still have taken effect.
    return PayKeeperUnavailable(
        f"unexpected answer from PayKeeper: {what}", maybe_processed=True, reason="unexpected"
    )


class JsonShape(Enum):
    CLEAN = "clean"  # the whole body is JSON
    SALVAGED = "salvaged"  # JSON after leading junk (a PHP warning, an HTML fragment)
    NONE = "none"  # no JSON that can be trusted


# How far into a junk-prefixed body to look for the JSON's first bracket.
_SALVAGE_CANDIDATES = 64


def read_json(body: bytes) -> tuple[Any, JsonShape]:
    """The body as JSON, or the JSON object or array that ends it after leading junk.

    Unambiguous only: the salvaged value must run to the very end of the body (PHP prints its
    warnings before the answer), so a fragment inside an HTML page is never taken for it."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, JsonShape.NONE
    try:
        return json.loads(text, parse_float=Decimal), JsonShape.CLEAN
    except ValueError:
        pass
    decoder = json.JSONDecoder(parse_float=Decimal)
    stripped = text.rstrip()
    starts = [i for i, char in enumerate(stripped) if char in "{["][:_SALVAGE_CANDIDATES]
    for start in starts:
        try:
            value, end = decoder.raw_decode(stripped, start)
        except ValueError:
            continue
        if end == len(stripped) and isinstance(value, dict | list):
            return value, JsonShape.SALVAGED
    return None, JsonShape.NONE


def _is_fail(answer: Any) -> bool:
    return isinstance(answer, dict) and answer.get("result") == "fail"


def _maybe_done(path: str, why: str, *, reason: str, status: int) -> PayKeeperUnavailable:
    return PayKeeperUnavailable(
        f"{why} ({path}); the request may have been carried out",
        maybe_processed=True,
        reason=reason,
        status=status,
    )


def _decode_change(path: str, status: int, answer: Any, shape: JsonShape) -> Any:
    """A preview, send or revoke reached PayKeeper: anything but a clean, understood answer
    means it may have been done. Never an auth error here (the token request already proved
    the credentials), so the caller never offers a retry that could bill twice."""
    if status >= 500:
        raise _maybe_done(
            path, f"PayKeeper server error (HTTP {status})", reason="server_error", status=status
        )
    if shape is JsonShape.NONE or not 200 <= status < 300:
        raise _maybe_done(
            path,
            f"unreadable answer from PayKeeper (HTTP {status})",
            reason="unreadable",
            status=status,
        )
    if shape is JsonShape.SALVAGED:
        if _is_fail(answer):  # a refusal wrapped in a PHP error is no proof of anything
            raise _maybe_done(
                path,
                "PayKeeper's refusal came inside an error page",
                reason="unreadable",
                status=status,
            )
        log.warning("PayKeeper answered %s with junk before its JSON; the JSON was used", path)
    return answer


def _decode_read(path: str, status: int, answer: Any, shape: JsonShape, body: bytes) -> Any:
    """The token request or a read: changes nothing, so a refusal or a page that is not
    PayKeeper's API can be called what it is, wrong credentials or a wrong URL."""
    if status >= 500:
        raise PayKeeperUnavailable(
            f"PayKeeper server error (HTTP {status}, {path})",
            maybe_processed=True,
            reason="server_error",
        )
    if status in (401, 403):
        raise PayKeeperAuthError(f"{_BAD_CREDENTIALS} (HTTP {status}, {path})")
    if status == 303:  # PayKeeper sends a refused login to its login page
        raise PayKeeperAuthError(f"{_BAD_CREDENTIALS} (HTTP {status}, {path})")
    if status >= 300:  # a 404, or moved elsewhere (http for https, another host)
        raise PayKeeperAuthError(f"{_BAD_URL} (HTTP {status}, {path})", cause="url")
    if shape is JsonShape.NONE:
        if _LOGIN_FORM in body.lower():
            raise PayKeeperAuthError(f"{_BAD_CREDENTIALS} (a login page, {path})")
        raise PayKeeperAuthError(f"{_BAD_URL} (not a JSON answer, {path})", cause="url")
    if shape is JsonShape.SALVAGED:
        if _is_fail(answer):
            raise unexpected("a refusal inside an error page")
        log.warning("PayKeeper answered %s with junk before its JSON; the JSON was used", path)
    return answer


def expect_success(answer: Any, what: str) -> None:
    if not (isinstance(answer, dict) and answer.get("result") == "success"):
        raise unexpected(f"{what} did not say success")


def decode(method: str, path: str, status: int, body: bytes) -> Any:
    answer, shape = read_json(body)
    # Business errors come as HTTP 200 (and sometimes not): check `result` first. Only a
    # clean answer counts as PayKeeper's refusal; inside junk it proves nothing.
    if shape is JsonShape.CLEAN and _is_fail(answer):
        message = answer.get("msg")
        raise PayKeeperRejected(
            message if isinstance(message, str) and message else "PayKeeper refused",
            _error_code(answer.get("error_code")),
        )
    if status in (408, 429) and shape is not JsonShape.CLEAN:
        # A proxy's "too many requests" or "request timeout": the request was not taken.
        raise PayKeeperUnavailable(
            f"PayKeeper is busy (HTTP {status}, {path})", maybe_processed=False, reason="busy"
        )
    if method == "POST":
        return _decode_change(path, status, answer, shape)
    return _decode_read(path, status, answer, shape, body)


def as_list(answer: Any) -> list[Any]:
    if isinstance(answer, list):
        return answer
    if answer is None or answer == {}:
        return []  # PHP encodes an empty array as {} in some code paths
    raise unexpected("expected an array")


def parse(model: type[_Model], item: Any) -> _Model:
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        raise unexpected(f"malformed {model.__name__.lower()}") from exc
