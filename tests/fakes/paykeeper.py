"""An aiohttp server playing PayKeeper on 127.0.0.1, per /work/shared/paykeeper-api.md.

Used by the client's unit tests, the bot's end-to-end tests and the benchmark, so it stays
cheap: plain dicts, string comparisons for dates, no access log.

Choices where PayKeeper's behaviour is unknown (documented here so tests can rely on them):
- revoke of an unpaid invoice sets status "revoked" (revoking twice succeeds); a paid invoice
  cannot be revoked and an expired one stays "expired";
- send requires a client_email and an unpaid, unexpired invoice;
- invoices past their expiry turn "expired" lazily, whenever they are looked at;
- absent text fields are stored as "" (PHP style), absent dates and paymentid as null;
- list returns invoices in creation order; `limit` defaults to 100;
- an unknown payment id gives an empty array.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import html
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from paykeeper.moscow import MSK
from tests.fakes.paykeeper_fiscal import FiscalCalls
from tests.fakes.paykeeper_receipts import ReceiptCalls

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
TOKEN_ERROR = "Токен безопасности не верен."
NOT_FOUND = "Счёт не найден."
PAST_EXPIRY = "Дата выставляемого счёта уже прошла"
FAULTS = (
    "timeout",
    "timeout-after",
    "500",
    "500-after",
    "html",
    "html-after",
    "303",
    "drop",
    "drop-after",
    # Processed, then answered badly: a PHP warning before the JSON, the JSON cut short,
    # JSON of another shape, a refusal printed after a warning.
    "warning-after",
    "truncated-after",
    "shape-after",
    "fail-after-warning",
)
_PHP_WARNING = (
    b'<br />\n<b>Warning</b>:  Undefined array key "lang" in '
    b"<b>/var/www/paykeeper/invoice.php</b> on line <b>112</b><br />\n"
)

_LOGIN_PAGE = (
    "<!DOCTYPE html><html><head><title>PayKeeper: вход</title></head><body>"
    '<form method="post" action="/login"><input name="login"><input name="password" '
    'type="password"></form></body></html>'
)


@dataclass(slots=True)
class RecordedRequest:
    """What reached the fake, before any auth or token check."""

    method: str
    path: str
    query: dict[str, str]
    query_items: list[tuple[str, str]]  # keeps repeated keys such as status[]
    form: dict[str, str]
    body: bytes
    content_type: str
    authorized: bool
    peer_port: int | None  # tells keep-alive reuse apart from new connections
    at: float = 0.0  # when it arrived, by the fake's clock


@dataclass(slots=True)
class _Fault:
    prefix: str
    kind: str
    remaining: int
    error_code: int | None = None
    status: int = 200


class _BusinessError(Exception):
    """A business error: HTTP 200 with result "fail"."""

    def __init__(self, msg: str, error_code: int | None = None) -> None:
        super().__init__(msg)
        self.msg = msg
        self.error_code = error_code


def _php_json(payload: Any) -> bytes:
    # PHP's json_encode escapes non-ASCII as \uXXXX and "/" as "\/"; "/" only occurs in strings.
    return json.dumps(payload, ensure_ascii=True).replace("/", "\\/").encode("ascii")


def _now_msk() -> datetime:
    return datetime.now(MSK).replace(microsecond=0)


def _fmt(dt: datetime) -> str:
    return dt.astimezone(MSK).strftime("%Y-%m-%d %H:%M:%S")


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _parse_expiry(text: str) -> datetime:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        with contextlib.suppress(ValueError):
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=MSK)
    raise _BusinessError("Неверный формат даты окончания действия счёта.")


def _parse_amount(text: str) -> Decimal:
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        raise _BusinessError("Неверно указана сумма счёта.") from None
    # Two places at most: a float leaking through (1500.0000001) must show up in tests.
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise _BusinessError("Неверно указана сумма счёта.")
    return amount.quantize(Decimal("0.01"))


def _int_param(query: dict[str, str], name: str, default: int) -> int:
    text = query.get(name, "")
    if not text:
        return default
    if not text.isdigit():
        raise _BusinessError(f"Неверное значение параметра {name}.")
    return int(text)


class FakePayKeeper:
    def __init__(
        self,
        user: str = "demo",
        password: str = "demo",  # noqa: S107 - PayKeeper's public demo login
        *,
        latency: float = 0.0,
        html_on_bad_auth: bool = False,
        secret: str = "s3cr3t",  # noqa: S107 - the secret of the documented test vectors
    ) -> None:
        self.user = user
        self.password = password
        self.latency = latency  # seconds added to every request; mutable
        # While set to an unset event, every request waits for it before being answered: a
        # test looks at what happens while PayKeeper holds a request, then lets it go.
        self.held: asyncio.Event | None = None
        self.html_on_bad_auth = html_on_bad_auth
        self.secret = secret  # the notification secret word
        # Stamps each request's arrival: a test may hand it the clock of what it checks.
        self.clock: Callable[[], float] = time.monotonic
        self.legacy_token_error = False  # True: token errors without error_code (old servers)
        self.numeric_json = False  # True: ids and amounts as JSON numbers, not strings
        self.hang_seconds = 60.0  # how long a "timeout" fault hangs (stop() ends it early)
        self.url = ""
        self.token = secrets.token_hex(16)
        self.token_requests = 0
        self.invoices: dict[str, dict[str, Any]] = {}
        self.payments: dict[str, dict[str, Any]] = {}
        self.requests: list[RecordedRequest] = []
        self.sent: list[str] = []
        self._faults: list[_Fault] = []
        self._id_second = datetime.min.replace(tzinfo=MSK)
        self._id_seq = 0
        self._payment_seq = 300_000
        self._stopping = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._routes: dict[tuple[str, str], Callable[[RecordedRequest], Any]] = {
            ("GET", "/info/settings/token/"): self._token,
            ("POST", "/change/invoice/preview/"): self._preview,
            ("POST", "/change/invoice/send/"): self._send,
            ("POST", "/change/invoice/revoke/"): self._revoke,
            ("GET", "/info/invoice/byid/"): self._invoice_by_id,
            ("GET", "/info/invoice/list/"): self._invoice_list,
            ("GET", "/info/payments/byid/"): self._payment_by_id,
        }
        self.receipts = ReceiptCalls(self)  # carts, refunds, cash, search (issue 13)
        self._routes.update(self.receipts.routes())
        self.fiscal = FiscalCalls(self)  # receipt print, receipts by payment
        self._routes.update(self.fiscal.routes())

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._stopping.clear()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self.url = f"http://{bound_host}:{bound_port}"
        return self.url

    async def stop(self) -> None:
        self._stopping.set()  # wakes hanging "timeout" handlers
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakePayKeeper:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- test controls ----------------------------------------------------------------------

    def rotate_token(self) -> None:
        """PayKeeper's daily change: requests with the old token now fail with error 67."""
        self.token = secrets.token_hex(16)

    def fail_next(
        self,
        path: str,
        fault: str,
        times: int = 1,
        *,
        error_code: int | None = None,
        status: int = 200,
    ) -> None:
        """Break the next `times` requests whose path starts with `path`.

        fault: "timeout" (hang, unprocessed), "timeout-after" (processed, then hang),
        "500", "html" (200 with a login page), "303" (redirect to the login page),
        "drop" (close the connection, unprocessed), "drop-after" (processed, then close),
        "500-after" / "html-after" (processed, then that answer), "warning-after" (processed,
        a PHP warning before the JSON), "truncated-after" (processed, half the JSON),
        "shape-after" (processed, JSON without the expected fields), "fail-after-warning"
        (processed, then a PHP warning and a refusal),
        or "fail:<msg>" (result fail with that msg, the optional error_code, and HTTP `status`).
        """
        if fault not in FAULTS and not fault.startswith("fail:"):
            raise ValueError(f"unknown fault {fault!r}")
        self._faults.append(_Fault(path, fault, times, error_code, status))

    def clear_faults(self) -> None:
        self._faults.clear()

    def mark_paid(self, invoice_id: str, payment_id: str | None = None) -> dict[str, str]:
        """Pay the invoice; returns the POST notification PayKeeper would send the merchant."""
        invoice = self.invoices[invoice_id]
        if payment_id is None:
            self._payment_seq += 1
            payment_id = str(self._payment_seq)
        paid = _fmt(_now_msk())
        invoice.update(status="paid", paymentid=payment_id, paid_datetime=paid)
        self.payments[payment_id] = {
            "id": payment_id,
            "pay_amount": invoice["pay_amount"],
            "refund_amount": "0.00",
            "clientid": invoice["clientid"],
            "orderid": invoice["orderid"],
            "service_name": invoice["service_name"],
            "client_email": invoice["client_email"],
            "client_phone": invoice["client_phone"],
            "status": "success",
            "success_datetime": paid,
        }
        signed = payment_id + invoice["pay_amount"] + invoice["clientid"] + invoice["orderid"]
        return {
            "id": payment_id,
            "sum": invoice["pay_amount"],
            "clientid": invoice["clientid"],
            "orderid": invoice["orderid"],
            "key": _md5(signed + self.secret),
            "service_name": invoice["service_name"],
            "client_email": invoice["client_email"],
            "client_phone": invoice["client_phone"],
            "ps_id": "1",
            "obtain_datetime": paid,
        }

    def expire(self, invoice_id: str) -> None:
        invoice = self.invoices[invoice_id]
        invoice.update(status="expired", expiry_datetime=_fmt(_now_msk()))

    # -- HTTP plumbing ----------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            query=dict(request.query),
            query_items=list(request.query.items()),
            form=self._form(request, body),
            body=body,
            content_type=request.content_type,
            authorized=self._authorized(request),
            peer_port=self._peer_port(request),
            at=self.clock(),
        )
        self.requests.append(record)
        if self.latency:
            await asyncio.sleep(self.latency)
        if self.held is not None:
            await self.held.wait()

        fault = self._take_fault(record.path)
        if fault is not None and "-after" not in fault.kind:
            return await self._broken(request, fault)
        if not record.authorized:
            if self.html_on_bad_auth:
                return web.Response(text=_LOGIN_PAGE, content_type="text/html")
            return web.Response(
                status=401,
                text="401 Unauthorized",
                headers={"WWW-Authenticate": 'Basic realm="PayKeeper"'},
            )
        route = self._routes.get((record.method, record.path))
        if route is None or not self.receipts.supported(record.path):
            return web.Response(status=404, text="<h1>Not Found</h1>", content_type="text/html")
        try:
            if record.method == "POST":
                self._check_token(record)
            payload = route(record)
        except _BusinessError as fail:
            payload = {"result": "fail", "msg": fail.msg}
            if fail.error_code is not None:
                payload["error_code"] = fail.error_code
        if fault is not None:  # "-after": the work is done, the answer gets lost or mangled
            return await self._broken(request, fault, _php_json(payload))
        return web.Response(body=_php_json(payload), content_type="application/json")

    async def _broken(
        self, request: web.Request, fault: _Fault, answer: bytes = b""
    ) -> web.StreamResponse:
        kind = fault.kind
        if kind == "warning-after":
            return web.Response(body=_PHP_WARNING + answer, content_type="text/html")
        if kind == "truncated-after":
            return web.Response(body=answer[: len(answer) // 2], content_type="application/json")
        if kind == "shape-after":
            return web.Response(body=b'{"status":"ok"}', content_type="application/json")
        if kind == "fail-after-warning":
            fail = _php_json({"result": "fail", "msg": "Ошибка базы данных"})
            return web.Response(body=_PHP_WARNING + fail, content_type="text/html")
        if kind.startswith("timeout"):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.hang_seconds)
            return web.Response(status=504, text="Gateway Timeout")
        if kind.startswith("drop"):
            if request.transport is not None:
                request.transport.close()
            raise asyncio.CancelledError  # aiohttp then drops the request quietly
        if kind.startswith("500"):
            return web.Response(
                status=500, text="<h1>Internal Server Error</h1>", content_type="text/html"
            )
        if kind.startswith("html"):
            return web.Response(text=_LOGIN_PAGE, content_type="text/html")
        if kind == "303":
            return web.Response(status=303, headers={"Location": "/login"})
        payload: dict[str, Any] = {"result": "fail", "msg": kind.removeprefix("fail:")}
        if fault.error_code is not None:
            payload["error_code"] = fault.error_code
        return web.Response(
            status=fault.status, body=_php_json(payload), content_type="application/json"
        )

    def _take_fault(self, path: str) -> _Fault | None:
        for fault in self._faults:
            if path.startswith(fault.prefix):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _authorized(self, request: web.Request) -> bool:
        scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except ValueError:  # binascii.Error and UnicodeDecodeError alike
            return False
        login, _, password = decoded.partition(":")
        return login == self.user and password == self.password

    @staticmethod
    def _form(request: web.Request, body: bytes) -> dict[str, str]:
        if request.method != "POST" or request.content_type != FORM_CONTENT_TYPE:
            return {}
        try:
            return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            return {}

    @staticmethod
    def _peer_port(request: web.Request) -> int | None:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        return int(peer[1]) if isinstance(peer, tuple) and len(peer) >= 2 else None

    def _check_token(self, record: RecordedRequest) -> None:
        # A body that is not a form has no readable token: PayKeeper says the same.
        if record.content_type != FORM_CONTENT_TYPE or record.form.get("token") != self.token:
            raise _BusinessError(TOKEN_ERROR, None if self.legacy_token_error else 67)

    # -- PayKeeper's endpoints --------------------------------------------------------------

    def _token(self, _: RecordedRequest) -> dict[str, str]:
        self.token_requests += 1
        return {"token": self.token}

    def _preview(self, record: RecordedRequest) -> dict[str, Any]:
        form = record.form
        if not form.get("pay_amount", "").strip():
            raise _BusinessError("Не указана сумма счёта.")
        amount = _parse_amount(form["pay_amount"])
        cart = self.receipts.check_cart(form.get("service_name", ""), amount)
        now = _now_msk()
        expiry: str | None = None
        if form.get("expiry", "").strip():
            expiry_at = _parse_expiry(form["expiry"])
            # A bare date means 00:00 of that day, so today's date is already past.
            if expiry_at <= now:
                raise _BusinessError(PAST_EXPIRY)
            expiry = _fmt(expiry_at)
        invoice_id = self._new_invoice_id(now)
        if cart is not None:
            self.receipts.carts[invoice_id] = cart
        self.invoices[invoice_id] = {
            "id": invoice_id,
            "user_id": "1",
            "status": "created",
            "pay_amount": f"{amount:f}",
            "clientid": form.get("clientid", ""),
            "orderid": form.get("orderid", ""),
            "paymentid": None,
            "service_name": form.get("service_name", ""),
            "client_email": form.get("client_email", ""),
            "client_phone": form.get("client_phone", ""),
            "expiry_datetime": expiry,
            "created_datetime": _fmt(now),
            "paid_datetime": None,
        }
        letter = (
            f"<html><body><p>Счёт № {invoice_id} на сумму {amount:f} руб.</p>"
            f"<p>{html.escape(form.get('service_name', ''))}</p></body></html>"
        )
        return {
            "invoice_id": self._out_id(invoice_id),
            "invoice_url": f"{self.url}/bill/{invoice_id}/",
            "invoice": letter,
        }

    def _send(self, record: RecordedRequest) -> dict[str, str]:
        invoice = self._find(record.form.get("id", ""))
        if invoice["status"] not in ("created", "sent"):
            raise _BusinessError("Счёт нельзя отправить в его текущем статусе.")
        if not invoice["client_email"]:
            raise _BusinessError("Не указан адрес электронной почты клиента.")
        invoice["status"] = "sent"
        self.sent.append(invoice["id"])
        return {"result": "success"}

    def _revoke(self, record: RecordedRequest) -> dict[str, str]:
        invoice = self._find(record.form.get("id", ""))
        if invoice["status"] == "paid":
            raise _BusinessError("Счёт уже оплачен, его нельзя отозвать.")
        if invoice["status"] != "expired":
            invoice["status"] = "revoked"
        return {"result": "success"}

    def _invoice_by_id(self, record: RecordedRequest) -> dict[str, Any]:
        return self._out_invoice(self._find(record.query.get("id", "")))

    def _invoice_list(self, record: RecordedRequest) -> list[dict[str, Any]]:
        query = record.query
        try:
            start = date.fromisoformat(query.get("start_date", "")).isoformat()
            end = date.fromisoformat(query.get("end_date", "")).isoformat()
        except ValueError:
            raise _BusinessError("Неверно указан период.") from None
        statuses = {value for key, value in record.query_items if key == "status[]"}
        offset = _int_param(query, "from", 0)
        limit = _int_param(query, "limit", 100)
        now = _fmt(_now_msk())
        matching = []
        for invoice in self.invoices.values():
            # "YYYY-MM-DD ..." strings compare like the dates they spell.
            if not start <= invoice["created_datetime"][:10] <= end:
                continue
            self._expire_if_due(invoice, now)
            if statuses and invoice["status"] not in statuses:
                continue
            matching.append(invoice)
        return [self._out_invoice(invoice) for invoice in matching[offset : offset + limit]]

    def _payment_by_id(self, record: RecordedRequest) -> list[dict[str, Any]]:
        payment = self.payments.get(record.query.get("id", ""))
        if payment is None:
            return []
        out = dict(payment)
        if self.numeric_json:
            out["id"] = int(out["id"])
            out["pay_amount"] = float(out["pay_amount"])
        return [out]

    # -- helpers ----------------------------------------------------------------------------

    def _find(self, invoice_id: str) -> dict[str, Any]:
        invoice = self.invoices.get(invoice_id)
        if invoice is None:
            raise _BusinessError(NOT_FOUND)
        self._expire_if_due(invoice, _fmt(_now_msk()))
        return invoice

    @staticmethod
    def _expire_if_due(invoice: dict[str, Any], now: str) -> None:
        expiry = invoice["expiry_datetime"]
        if invoice["status"] in ("created", "sent") and expiry is not None and expiry <= now:
            invoice["status"] = "expired"

    def _new_invoice_id(self, now: datetime) -> str:
        # YYYYMMDDhhmmss + 3 digits; past 1000 a second the clock part runs ahead to stay unique.
        if now > self._id_second:
            self._id_second, self._id_seq = now, 0
        elif self._id_seq >= 1000:
            self._id_second, self._id_seq = self._id_second + timedelta(seconds=1), 0
        invoice_id = f"{self._id_second:%Y%m%d%H%M%S}{self._id_seq:03d}"
        self._id_seq += 1
        return invoice_id

    def _out_id(self, value: str | None) -> str | int | None:
        return int(value) if self.numeric_json and value else value

    def _out_invoice(self, invoice: dict[str, Any]) -> dict[str, Any]:
        if not self.numeric_json:
            return invoice
        return {
            **invoice,
            "id": self._out_id(invoice["id"]),
            "paymentid": self._out_id(invoice["paymentid"]),
            "pay_amount": float(invoice["pay_amount"]),
        }
