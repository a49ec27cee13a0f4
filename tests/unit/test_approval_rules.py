"""A payer's total of the day: the same payer by e-mail (any case), phone or client name (any
case, ё as е, spaces collapsed); different payers never add up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.services.approval_rules import payer_totals
from storage.approval_holds import Charge

EARLIER = [
    Charge(Decimal(100), email="Ivan@Example.com"),
    Charge(Decimal(20), phone="+79101234567"),
    Charge(Decimal(3), client="ООО «Ёлка»"),
    Charge(Decimal(4000), email="other@example.com", client="ООО Другое"),
]


@pytest.mark.parametrize(
    ("charge", "total"),
    [
        (Charge(Decimal(1), email="ivan@example.com"), Decimal(101)),
        (Charge(Decimal(1), phone="+79101234567"), Decimal(21)),
        (Charge(Decimal(1), client="  ооо   «елка» "), Decimal(4)),
        (Charge(Decimal(1), email="ivan@example.com", phone="+79101234567"), Decimal(121)),
        (Charge(Decimal(1), email="new@example.com"), Decimal(1)),
        (Charge(Decimal(1)), Decimal(1)),  # nobody named: only itself
    ],
)
def test_the_same_payer_adds_up(charge: Charge, total: Decimal) -> None:
    assert payer_totals([charge], EARLIER) == [total]


def test_a_requests_own_rows_add_up_by_payer() -> None:
    rows = [
        Charge(Decimal(10), email="a@example.com"),
        Charge(Decimal(20), email="A@example.com"),
        Charge(Decimal(30), email="b@example.com"),
    ]
    assert payer_totals(rows, []) == [Decimal(30), Decimal(30), Decimal(30)]
    assert payer_totals(rows, [Charge(Decimal(5), email="b@example.com")])[2] == Decimal(35)
