"""Bulk runs and re-uploads when PayKeeper's answer to a preview is not clean: the row is
uncertain (left to reconciliation), never failed, and never issued again."""

from __future__ import annotations

import pytest

from storage import InvoiceStatus
from tests.dialogue.test_bulk import (
    PREVIEW,
    document,
    invoice_rows,
    previews,
    upload,
    upload_and_issue,
)
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.bulk_samples import HEADER_RU, as_dicts, order_rows, read_csv, to_csv
from tests.support.chat import MANAGER, Chat


@pytest.mark.parametrize("fault", ["html-after", "truncated-after", "fail-after-warning"])
async def test_a_row_answered_with_junk_is_uncertain_and_never_issued_again(
    chat: Chat, paykeeper: FakePayKeeper, fault: str
) -> None:
    paykeeper.fail_next(PREVIEW, fault)
    chat.services.bulk.runner.concurrency = 1  # so the junk hits the first row
    content = to_csv(HEADER_RU, order_rows(2))
    _, result = await upload_and_issue(chat, content)

    assert "Без ответа PayKeeper: 1" in str(result.params["caption"])
    first = as_dicts(read_csv(document(result).content))[0]
    assert first["Статус"].startswith("нет ответа PayKeeper")
    assert invoice_rows(chat)[0]["status"] == InvoiceStatus.REQUESTED
    assert len(paykeeper.invoices) == 2  # PayKeeper made both

    summary, _ = await upload(chat, MANAGER, "orders.csv", content)
    assert "PayKeeper не ответил по 1" in (summary.text or "")
    assert summary.buttons == []
    assert len(previews(paykeeper)) == 2
    assert len(paykeeper.invoices) == 2
