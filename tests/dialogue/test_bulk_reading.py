"""/bulk with export files read by their structure: the bot asks with buttons where two
readings bill differently, issues nothing until answered, and sets paid and cancelled rows
apart with a button to include them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.dialogue.test_bulk import upload, wait_result
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage
from tests.support.chat import MANAGER, Chat

UNSEEN = Path(__file__).parents[1] / "corpus" / "unseen"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW = "/change/invoice/preview/"


def amounts(paykeeper: FakePayKeeper) -> list[Decimal]:
    return sorted(Decimal(invoice["pay_amount"]) for invoice in paykeeper.invoices.values())


def captions(message: StoredMessage) -> list[str]:
    return [button["text"] for button in message.buttons]


async def issue_links(chat: Chat, summary: StoredMessage) -> None:
    after = len(chat.telegram.calls)
    await chat.press_text(MANAGER, summary, "ссылки")
    await wait_result(chat, MANAGER, after)


async def test_two_sheets_of_orders_are_asked_about_and_nothing_is_issued_before(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    content = (UNSEEN / "excel_two_months.xlsx").read_bytes()
    [summary] = await upload(chat, MANAGER, "месяцы.xlsx", content, XLSX)

    text = summary.text or ""
    assert "На каком листе выставлять счета?" in text
    assert "до ответа ничего не выставляется" in text
    assert captions(summary) == ["📑 Лист «Февраль»", "📑 Лист «Март»", "✖️ Отмена"]
    # A forged "issue" press on the open question starts nothing.
    run = summary.buttons[0]["callback_data"].split(":")[1]  # bulkrd:<run>:sheet:<index>
    await chat.feed(chat.telegram.press(MANAGER, summary, f"bulk:link:{run}", strict=False))
    assert [r for r in paykeeper.requests if r.path == PREVIEW] == []

    await chat.press_text(MANAGER, summary, "Март")
    answered = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "Лист: «Март». Другие листы: «Февраль»" in (answered.text or "")
    assert "📑 Лист «Февраль»" in captions(answered)
    await issue_links(chat, answered)
    assert amounts(paykeeper) == [Decimal(9000), Decimal(12000), Decimal(18000)]


async def test_two_amount_columns_that_bill_differently_are_asked_about(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    content = (UNSEEN / "amocrm_prepayment.xlsx").read_bytes()
    [summary] = await upload(chat, MANAGER, "сделки.xlsx", content, XLSX)

    assert "«Бюджет», «Сумма предоплаты» дают разные суммы" in (summary.text or "")
    assert "💰 Сумма: «Бюджет»" in captions(summary)
    assert not any("Выставить" in caption for caption in captions(summary))

    await chat.press_text(MANAGER, summary, "💰 Сумма: «Сумма предоплаты»")
    answered = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "сумма — «Сумма предоплаты»" in (answered.text or "")
    await issue_links(chat, answered)
    assert amounts(paykeeper) == [Decimal(5000), Decimal(27000), Decimal(200000)]


async def test_paid_and_cancelled_rows_are_counted_apart_and_can_be_included(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    content = (UNSEEN / "retailcrm_orders.csv").read_bytes()
    [summary] = await upload(chat, MANAGER, "заказы.csv", content)

    text = summary.text or ""
    assert "уже оплачены: 1, отменены: 1" in text
    assert "Частично оплачены: 1 — выставляю остаток" in text
    assert "Можно выставить: 3" in text

    await chat.press_text(MANAGER, summary, "и оплаченные/отменённые")
    included = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "Можно выставить: 5" in (included.text or "")
    await chat.press_text(MANAGER, included, "Не выставлять оплаченные/отменённые")
    again = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "Можно выставить: 3" in (again.text or "")

    await issue_links(chat, again)
    # «Сумма со скидкой», less what was paid: 57600 - 20000.
    assert amounts(paykeeper) == [Decimal(3200), Decimal(37600), Decimal(38691)]
