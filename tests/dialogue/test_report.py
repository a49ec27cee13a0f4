"""/report: the month-end XLSX for admins and viewers, checked against the database."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from decimal import Decimal
from typing import Any

import openpyxl

from bot.drafts import InvoiceDraft, new_order_id, today_in_moscow
from bot.keyboards.report import ReportCallback
from bot.services.issuing import Manager
from storage import Delivery, InvoiceRecord
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import Upload, User
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, Chat

VIEWER = User(id=8008, first_name="Бухгалтер", language_code="ru")


async def issue(chat: Chat, user: User, amount: str, service: str) -> InvoiceRecord:
    outcome = await chat.services.issuer.issue(
        InvoiceDraft(amount=Decimal(amount), service=service, email="payer@example.com"),
        order_id=new_order_id(),
        manager=Manager(user.id, user.first_name),
        delivery=Delivery.LINK,
    )
    return outcome.invoice


def sheets(upload: Upload) -> dict[str, list[list[Any]]]:
    book = openpyxl.load_workbook(io.BytesIO(upload.content), read_only=True, data_only=True)
    try:
        return {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }
    finally:
        book.close()


def last_document(chat: Chat) -> tuple[Upload, str]:
    call = next(c for c in reversed(chat.telegram.calls) if c.method == "sendDocument")
    upload = call.params["document"]
    assert isinstance(upload, Upload)
    return upload, str(call.params.get("caption"))


async def test_the_report_lists_every_invoice_and_sums_them_up(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    paid = await issue(chat, MANAGER, "1500.50", "Аудит")
    await issue(chat, MANAGER, "700", '=HYPERLINK("x")')
    await issue(chat, ENGLISH_MANAGER, "300", "Аудит")
    assert paid.paykeeper_id is not None
    paykeeper.mark_paid(paid.paykeeper_id)
    await chat.services.tracker.refresh(paid)

    [ask] = await chat.say(ADMIN, "/report")
    assert [b["text"] for b in ask.buttons] == ["Этот месяц", "Прошлый месяц"]
    await chat.press_text(ADMIN, ask, "Этот месяц")
    upload, caption = last_document(chat)
    assert upload.filename.endswith(".xlsx")
    assert caption.endswith(": 3")
    book = sheets(upload)
    header, *rows = book["Счета"]
    assert header[:5] == ["№", "Заказ", "Создан (МСК)", "Менеджер", "Сумма"]
    with closing(sqlite3.connect(chat.services.settings.database_path)) as db:
        stored = db.execute("SELECT order_id, amount, status, paid_at FROM invoices ORDER BY id")
        expected = [
            (order, float(amount), status, paid_at) for order, amount, status, paid_at in stored
        ]
    assert [(row[1], row[4]) for row in rows] == [(e[0], e[1]) for e in expected]
    statuses = {row[1]: row[11] for row in rows}
    assert statuses[paid.order_id] == "✅ оплачен"
    assert [row[12] is not None for row in rows] == [e[3] is not None for e in expected]
    assert rows[1][8] == '=HYPERLINK("x")'  # text, never a formula

    summary = book["Итоги"]
    assert summary[0] == ["По менеджерам", "Счетов", "Выставлено на", "Оплачено", "Оплачено на"]
    assert summary[1] == ["John", 1, 300, 0, 0]
    assert summary[2] == ["Иван", 2, 2200.5, 1, 1500.5]
    assert summary[3] == ["Всего", 3, 2500.5, 1, 1500.5]
    by_service = summary.index(
        ["По услугам", "Счетов", "Выставлено на", "Оплачено", "Оплачено на"]
    )
    assert ["Аудит", 2, 1800.5, 1, 1500.5] in summary[by_service:]


async def test_a_period_by_dates_and_who_may_ask(chat: Chat) -> None:
    await issue(chat, MANAGER, "100", "Аудит")
    today = today_in_moscow()
    [refused] = await chat.say(MANAGER, "/report")
    assert refused.text == "Это доступно только администраторам."
    await chat.feed(
        chat.telegram.press(MANAGER, refused, ReportCallback(period="this").pack(), strict=False)
    )
    assert chat.answers()[-1]["text"] == "Это доступно только администраторам."

    await chat.services.team.repository.set_role(ADMIN.id, VIEWER.id, "viewer")
    await chat.services.team.start()
    await chat.say(VIEWER, f"/report {today:%d.%m.%Y} {today.replace(day=1):%d.%m.%Y}")
    upload, caption = last_document(chat)
    assert caption.endswith(": 1")
    await chat.say(VIEWER, "/report 2020-01-01 2020-01-31")
    upload, caption = last_document(chat)
    assert caption.endswith(": 0")
    assert sheets(upload)["Счета"][1:] == []
    [bad] = await chat.say(VIEWER, "/report вчера")
    assert "Не понял период" in (bad.text or "")
