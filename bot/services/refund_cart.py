"""The refund cart (54-FZ): which lines a refund's receipt carries."""

from __future__ import annotations

from decimal import Decimal

from bot.services.receipts import from_stored
from paykeeper.cart import CartLine
from storage import InvoiceRecord
from storage.carts import CartRepository


async def refund_cart(
    carts: CartRepository, invoice: InvoiceRecord, amount: Decimal, *, whole: bool
) -> list[CartLine] | None:
    """The invoice's cart for a whole refund; for a part, one line like its first (the
    largest share's VAT and type) carrying the amount. None: it was issued without one."""
    stored = [from_stored(line) for line in await carts.lines(invoice.id)]
    if not stored:
        return None
    if whole:
        return stored
    largest = max(stored, key=lambda line: line.total)
    return [
        CartLine.of(
            largest.name,
            amount,
            tax=largest.tax,
            item_type=largest.item_type,
            payment_type=largest.payment_type,
        )
    ]
