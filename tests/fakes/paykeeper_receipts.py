"""The PayKeeper stand-in's receipts and after-payment calls (issue 13), per the shared notes'
"Receipts (54-FZ): the cart" and "Refunds, cash, search".

Choices where PayKeeper's behaviour is unknown (tests rely on them):
- a preview whose ``service_name`` carries a cart (any of the three formats) is refused, as a
  clean ``result: fail``, when a line is malformed or the line sums differ from ``pay_amount``;
  the parsed lines are kept in ``carts`` by invoice id;
- ``/change/payment/reverse/`` refunds by **payment** id: refused when the API user may not
  refund (``refunds_allowed``), for an unknown payment, for one not completed (success,
  obtained or stuck) or already refunded, and for more than what is left; a ``refund_cart``
  must add up to the refunded amount;
- ``/change/invoice/accept-cash/`` (``id``) marks an unpaid invoice paid by a new payment;
  absent (404, like a white-label server) when ``cash_supported`` is False;
- ``/info/user/settings/`` answers ``{"allow_reverse": true|false, ...}``;
- ``/info/invoice/search/`` (``query`` as a substring of orderid, service, e-mail or phone;
  ``start_date``/``end_date``) answers an array; absent when ``search_supported`` is False;
- every refund (the API's or one made "in the cabinet" with ``cabinet_refund``) is a record of
  ``/info/refunds/bypaymentid/`` (``id``, ``payment_id``, ``amount``, ``status``,
  ``datetime``); with ``refunds_take_time`` it stays ``refunding`` (and the payment's
  ``refund_amount`` unmoved, its status ``refunding``) until ``finish_refunds()``;
- ``/info/payments/bydate/`` (``start``/``end`` dates of the payment, ``status[]``, ``from``,
  ``limit``) answers the payments of the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from paykeeper.cart import CartError, CartLine, cart_total
from paykeeper.cart_wire import read_cart

if TYPE_CHECKING:
    from tests.fakes.paykeeper import FakePayKeeper, RecordedRequest

NO_REFUND_RIGHT = "У пользователя нет прав на проведение возвратов."
NOT_COMPLETED = "Возврат возможен только для завершённого платежа."
PAYMENT_NOT_FOUND = "Платёж не найден."
TOO_MUCH = "Сумма возврата превышает сумму платежа."
CART_MISMATCH = "Сумма корзины не совпадает с суммой счёта."
MONEY_TAKEN = ("success", "obtained", "stuck", "partially_refunded", "refunding")


@dataclass(slots=True)
class Refund:
    payment_id: str
    amount: Decimal
    partial: bool
    cart: list[CartLine] | None
    id: str = ""
    status: str = "done"
    datetime: str = ""
    cabinet: bool = False


class ReceiptCalls:
    """Carts, refunds, cash and search for one :class:`FakePayKeeper`."""

    def __init__(self, fake: FakePayKeeper) -> None:
        self._fake = fake
        self.refunds_allowed = True
        self.cash_supported = True
        self.search_supported = True
        self.carts: dict[str, list[CartLine]] = {}
        self.refunds: list[Refund] = []
        self.cash_paid: list[str] = []
        self.refunds_take_time = False
        self._refund_seq = 700_000

    def routes(self) -> dict[tuple[str, str], Any]:
        return {
            ("POST", "/change/payment/reverse/"): self._reverse,
            ("POST", "/change/invoice/accept-cash/"): self._accept_cash,
            ("GET", "/info/user/settings/"): self._user_settings,
            ("GET", "/info/invoice/search/"): self._search,
            ("GET", "/info/refunds/bypaymentid/"): self._refunds_of,
            ("GET", "/info/payments/bydate/"): self._by_date,
        }

    def supported(self, path: str) -> bool:
        if path == "/change/invoice/accept-cash/":
            return self.cash_supported
        if path == "/info/invoice/search/":
            return self.search_supported
        return True

    # -- the preview's cart -----------------------------------------------------------------

    def check_cart(self, service_name: str, amount: Decimal) -> list[CartLine] | None:
        """The cart a preview carries, refused the way PayKeeper refuses a bad one."""
        try:
            lines = read_cart(service_name)
        except CartError as error:
            raise self._fail(f"Неверный формат корзины: {error}") from None
        if lines is not None and cart_total(lines) != amount:
            raise self._fail(CART_MISMATCH)
        return lines

    # -- endpoints --------------------------------------------------------------------------

    def _reverse(self, record: RecordedRequest) -> dict[str, str]:
        form = record.form
        if not self.refunds_allowed:
            raise self._fail(NO_REFUND_RIGHT)
        payment = self._fake.payments.get(form.get("id", ""))
        if payment is None:
            raise self._fail(PAYMENT_NOT_FOUND)
        if payment["status"] not in MONEY_TAKEN:
            raise self._fail(NOT_COMPLETED)
        paid = Decimal(payment["pay_amount"])
        refunded = self._booked(payment["id"])
        partial = form.get("partial", "false") == "true"
        amount = self._amount(form.get("amount", "")) if partial else paid - refunded
        if amount > paid - refunded or amount <= 0:
            raise self._fail(TOO_MUCH)
        cart = None
        if form.get("refund_cart"):
            try:
                cart = read_cart(";PKC|" + form["refund_cart"] + "|")
            except CartError as error:
                raise self._fail(f"Неверный формат корзины возврата: {error}") from None
            if cart is None or cart_total(cart) != amount:
                raise self._fail(CART_MISMATCH)
        self._add_refund(payment, Refund(payment["id"], amount, partial, cart))
        return {"result": "success"}

    # -- refunds as PayKeeper records them --------------------------------------------------

    def cabinet_refund(self, payment_id: str, amount: Decimal | None = None) -> Refund:
        """A refund made in PayKeeper's cabinet, not through the API (all that is left when
        ``amount`` is None)."""
        payment = self._fake.payments[payment_id]
        left = Decimal(payment["pay_amount"]) - self._booked(payment_id)
        refund = Refund(payment_id, amount or left, amount is not None, None, cabinet=True)
        self._add_refund(payment, refund)
        return refund

    def finish_refunds(self) -> None:
        """The refunds under way are done: the payments show them."""
        for refund in self.refunds:
            if refund.status == "refunding":
                refund.status = "done"
        for payment_id in {refund.payment_id for refund in self.refunds}:
            self._show(self._fake.payments[payment_id])

    def _add_refund(self, payment: dict[str, Any], refund: Refund) -> None:
        from tests.fakes.paykeeper import _fmt, _now_msk

        self._refund_seq += 1
        refund.id = str(self._refund_seq)
        refund.datetime = _fmt(_now_msk())
        refund.status = "refunding" if self.refunds_take_time else "done"
        self.refunds.append(refund)
        self._show(payment)

    def _booked(self, payment_id: str) -> Decimal:
        mine = (r for r in self.refunds if r.payment_id == payment_id and r.status != "failed")
        return sum((r.amount for r in mine), Decimal(0))

    def _show(self, payment: dict[str, Any]) -> None:
        """The payment's refunded amount and status, from its finished refunds."""
        mine = [r for r in self.refunds if r.payment_id == payment["id"]]
        done = sum((r.amount for r in mine if r.status == "done"), Decimal(0))
        payment["refund_amount"] = f"{done:.2f}"
        if any(r.status == "refunding" for r in mine):
            payment["status"] = "refunding"
        elif done == Decimal(payment["pay_amount"]):
            payment["status"] = "refunded"
        elif done:
            payment["status"] = "partially_refunded"

    def _refunds_of(self, record: RecordedRequest) -> list[dict[str, str]]:
        payment_id = record.query.get("id", "")
        return [
            {
                "id": r.id,
                "payment_id": r.payment_id,
                "amount": f"{r.amount:.2f}",
                "status": r.status,
                "datetime": r.datetime,
            }
            for r in self.refunds
            if r.payment_id == payment_id
        ]

    def _by_date(self, record: RecordedRequest) -> list[dict[str, Any]]:
        start = record.query.get("start", "0000-00-00")
        end = record.query.get("end", "9999-99-99")
        statuses = {value for key, value in record.query_items if key == "status[]"}
        found = [
            payment
            for payment in self._fake.payments.values()
            if start <= payment["success_datetime"][:10] <= end
            and (not statuses or payment["status"] in statuses)
        ]
        offset = int(record.query.get("from", "0") or 0)
        limit = int(record.query.get("limit", "100") or 100)
        return found[offset : offset + limit]

    def _accept_cash(self, record: RecordedRequest) -> dict[str, str]:
        invoice = self._fake._find(record.form.get("id", ""))
        if invoice["status"] not in ("created", "sent"):
            raise self._fail("Счёт нельзя отметить оплаченным в его текущем статусе.")
        self._fake.mark_paid(invoice["id"])
        self.cash_paid.append(invoice["id"])
        return {"result": "success"}

    def _user_settings(self, _: RecordedRequest) -> dict[str, Any]:
        return {"login": self._fake.user, "allow_reverse": self.refunds_allowed}

    def _search(self, record: RecordedRequest) -> list[dict[str, Any]]:
        query = record.query.get("query", "")
        start = record.query.get("start_date", "0000-00-00")
        end = record.query.get("end_date", "9999-99-99")
        found = []
        for invoice in self._fake.invoices.values():
            if not start <= invoice["created_datetime"][:10] <= end:
                continue
            fields = ("orderid", "service_name", "client_email", "client_phone", "id")
            if any(query in str(invoice[name] or "") for name in fields):
                found.append(invoice)
        return found

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _amount(text: str) -> Decimal:
        from tests.fakes.paykeeper import _parse_amount

        return _parse_amount(text)

    @staticmethod
    def _fail(msg: str) -> Exception:
        from tests.fakes.paykeeper import _BusinessError

        return _BusinessError(msg)


def refund_cart_lines(text: str) -> list[CartLine]:
    """A ``refund_cart`` form value read back (for tests' assertions)."""
    lines = read_cart(";PKC|" + text + "|")
    assert lines is not None
    return lines
