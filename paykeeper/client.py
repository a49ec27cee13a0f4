"""Async PayKeeper JSON API client: one keep-alive session, a shared token, typed answers.

The exchange itself is paykeeper/transport.py; reading PayKeeper's answers, answers.py.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Any, Self

import aiohttp
from pydantic import ValidationError
from yarl import URL

from .answers import (
    TOKEN_ERROR_CODE,
    JsonShape,
    as_list,
    expect_success,
    is_token_rejection,
    parse,
    read_json,
    unexpected,
)
from .errors import PayKeeperRejected, PayKeeperUnavailable
from .models import CENT, CreatedInvoice, Invoice, InvoiceRequest, Payment
from .moscow import MSK, format_msk
from .transport import Params, RequestObserver, Transport

__all__ = ["TOKEN_ERROR_CODE", "JsonShape", "PayKeeperClient", "RequestObserver", "read_json"]

log = logging.getLogger(__name__)

TOKEN_PATH = "/info/settings/token/"  # noqa: S105 - a URL path, not a secret
PREVIEW_PATH = "/change/invoice/preview/"
SEND_PATH = "/change/invoice/send/"
REVOKE_PATH = "/change/invoice/revoke/"
INVOICE_PATH = "/info/invoice/byid/"
INVOICE_LIST_PATH = "/info/invoice/list/"
PAYMENT_PATH = "/info/payments/byid/"
REVERSE_PATH = "/change/payment/reverse/"
ACCEPT_CASH_PATH = "/change/invoice/accept-cash/"
USER_SETTINGS_PATH = "/info/user/settings/"
SEARCH_PATH = "/info/invoice/search/"


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
        self._transport = Transport(
            self._base_url,
            f"Basic {credentials}",
            aiohttp.ClientTimeout(total=timeout, sock_connect=connect_timeout),
            observer,
        )
        self._token: str | None = None
        self._token_lock = asyncio.Lock()
        self.token_requests = 0

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
        await self._transport.close()

    # -- public API -------------------------------------------------------------------------

    async def create_invoice(self, request: InvoiceRequest) -> CreatedInvoice:
        """Create a payable invoice. Never retried after a network failure: see errors.py."""
        answer = await self._post(PREVIEW_PATH, _preview_form(request))
        if not isinstance(answer, dict):
            raise unexpected("preview is not an object")
        try:
            return CreatedInvoice.model_validate(answer)
        except ValidationError:
            raise unexpected("preview has no invoice_id/invoice_url") from None

    async def send_invoice(self, invoice_id: str) -> None:
        """Ask PayKeeper to e-mail the invoice to its client_email."""
        expect_success(await self._post(SEND_PATH, [("id", invoice_id)]), "send")

    async def revoke_invoice(self, invoice_id: str) -> None:
        expect_success(await self._post(REVOKE_PATH, [("id", invoice_id)]), "revoke")

    async def get_invoice(self, invoice_id: str) -> Invoice:
        """Raises PayKeeperRejected("Счёт не найден.") for an unknown id."""
        answer = await self.read(INVOICE_PATH, [("id", invoice_id)])
        if isinstance(answer, list) and len(answer) == 1:
            answer = answer[0]  # tolerate an array-wrapped object
        return parse(Invoice, answer)

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
        answer = await self.read(INVOICE_LIST_PATH, params)
        return [parse(Invoice, item) for item in as_list(answer)]

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
        items = as_list(await self.read(PAYMENT_PATH, [("id", payment_id)]))
        return parse(Payment, items[0]) if items else None

    # -- after the payment (see after_payment.py for the guesses) ---------------------------

    async def refund_payment(
        self, payment_id: str, amount: Decimal | None, refund_cart: str | None = None
    ) -> None:
        """Refund ``amount`` of a payment (None: all of it) by its **payment** id, with an
        optional refund cart (a JSON array). Never retried: it may have been done."""
        fields: Params = [("id", payment_id)]
        if amount is None:
            fields.append(("partial", "false"))
        else:
            fields += [("partial", "true"), ("amount", f"{amount.quantize(CENT):f}")]
        if refund_cart:
            fields.append(("refund_cart", refund_cart))
        expect_success(await self._post(REVERSE_PATH, fields), "refund")

    async def accept_cash(self, invoice_id: str) -> None:
        """Mark an unpaid invoice paid in cash (absent on some servers: a 404)."""
        expect_success(await self._post(ACCEPT_CASH_PATH, [("id", invoice_id)]), "accept-cash")

    async def user_settings(self) -> dict[str, Any]:
        answer = await self.read(USER_SETTINGS_PATH, [])
        return answer if isinstance(answer, dict) else {}

    async def search_invoices(self, query: str, start: date, end: date) -> list[Invoice]:
        """Invoices whose fields contain ``query`` (a substring match: filter afterwards)."""
        params: Params = [
            ("query", query),
            ("start_date", start.isoformat()),
            ("end_date", end.isoformat()),
        ]
        return [parse(Invoice, item) for item in as_list(await self.read(SEARCH_PATH, params))]

    async def post(self, path: str, fields: Params) -> Any:
        """A change the methods above do not cover (paykeeper/receipts.py): a POST with the
        token and its one retry on a stale token; the answer decoded, not read."""
        return await self._post(path, fields)

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
        answer = await self._transport.request("GET", TOKEN_PATH)
        token = answer.get("token") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise unexpected("no token")
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
            return await self._transport.request("POST", path, form=[*fields, ("token", token)])
        except PayKeeperRejected as exc:
            if not is_token_rejection(exc):
                raise
            log.info("PayKeeper rejected the cached token; refreshing it once")
        # PayKeeper refused the request outright, so repeating it (even a preview) is safe.
        try:
            token = await self._refreshed_token(token)
        except PayKeeperUnavailable as exc:
            raise PayKeeperUnavailable(
                exc.message, maybe_processed=False, reason=exc.reason
            ) from exc
        return await self._transport.request("POST", path, form=[*fields, ("token", token)])

    async def read(self, path: str, params: Params) -> Any:  # any info call (GET), as JSON
        return await self._transport.request("GET", path, params=params)
