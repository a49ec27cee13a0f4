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
  ``start_date``/``end_date``) answers an array; absent when ``search_supported`` is False.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from paykeeper.cart import CartError, CartLine, cart_total, read_cart

if TYPE_CHECKING:
    from tests.fakes.paykeeper import FakePayKeeper, RecordedRequest

NO_REFUND_RIGHT = "У пользователя нет прав на проведение возвратов."
NOT_COMPLETED = "Возврат возможен только для завершённого платежа."
PAYMENT_NOT_FOUND = "Платёж не найден."
TOO_MUCH = "Сумма возврата превышает сумму платежа."
CART_MISMATCH = "Сумма корзины не совпадает с суммой счёта."
MONEY_TAKEN = ("success", "obtained", "stuck", "partially_refunded")


@dataclass(slots=True)
class Refund:
    payment_id: str
    amount: Decimal
    partial: bool
    cart: list[CartLine] | None


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

    def routes(self) -> dict[tuple[str, str], Any]:
        return {
            ("POST", "/change/payment/reverse/"): self._reverse,
            ("POST", "/change/invoice/accept-cash/"): self._accept_cash,
            ("GET", "/info/user/settings/"): self._user_settings,
            ("GET", "/info/invoice/search/"): self._search,
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
        refunded = Decimal(payment["refund_amount"] or "0")
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
        refunded += amount
        payment["refund_amount"] = f"{refunded:.2f}"
        payment["status"] = "refunded" if refunded == paid else "partially_refunded"
        self.refunds.append(Refund(payment["id"], amount, partial, cart))
        return {"result": "success"}

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
