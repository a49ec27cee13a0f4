"""The PayKeeper stand-in's receipt print and receipts by payment (JSON API section 8: 8.11
``/change/receipt/print/``, 8.3 ``/info/receipts/bypaymentid/``), as paykeeper/receipts.py
sends and reads them.

Choices where PayKeeper's behaviour is unknown (tests rely on them):
- every payment has its own (prepayment) receipt, listed first;
- a print is refused, as a clean ``result: fail``, for an unknown payment, without a
  ``receipt_key``, for a type other than a post-sale sale, when its cart is malformed or does
  not add up to the sums, and when the payment is not one whose money was taken;
- PayKeeper makes one receipt per ``receipt_key``: the same key again answers the same
  ``receipt_id`` and makes nothing (so a test can lose an answer with ``fail_next(...,
  "500-after")`` and find the receipt made);
- each listed receipt shows its ``fop_receipt_key`` unless ``keys_shown`` is False.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from paykeeper.cart import CartError, CartLine, cart_total
from paykeeper.cart_wire import read_cart

if TYPE_CHECKING:
    from tests.fakes.paykeeper import FakePayKeeper, RecordedRequest

PAYMENT_NOT_FOUND = "Платёж не найден."
CART_MISMATCH = "Сумма чека не совпадает с суммой корзины."
MONEY_TAKEN = ("success", "obtained", "stuck")
_SUMS = ("sum_cashless", "sum_cash", "sum_advance", "sum_credit", "sum_counter_payment")


@dataclass(slots=True)
class PrintedReceipt:
    id: str
    payment_id: str
    key: str
    lines: list[CartLine]
    form: dict[str, str]


class FiscalCalls:
    """Receipt prints and receipts by payment for one :class:`FakePayKeeper`."""

    def __init__(self, fake: FakePayKeeper) -> None:
        self._fake = fake
        self.keys_shown = True
        self.printed: list[PrintedReceipt] = []
        self._seq = 700_000

    def routes(self) -> dict[tuple[str, str], Any]:
        return {
            ("POST", "/change/receipt/print/"): self._print,
            ("GET", "/info/receipts/bypaymentid/"): self._by_payment,
        }

    def _print(self, record: RecordedRequest) -> dict[str, str]:
        form = record.form
        payment = self._fake.payments.get(form.get("payment_id", ""))
        if payment is None:
            raise self._fail(PAYMENT_NOT_FOUND)
        key = form.get("receipt_key", "")
        if not key:
            raise self._fail("Не указан receipt_key.")
        for earlier in self.printed:
            if earlier.key == key:
                return {"receipt_id": earlier.id}
        if (form.get("type"), form.get("is_post_sale")) != ("sale", "true"):
            raise self._fail("Неверный тип чека.")
        if payment["status"] not in MONEY_TAKEN:
            raise self._fail("Чек можно пробить только по завершённому платежу.")
        try:
            lines = read_cart(";PKC|" + form.get("cart", "") + "|")
        except CartError as error:
            raise self._fail(f"Неверный формат корзины: {error}") from None
        sums = sum((Decimal(form.get(name) or "0") for name in _SUMS), start=Decimal(0))
        if not lines or cart_total(lines) != sums:
            raise self._fail(CART_MISMATCH)
        self._seq += 1
        printed = PrintedReceipt(str(self._seq), payment["id"], key, lines, dict(form))
        self.printed.append(printed)
        return {"receipt_id": printed.id}

    def _by_payment(self, record: RecordedRequest) -> list[dict[str, Any]]:
        payment = self._fake.payments.get(record.query.get("id", ""))
        if payment is None:
            return []
        own = {"id": "1" + payment["id"], "type": "sale", "fop_receipt_key": "pk" + payment["id"]}
        receipts = [own] + [
            {"id": printed.id, "type": "sale", "fop_receipt_key": printed.key}
            for printed in self.printed
            if printed.payment_id == payment["id"]
        ]
        if not self.keys_shown:
            for receipt in receipts:
                del receipt["fop_receipt_key"]
        return receipts

    @staticmethod
    def _fail(msg: str) -> Exception:
        from tests.fakes.paykeeper import _BusinessError

        return _BusinessError(msg)
