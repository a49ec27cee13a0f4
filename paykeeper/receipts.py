"""The final-settlement receipt of a prepaid payment, and a payment's receipts (PayKeeper's JSON
API section 8: 8.11 ``/change/receipt/print/``, 8.3 ``/info/receipts/bypaymentid/``).

Facts (the docs' list of calls): print makes a receipt "by a payment or with arbitrary
attributes"; bypaymentid lists the receipts issued for one payment. Guesses, from PayKeeper's own
modules and clients rather than its public docs, kept in this one place:
- print takes ``payment_id``, ``type=sale``, ``is_post_sale=true``, ``is_correction=false``,
  ``refund_id`` (empty), ``contact`` (the payer's e-mail or phone), the five sums, ``cart`` (the
  lines as a JSON array string) and ``receipt_key``, and answers ``{"receipt_id": ...}``; the
  settled amount goes as ``sum_advance`` (a full prepayment is settled by offsetting the
  advance, as 54-FZ describes it), the lines paid in ``full`` at the plain VAT rates;
- PayKeeper makes one receipt per ``receipt_key``, so sending the same key again is harmless;
- each receipt in bypaymentid's array has ``id`` and, where the server shows it, the
  ``fop_receipt_key`` it was made with. When no receipt shows a key, a sale receipt after the
  payment's first one (the prepayment's own) is taken for the final one.

``/change/payment/post-sale-receipt/`` (section 2.13) takes only the payment's id: no key that
makes a repeat harmless and no lines to check, so the bot does not use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from .after_payment import refund_cart_json
from .answers import as_list, unexpected
from .cart import CartLine, cart_total
from .client import PayKeeperClient
from .receipt_codes import PaymentType

PRINT_PATH = "/change/receipt/print/"
BY_PAYMENT_PATH = "/info/receipts/bypaymentid/"
_SALE_TYPES = ("sale", "post_sale")
_NOTHING = f"{Decimal(0):.2f}"


@dataclass(frozen=True, slots=True)
class Receipt:
    """One receipt of a payment, as bypaymentid lists it."""

    id: str
    key: str | None  # fop_receipt_key, when the server shows it
    type: str | None


def final_lines(prepaid: Sequence[CartLine]) -> list[CartLine]:
    """The prepaid lines as the final-settlement receipt carries them: the same names, prices
    and sums, paid in full, at the plain VAT rates (vat122 -> vat22...)."""
    return [replace(line, payment_type=PaymentType.FULL, tax=line.tax.plain) for line in prepaid]


async def print_final_receipt(
    client: PayKeeperClient,
    payment_id: str,
    lines: Sequence[CartLine],
    *,
    contact: str,
    receipt_key: str,
) -> str:
    """Ask PayKeeper for the final-settlement receipt of ``lines`` (already final_lines); its
    receipt id. PayKeeperRejected carries PayKeeper's reason; PayKeeperUnavailable with
    ``maybe_processed`` means the receipt may have been made (look for it by payment)."""
    fields = [
        ("payment_id", payment_id),
        ("type", "sale"),
        ("is_post_sale", "true"),
        ("is_correction", "false"),
        ("refund_id", ""),
        ("contact", contact),
        ("sum_cashless", _NOTHING),
        ("sum_cash", _NOTHING),
        ("sum_advance", f"{cart_total(lines):.2f}"),
        ("sum_credit", _NOTHING),
        ("sum_counter_payment", _NOTHING),
        ("cart", refund_cart_json(lines)),
        ("receipt_key", receipt_key),
    ]
    answer = await client.post(PRINT_PATH, fields)
    receipt_id = answer.get("receipt_id") if isinstance(answer, dict) else None
    if receipt_id is None or str(receipt_id) == "":
        raise unexpected("the receipt print has no receipt_id")
    return str(receipt_id)


async def receipts_by_payment(client: PayKeeperClient, payment_id: str) -> list[Receipt]:
    answer = await client.read(BY_PAYMENT_PATH, [("id", payment_id)])
    return [
        Receipt(
            id=str(item.get("id", "")),
            key=str(item["fop_receipt_key"]) if item.get("fop_receipt_key") else None,
            type=str(item["type"]) if item.get("type") else None,
        )
        for item in as_list(answer)
        if isinstance(item, dict)
    ]


def final_among(receipts: Sequence[Receipt], receipt_key: str) -> Receipt | None:
    """The receipt made by a print with ``receipt_key``, or None: by its key where the server
    shows keys; otherwise the last sale receipt after the payment's first (a guess)."""
    if any(receipt.key for receipt in receipts):
        return next((receipt for receipt in receipts if receipt.key == receipt_key), None)
    later = [receipt for receipt in receipts[1:] if (receipt.type or "sale") in _SALE_TYPES]
    return later[-1] if later else None
