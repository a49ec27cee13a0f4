"""Several rows with one order number made one invoice with a line per row.

The first row of an order carries the invoice (its e-mail, phone, expiry, client); each row of
the order adds its line (its service, quantity, price or amount, VAT), and the invoice's
amount is their sum. A later row says which row's invoice it joined. When any row of an order
has a problem, the whole order waits: an invoice without one of its lines would bill less.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from bot.parsing import InputError
from bot.services.bulk.line_cells import Line, row_line
from bot.services.bulk.rows import CheckedRow, Problem


def join_orders(rows: list[CheckedRow], max_amount: Decimal | None = None) -> list[CheckedRow]:
    """Rows sharing an order number joined into the first one's invoice (refused as a whole
    when their sum is above ``max_amount``, as the form refuses such an amount)."""
    members: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if row.order is not None:
            members.setdefault(row.order, []).append(index)
    joined = list(rows)
    for indexes in members.values():
        if len(indexes) < 2:
            continue
        first = rows[indexes[0]]
        broken = [rows[i].row_number for i in indexes if rows[i].draft is None]
        if broken:
            for i in indexes:
                if rows[i].draft is not None:
                    problem = Problem(None, InputError("bulk.row.order_incomplete", row=broken[0]))
                    joined[i] = replace(rows[i], draft=None, problems=[problem])
            continue
        drafts = [(i, rows[i], rows[i].draft) for i in indexes]
        lines: list[Line] = []
        amount = Decimal(0)
        for i, row, draft in drafts:
            if draft is None:  # pragma: no cover - `broken` took those orders
                continue
            amount += draft.amount
            lines += row.lines or [row_line(draft.service, draft.amount, None, None, None)]
            if i != indexes[0]:
                problem = Problem(None, InputError("bulk.row.joined", row=first.row_number))
                joined[i] = replace(row, draft=None, problems=[problem])
        if max_amount is not None and amount > max_amount:
            problem = Problem(
                None, InputError("bulk.row.order_too_large", amount=amount, maximum=max_amount)
            )
            for i in indexes:
                joined[i] = replace(rows[i], draft=None, problems=[problem])
            continue
        if first.draft is not None:
            # The order's lines name the goods; one of them is not the invoice's service.
            services = {line["name"] for line in lines}
            service = first.draft.service if len(services) == 1 else None
            joined[indexes[0]] = replace(
                first, draft=replace(first.draft, amount=amount, service=service), lines=lines
            )
    return joined
