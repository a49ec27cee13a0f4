"""The summary's receipt lines: each line, its VAT, and the total (issue 13)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.formatting import format_amount
from bot.services.cart_lines import from_data
from bot.services.receipts import as_sent
from bot.texts import Html, Texts
from paykeeper.cart import cart_total


def lines_text(lines: Sequence[Any] | None, texts: Texts) -> str:
    """Empty without lines; else a block to put under the summary."""
    if not lines:
        return ""
    cart = [as_sent(line) for line in from_data(lines)]
    shown = [
        texts.html(
            "cart.line",
            number=number,
            name=line.name,
            quantity=format(line.quantity.normalize(), "f"),
            price=format_amount(line.price, texts.lang),
            sum=format_amount(line.total, texts.lang),
            tax=line.tax.value,
        )
        for number, line in enumerate(cart, start=1)
    ]
    total = format_amount(cart_total(cart), texts.lang)
    return "\n\n" + texts("cart.lines", lines=Html("\n".join(shown)), total=total)
