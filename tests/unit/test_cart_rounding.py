"""Carts the bot builds add up to the invoice's amount exactly, whatever the amounts,
quantities and number of lines, and refuse nothing a bulk file's rows may validly hold."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.services.bulk.line_cells import cart_lines, row_line
from bot.services.receipts import ReceiptRules
from paykeeper.cart import KOPECK, NAME_LIMIT
from paykeeper.receipt_codes import ItemType, TaxCode

AMOUNTS = st.integers(min_value=1, max_value=100_000_000).map(lambda k: Decimal(k) / 100)
QUANTITIES = st.one_of(
    st.integers(min_value=1, max_value=10_000).map(Decimal),
    st.integers(min_value=1, max_value=9_999_999).map(lambda m: Decimal(m) / 1000),
)
# One bulk row: its amount, its quantity, and whether the file gave a price (then the price
# a person would write: the amount ÷ quantity rounded to kopecks).
ROWS = st.tuples(AMOUNTS, QUANTITIES, st.booleans())
RULES = ReceiptRules(enabled=True)


def row(amount: Decimal, quantity: Decimal, priced: bool) -> dict[str, str]:
    price = (amount / quantity).quantize(KOPECK) if priced else None
    if price is not None and price <= 0:
        price = None  # a price under a kopeck is no price a file can hold
    return row_line("Товар " * 30, amount, quantity, price, None)


@settings(max_examples=400, deadline=None)
@given(st.lists(ROWS, min_size=1, max_size=6))
@example([(Decimal("1.96"), Decimal("3.275"), True), (Decimal("0.02"), Decimal(1), False)])
def test_every_cart_adds_up_to_its_amount(rows: list[tuple[Decimal, Decimal, bool]]) -> None:
    lines = [row(*values) for values in rows]
    amount = sum((values[0] for values in rows), Decimal(0))
    cart = cart_lines(
        lines, default_service="Услуги", default_tax=TaxCode.VAT22, item_type=ItemType.SERVICE
    )
    sent = RULES.cart("Услуги", amount, cart, has_contact=True)
    assert sent is not None
    assert sum(line.total for line in sent) == amount
    for line in sent:
        assert line.price > 0
        assert line.quantity > 0
        assert line.total == (line.price * line.quantity).quantize(KOPECK, ROUND_HALF_UP)
        assert line.price == line.price.quantize(KOPECK)
        assert len(line.name) <= NAME_LIMIT
