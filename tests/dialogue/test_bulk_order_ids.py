"""Bulk order ids as payers see them: they name no manager, yet the same file sent again
finds the invoices it made, those made before the alias included."""

from __future__ import annotations

import re
from decimal import Decimal

from bot.drafts import InvoiceDraft
from bot.services.issue_outcomes import Manager
from storage import Delivery, InvoiceStatus
from tests.dialogue.test_bulk import (
    PREVIEW,
    alias,
    invoice_rows,
    previews,
    upload,
    upload_and_issue,
)
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.bulk_samples import HEADER_RU, order_number, order_rows, to_csv
from tests.support.chat import MANAGER, Chat


async def test_bulk_order_ids_name_no_manager_and_stay_the_same(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    with_orders = to_csv(HEADER_RU, order_rows(3))
    without = to_csv(HEADER_RU[1:], order_rows(2, with_order=False))
    await upload_and_issue(chat, with_orders)
    await upload_and_issue(chat, without)

    sent = [form["orderid"] for form in previews(paykeeper)]
    assert len(sent) == 5
    assert not [order_id for order_id in sent if str(MANAGER.id) in order_id]
    mine = alias(chat)
    assert all(re.match(rf"b[of]{mine}-", order_id) for order_id in sent)

    for content in (with_orders, without):  # sent again: found under the same ids
        summary, _ = await upload(chat, MANAGER, "orders.csv", content)
        assert "Уже выставлены раньше, повторно не выставляю" in (summary.text or "")
        assert "Выставлять нечего." in (summary.text or "")
    assert len(previews(paykeeper)) == 5
    assert sorted(row["order_id"] for row in invoice_rows(chat)) == sorted(sent)


async def test_a_file_issued_before_the_upgrade_bills_nothing_twice(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    # The previous version issued rows 1 and 2 of this file under ids with the manager's id;
    # PayKeeper refused row 2.
    issuer = chat.services.issuer
    manager = Manager(MANAGER.id, MANAGER.first_name)
    legacy = [f"bo{MANAGER.id}-{order_number(n)}" for n in (1, 2)]
    paykeeper.fail_next(PREVIEW, "fail:Превышен лимит суммы счёта")
    link = Delivery.LINK
    refused = await issuer.issue(
        InvoiceDraft(Decimal("1002.50")), order_id=legacy[1], manager=manager, delivery=link
    )
    created = await issuer.issue(
        InvoiceDraft(Decimal("1001.50")), order_id=legacy[0], manager=manager, delivery=link
    )
    assert (refused.invoice.status, created.invoice.status) == (
        InvoiceStatus.FAILED,
        InvoiceStatus.CREATED,
    )
    assert len(paykeeper.invoices) == 1

    content = to_csv(HEADER_RU, order_rows(3))
    summary, _ = await upload_and_issue(chat, content)
    text = summary.text or ""
    assert "Уже выставлены раньше, повторно не выставляю: 1" in text
    assert "повторно, после прошлой ошибки: 1" in text
    sent = [form["orderid"] for form in previews(paykeeper)]
    # Row 1 is not sent again; row 2 is retried on its old chain; row 3 is new: the alias.
    assert sent[:2] == [legacy[1], legacy[0]]
    assert sorted(sent[2:]) == sorted([f"{legacy[1]}~2", f"bo{alias(chat)}-{order_number(3)}"])
    assert len(paykeeper.invoices) == 3

    summary, _ = await upload(chat, MANAGER, "orders.csv", content)
    assert "Уже выставлены раньше, повторно не выставляю: 3" in (summary.text or "")
    assert len(previews(paykeeper)) == 4
    # The refused one, the created one, the retry and the new row.
    assert len(invoice_rows(chat)) == 4
