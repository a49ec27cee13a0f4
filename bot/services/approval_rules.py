"""A payer's total of the day: what decides whether a manager's invoice, or a bulk file, waits
for approval (APPROVAL_AMOUNT). Invoices to the same payer add up, so a large sum cannot be
split into several invoices under the threshold.

A payer is known by any of e-mail, phone or client name: two charges sharing one of them are to
the same payer. E-mails and phones are compared as the parsers normalise them (an e-mail in any
case), client names in any case, ё as е, with spaces collapsed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from storage.approval_holds import Charge, FileRow, Rule
from storage.invoice_filter import fold


def _keys(charge: Charge) -> list[tuple[str, str]]:
    keys = []
    if charge.email:
        keys.append(("email", fold(charge.email.strip()) or ""))
    if charge.phone:
        keys.append(("phone", charge.phone.strip()))
    if charge.client and charge.client.strip():
        keys.append(("client", fold(" ".join(charge.client.split())) or ""))
    return keys


def payer_totals(items: Sequence[Charge], earlier: Sequence[Charge]) -> list[Decimal]:
    """For each of ``items``: its payer's total — itself, the other ``items`` to the same
    payer, and the ``earlier`` charges of the day to that payer."""
    every = [*items, *earlier]
    by_key: dict[tuple[str, str], set[int]] = defaultdict(set)
    for index, charge in enumerate(every):
        for key in _keys(charge):
            by_key[key].add(index)
    totals = []
    for index, charge in enumerate(items):
        same = {index}.union(*(by_key[key] for key in _keys(charge)))
        totals.append(sum((every[other].amount for other in same), Decimal(0)))
    return totals


def invoice_rule(draft: dict[str, Any], threshold: Decimal) -> Rule:
    """An invoice waits when its payer's total of the day, with it, is above ``threshold``;
    what is held records the threshold and that total, for the cards to say why."""

    def rule(_rows: Sequence[FileRow], earlier: Sequence[Charge]) -> dict[str, Any] | None:
        [total] = payer_totals([Charge.of_draft(draft)], earlier)
        if total <= threshold:
            return None
        return {**draft, "threshold": str(threshold), "payer_total": str(total)}

    return rule


def file_rule(file_name: str, threshold: Decimal) -> Rule:
    """A file waits, as a whole, when any payer's rows (with that payer's other charges of the
    day) are above ``threshold``. What is held records the rows it approves, to start exactly
    those."""

    def rule(rows: Sequence[FileRow], earlier: Sequence[Charge]) -> dict[str, Any] | None:
        totals = payer_totals([row.charge for row in rows], earlier)
        above = sum(1 for total in totals if total > threshold)
        if not above:
            return None
        return {
            "amount": str(sum((row.charge.amount for row in rows), Decimal(0))),
            "file": file_name,
            "rows": len(rows),
            "above": above,
            "threshold": str(threshold),
            "approved": [[row.row_number, row.order_id, str(row.charge.amount)] for row in rows],
        }

    return rule
