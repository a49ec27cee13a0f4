"""Which of a payment's receipts is the final-settlement one a print made, and the plain VAT
rate its lines carry."""

from __future__ import annotations

import pytest

from paykeeper.receipt_codes import TaxCode
from paykeeper.receipts import Receipt, final_among

OWN = Receipt(id="1", key="pk1", type="sale")  # the prepayment's own receipt


@pytest.mark.parametrize(
    ("receipts", "found"),
    [
        ([OWN], None),
        ([OWN, Receipt("2", "ours", "sale")], "2"),
        ([OWN, Receipt("2", "theirs", "sale")], None),  # another print: not this key's
        # A server that shows no keys: a sale after the payment's first receipt.
        ([Receipt("1", None, "sale")], None),
        ([Receipt("1", None, "sale"), Receipt("2", None, "refund")], None),
        ([Receipt("1", None, "sale"), Receipt("2", None, "post_sale")], "2"),
    ],
)
def test_the_final_receipt_is_found_by_its_key_or_after_the_first(
    receipts: list[Receipt], found: str | None
) -> None:
    receipt = final_among(receipts, "ours")
    assert (receipt.id if receipt else None) == found


@pytest.mark.parametrize(
    ("code", "plain"),
    [
        (TaxCode.VAT122, TaxCode.VAT22),
        (TaxCode.VAT110, TaxCode.VAT10),
        (TaxCode.VAT105, TaxCode.VAT5),
        (TaxCode.VAT107, TaxCode.VAT7),
        (TaxCode.VAT120, TaxCode.VAT22),  # never a pre-2026 rate
        (TaxCode.VAT20, TaxCode.VAT22),
        (TaxCode.VAT22, TaxCode.VAT22),
        (TaxCode.NONE, TaxCode.NONE),
        (TaxCode.VAT0, TaxCode.VAT0),
    ],
)
def test_a_final_receipt_line_carries_the_plain_rate(code: TaxCode, plain: TaxCode) -> None:
    assert code.plain is plain
