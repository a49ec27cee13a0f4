"""Async PayKeeper JSON API client: one keep-alive session, a shared token, typed answers."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import TracebackType
from typing import Any, Self, TypeVar

import aiohttp
from pydantic import ValidationError
from yarl import URL

from .errors import PayKeeperAuthError, PayKeeperRejected, PayKeeperUnavailable
from .models import CENT, CreatedInvoice, Invoice, InvoiceRequest, Payment
from .moscow import MSK, format_msk

log = logging.getLogger(__name__)

TOKEN_PATH = "/info/settings/token/"  # noqa: S105 - a URL path, not a secret
PREVIEW_PATH = "/change/invoice/preview/"
SEND_PATH = "/change/invoice/send/"
REVOKE_PATH = "/change/invoice/revoke/"
INVOICE_PATH = "/info/invoice/byid/"
INVOICE_LIST_PATH = "/info/invoice/list/"
PAYMENT_PATH = "/info/payments/byid/"

TOKEN_ERROR_CODE = 67
_TOKEN_ERROR_TEXT = "токен безопасности не верен"  # noqa: S105 - PayKeeper's error text
_BAD_CREDENTIALS = "PayKeeper refused the login and password"
_BAD_URL = "the address does not answer as PayKeeper's API"
_LOGIN_FORM = b'type="password"'  # PayKeeper's login page, served instead of JSON

Params = list[tuple[str, str]]
# Told about every HTTP exchange: (path, seconds, None or what went wrong: "rejected",
# "auth_credentials", "auth_url", or PayKeeperUnavailable's reason). For metrics; must not raise.
RequestObserver = Callable[[str, float, str | None], None]
_Model = TypeVar("_Model", Invoice, Payment)


def _is_token_rejection(exc: PayKeeperRejected) -> bool:
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


def _unexpected(what: str) -> PayKeeperUnavailable:
    # PayKeeper answered JSON we cannot use; the call may still have taken effect.
    return PayKeeperUnavailable(
        f"unexpected answer from PayKeeper: {what}", maybe_processed=True, reason="unexpected"
    )


def _preview_form(request: InvoiceRequest) -> Params:
    # Field order mirrors the docs; None fields are omitted rather than sent empty.
    fields: list[tuple[str, str | None]] = [
        ("pay_amount", f"{request.amount.quantize(CENT):f}"),
        ("clientid", request.client_id),
        ("orderid", request.order_id),
        ("service_name", request.service_name),
        ("client_email", request.client_email),
        ("client_phone", request.client_phone),
        ("expiry", format_msk(request.expiry) if request.expiry is not None else None),
    ]
    return [(name, value) for name, value in fields if value is not None]


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


def _maybe_done(path: str, why: str, *, reason: str) -> PayKeeperUnavailable:
    return PayKeeperUnavailable(
        f"{why} ({path}); the request may have been carried out",
        maybe_processed=True,
        reason=reason,
    )


def _decode_change(path: str, status: int, answer: Any, shape: JsonShape) -> Any:
    """A preview, send or revoke reached PayKeeper: anything but a clean, understood answer
    means it may have been done. Never an auth error here (the token request already proved
    the credentials), so the caller never offers a retry that could bill twice."""
    if status >= 500:
        raise _maybe_done(path, f"PayKeeper server error (HTTP {status})", reason="server_error")
    if shape is JsonShape.NONE or not 200 <= status < 300:
        raise _maybe_done(
            path, f"unreadable answer from PayKeeper (HTTP {status})", reason="unreadable"
        )
    if shape is JsonShape.SALVAGED:
        if _is_fail(answer):  # a refusal wrapped in a PHP error is no proof of anything
            raise _maybe_done(
                path, "PayKeeper's refusal came inside an error page", reason="unreadable"
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
            raise _unexpected("a refusal inside an error page")
        log.warning("PayKeeper answered %s with junk before its JSON; the JSON was used", path)
    return answer


def _expect_success(answer: Any, what: str) -> None:
    if not (isinstance(answer, dict) and answer.get("result") == "success"):
        raise _unexpected(f"{what} did not say success")


class PayKeeperClient:
    """Client for one PayKeeper server. Create it once and share it; close it on shutdown."""

    def __init__(
        self,
        base_url: str,
        user: str,
        password: str,
        *,
        timeout: float = 10.0,
        connect_timeout: float = 4.0,
        observer: RequestObserver | None = None,
    ) -> None:
        url = URL(base_url.rstrip("/"))
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError("PayKeeper URL must look like https://<name>.server.paykeeper.ru")
        if url.user is not None or url.password is not None:
            raise ValueError("put PayKeeper credentials in user/password, not in the URL")
        self._base_url = str(url)
        if ":" in user:
            raise ValueError('a ":" is not allowed in a Basic auth login')
        # Built by hand: aiohttp 3.14 deprecates BasicAuth and older versions lack its successor.
        # UTF-8 so a Cyrillic login is encoded the way browsers do it.
        credentials = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._authorization = f"Basic {credentials}"
        self._timeout = aiohttp.ClientTimeout(total=timeout, sock_connect=connect_timeout)
        self._session: aiohttp.ClientSession | None = None
        self._token: str | None = None
        self._token_lock = asyncio.Lock()
        self.token_requests = 0
        self._observer = observer

    def __repr__(self) -> str:
        # Keep credentials out of any repr that might end up in a log.
        return f"PayKeeperClient({self._base_url!r})"

    @property
    def base_url(self) -> str:
        return self._base_url

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    # -- public API -------------------------------------------------------------------------

    async def create_invoice(self, request: InvoiceRequest) -> CreatedInvoice:
        """Create a payable invoice. Never retried after a network failure: see errors.py."""
        answer = await self._post(PREVIEW_PATH, _preview_form(request))
        if not isinstance(answer, dict):
            raise _unexpected("preview is not an object")
        try:
            return CreatedInvoice.model_validate(answer)
        except ValidationError:
            raise _unexpected("preview has no invoice_id/invoice_url") from None

    async def send_invoice(self, invoice_id: str) -> None:
        """Ask PayKeeper to e-mail the invoice to its client_email."""
        _expect_success(await self._post(SEND_PATH, [("id", invoice_id)]), "send")

    async def revoke_invoice(self, invoice_id: str) -> None:
        _expect_success(await self._post(REVOKE_PATH, [("id", invoice_id)]), "revoke")

    async def get_invoice(self, invoice_id: str) -> Invoice:
        """Raises PayKeeperRejected("Счёт не найден.") for an unknown id."""
        answer = await self._get(INVOICE_PATH, [("id", invoice_id)])
        if isinstance(answer, list) and len(answer) == 1:
            answer = answer[0]  # tolerate an array-wrapped object
        return self._parse(Invoice, answer)

    async def list_invoices(
        self,
        start: date,
        end: date,
        statuses: Sequence[str] = (),
        *,
        offset: int = 0,
        limit: int = 100,
    ) -> list[Invoice]:
        """Invoices created in [start, end] (Moscow dates), optionally with given statuses."""
        params: Params = [("start_date", start.isoformat()), ("end_date", end.isoformat())]
        params += [("status[]", status) for status in statuses]
        params += [("from", str(offset)), ("limit", str(limit))]
        answer = await self._get(INVOICE_LIST_PATH, params)
        return [self._parse(Invoice, item) for item in self._as_list(answer)]

    async def find_invoice_by_order(
        self, order_id: str, created_on_or_after: date, *, page_size: int = 100
    ) -> Invoice | None:
        """Find the invoice with this exact orderid (used when a preview's answer was lost).

        PayKeeper has no lookup by orderid, so this pages through the list up to today
        (Moscow). If several match (identical previews), the newest one is returned.
        """
        today = datetime.now(MSK).date()
        start = min(created_on_or_after, today)
        found: Invoice | None = None
        seen: set[str] = set()
        offset = 0
        while True:
            page = await self.list_invoices(start, today, offset=offset, limit=page_size)
            fresh = [invoice for invoice in page if invoice.id not in seen]
            for invoice in fresh:
                seen.add(invoice.id)
                # Ids start with the creation time, so the larger id is the newer invoice.
                if invoice.orderid == order_id and (found is None or invoice.id > found.id):
                    found = invoice
            # A short page is the last one; no new ids means `from` is being ignored.
            if len(page) < page_size or not fresh:
                return found
            offset += len(page)

    async def get_payment(self, payment_id: str) -> Payment | None:
        """The payment, or None when PayKeeper answers with an empty array."""
        items = self._as_list(await self._get(PAYMENT_PATH, [("id", payment_id)]))
        return self._parse(Payment, items[0]) if items else None

    async def check(self) -> None:
        """Health check: fetch a fresh token, proving the URL and credentials work.

        Always one request (a cached token proves nothing about now); the token it gets
        replaces the cached one.
        """
        async with self._token_lock:
            self._token = await self._fetch_token()

    # -- token ------------------------------------------------------------------------------

    async def _fetch_token(self) -> str:
        self.token_requests += 1
        answer = await self._request("GET", TOKEN_PATH)
        token = answer.get("token") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise _unexpected("no token")
        return token

    async def _current_token(self) -> str:
        if self._token is not None:
            return self._token
        async with self._token_lock:
            # Whoever got the lock first fetched it for everybody waiting.
            if self._token is None:
                self._token = await self._fetch_token()
            return self._token

    async def _refreshed_token(self, stale: str) -> str:
        async with self._token_lock:
            # Only the first request rejected with `stale` fetches; the rest reuse its result.
            if self._token is None or self._token == stale:
                self._token = None
                self._token = await self._fetch_token()
            return self._token

    # -- transport --------------------------------------------------------------------------

    async def _post(self, path: str, fields: Params) -> Any:
        try:
            token = await self._current_token()
        except PayKeeperUnavailable as exc:
            # The POST itself was never sent, whatever happened to the token request.
            raise PayKeeperUnavailable(
                exc.message, maybe_processed=False, reason=exc.reason
            ) from exc
        try:
            return await self._request("POST", path, form=[*fields, ("token", token)])
        except PayKeeperRejected as exc:
            if not _is_token_rejection(exc):
                raise
            log.info("PayKeeper rejected the cached token; refreshing it once")
        # PayKeeper refused the request outright, so repeating it (even a preview) is safe.
        try:
            token = await self._refreshed_token(token)
        except PayKeeperUnavailable as exc:
            raise PayKeeperUnavailable(
                exc.message, maybe_processed=False, reason=exc.reason
            ) from exc
        return await self._request("POST", path, form=[*fields, ("token", token)])

    async def _get(self, path: str, params: Params) -> Any:
        return await self._request("GET", path, params=params)

    def _client_session(self) -> aiohttp.ClientSession:
        # Created lazily: a session must be born inside the running event loop.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout,
                # Session-wide, so every request (token, GET, POST) carries Basic auth.
                headers={"Authorization": self._authorization, "Accept": "application/json"},
            )
        return self._session

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        form: Params | None = None,
    ) -> Any:
        """One HTTP exchange mapped onto the error types; the answer is decoded JSON."""
        if self._observer is None:
            return await self._exchange(method, path, params=params, form=form)
        started = time.monotonic()
        outcome: str | None = "interrupted"  # cancelled, or an error of no known kind
        try:
            answer = await self._exchange(method, path, params=params, form=form)
            outcome = None
            return answer
        except PayKeeperRejected:
            outcome = "rejected"
            raise
        except PayKeeperAuthError as exc:
            outcome = f"auth_{exc.cause}"
            raise
        except PayKeeperUnavailable as exc:
            outcome = exc.reason
            raise
        finally:
            self._observer(path, time.monotonic() - started, outcome)

    async def _exchange(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        form: Params | None = None,
    ) -> Any:
        url = self._base_url + path
        try:
            # `data=` with pairs makes aiohttp percent-encode as x-www-form-urlencoded.
            async with self._client_session().request(
                method, url, params=params, data=form, allow_redirects=False
            ) as response:
                status = response.status
                body = await response.read()
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            raise PayKeeperUnavailable(
                f"cannot connect to PayKeeper ({type(exc).__name__})",
                maybe_processed=False,
                reason="connect",
            ) from exc
        except TimeoutError as exc:
            raise PayKeeperUnavailable(
                f"PayKeeper did not answer in time ({path})",
                maybe_processed=True,
                reason="timeout",
            ) from exc
        except aiohttp.ClientError as exc:
            raise PayKeeperUnavailable(
                f"connection to PayKeeper was lost ({path}, {type(exc).__name__})",
                maybe_processed=True,
                reason="dropped",
            ) from exc
        log.debug("PayKeeper %s %s -> HTTP %s", method, path, status)
        return self._decode(method, path, status, body)

    @staticmethod
    def _decode(method: str, path: str, status: int, body: bytes) -> Any:
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

    @staticmethod
    def _as_list(answer: Any) -> list[Any]:
        if isinstance(answer, list):
            return answer
        if answer is None or answer == {}:
            return []  # PHP encodes an empty array as {} in some code paths
        raise _unexpected("expected an array")

    @staticmethod
    def _parse(model: type[_Model], item: Any) -> _Model:
        try:
            return model.model_validate(item)
        except ValidationError as exc:
            raise _unexpected(f"malformed {model.__name__.lower()}") from exc
