"""/report: the period's money by the date it moved, as an accountant opens it in Excel —
checked against a known set of movements in the ledger."""

from __future__ import annotations

import asyncio
import io
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from bot.drafts import InvoiceDraft, new_order_id, today_in_moscow
from bot.keyboards.report import ReportCallback
from bot.services.issue_outcomes import Manager
from bot.services.workbook import write_workbook
from paykeeper.moscow import MSK
from storage import Delivery, InvoiceRecord, InvoiceStatus
from storage.ledger import LedgerRepository, MovementKind, NewMovement, Source
from storage.roles import Role
from tests.fakes.telegram import Upload, User
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, Chat

VIEWER = User(id=8008, first_name="Бухгалтер", language_code="ru")
ENGLISH_VIEWER = User(id=9009, first_name="Jane", language_code="en")
ROUBLES = '#,##0.00 "₽"'


async def issue(
    chat: Chat, user: User, amount: str, service: str, created: datetime | None = None
) -> InvoiceRecord:
    outcome = await chat.services.issuer.issue(
        InvoiceDraft(
            amount=Decimal(amount),
            service=service,
            email="payer@example.com",
            last_day=today_in_moscow() + timedelta(days=30),
        ),
        order_id=new_order_id(),
        manager=Manager(user.id, user.first_name),
        delivery=Delivery.LINK,
    )
    if created is not None:  # as if issued then: the issuer stamps the time itself
        stamp = created.isoformat()
        await chat.services.database.transaction(
            lambda db: db.execute(
                "UPDATE invoices SET created_at = ? WHERE id = ?", (stamp, outcome.invoice.id)
            )
        )
    return outcome.invoice


async def move(
    chat: Chat,
    invoice: InvoiceRecord,
    kind: MovementKind,
    amount: str,
    paykeeper_id: str,
    moved_at: datetime,
    *,
    in_progress: bool = False,
) -> None:
    recorded = await LedgerRepository(chat.services.database).record(
        NewMovement(
            invoice_id=invoice.id,
            kind=kind,
            amount=Decimal(amount),
            paykeeper_id=paykeeper_id,
            moved_at=moved_at,
            source=Source.NOTIFICATION,
            payment_id=invoice.payment_id if kind is MovementKind.REFUND else None,
            in_progress=in_progress,
        )
    )
    assert recorded


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def wall(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A Moscow time as the workbook holds it: Excel dates have no zone."""
    return datetime(year, month, day, hour, minute, tzinfo=MSK).replace(tzinfo=None)


async def report(chat: Chat, user: User, text: str) -> tuple[Upload, str]:
    after = len(chat.telegram.calls)
    await chat.say(user, text)
    call = await chat.telegram.wait_for("sendDocument", after=after)
    upload = call.params["document"]
    assert isinstance(upload, Upload)
    return upload, str(call.params.get("caption"))


def workbook(upload: Upload) -> dict[str, Worksheet]:
    book = openpyxl.load_workbook(io.BytesIO(upload.content))
    return {sheet.title: sheet for sheet in book.worksheets}


def values(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def column(sheet: Worksheet, title: str) -> list[Any]:
    """The cells (not values) of the column headed ``title``, header left out."""
    header = [cell.value for cell in sheet[1]]
    return [row[header.index(title)] for row in sheet.iter_rows(min_row=2)]


async def the_known_set(chat: Chat) -> dict[str, InvoiceRecord]:
    """Ivan's 30 November invoice paid on 3 December (Moscow), paid again, partly refunded;
    his cash invoice; John's invoice paid at 00:30 Moscow on 1 December, partly refunded
    (under way) and refunded again in January; a cancelled and a failed invoice; November's
    own paid invoice."""
    a = await issue(chat, MANAGER, "1500.50", "Аудит", utc(2026, 11, 30, 20))
    b = await issue(chat, MANAGER, "700", "Консультация", utc(2026, 12, 4, 7))
    c = await issue(chat, ENGLISH_MANAGER, "300", "Аудит", utc(2026, 12, 1, 6))
    d = await issue(chat, ENGLISH_MANAGER, "999", "Аудит", utc(2026, 12, 2, 6))
    e = await issue(chat, MANAGER, "555", "Аудит", utc(2026, 12, 3, 6))
    f = await issue(chat, MANAGER, "100", "Аудит", utc(2026, 11, 15, 6))
    invoices = chat.services.invoices
    paid = utc(2026, 12, 4).isoformat()
    for invoice, payment in ((a, "PAY-A1"), (b, "CASH-B"), (c, "PAY-C"), (f, "PAY-F")):
        await invoices.update(
            invoice.id, status=InvoiceStatus.PAID, payment_id=payment, paid_at=paid
        )
    await invoices.update(d.id, status=InvoiceStatus.CANCELLED)
    await invoices.update(e.id, status=InvoiceStatus.FAILED)
    a, c = [found for found in [await invoices.get(a.id), await invoices.get(c.id)] if found]
    await move(chat, a, MovementKind.PAYMENT, "1500.50", "PAY-A1", utc(2026, 12, 2, 21, 30))
    await move(chat, a, MovementKind.PAYMENT, "1500.50", "PAY-A2", utc(2026, 12, 5, 10))
    await move(chat, a, MovementKind.REFUND, "500.25", "REF-A", utc(2026, 12, 10, 10))
    await move(chat, b, MovementKind.CASH, "700", "CASH-B", utc(2026, 12, 4, 9))
    await move(chat, c, MovementKind.PAYMENT, "300", "PAY-C", utc(2026, 11, 30, 21, 30))
    await move(
        chat, c, MovementKind.REFUND, "100", "REF-C1", utc(2026, 12, 20, 9), in_progress=True
    )
    await move(chat, c, MovementKind.REFUND, "200", "REF-C2", utc(2027, 1, 2, 9))
    await move(chat, f, MovementKind.PAYMENT, "100", "PAY-F", utc(2026, 11, 20, 9))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


async def test_the_money_of_a_month_by_the_date_it_moved(chat: Chat) -> None:
    known = await the_known_set(chat)
    upload, caption = await report(chat, ADMIN, "/report 01.12.2026 31.12.2026")
    assert upload.filename == "отчёт-2026-12-01-2026-12-31.xlsx"
    book = workbook(upload)
    assert list(book) == ["Сводка", "Движения", "Счета"]

    # card = 1500.50 + 1500.50 (paid again) + 300; cash 700; refunded 500.25 + 100 (under
    # way); January's refund and November's money are not December's.
    summary = values(book["Сводка"])
    assert summary[0] == [
        "Разрез",
        "Название",
        "Выставлено счетов",
        "Выставлено на",
        "Получено картой",
        "Получено наличными",
        "Возвращено",
        "Итого",
    ]
    assert summary[1:] == [
        ["Всего", "01.12.2026 – 31.12.2026", 2, 1000, 3301, 700, 600.25, 3400.75],
        ["Менеджер", "John", 1, 300, 300, 0, 100, 200],
        ["Менеджер", "Иван", 1, 700, 3001, 700, 500.25, 3200.75],
        ["Услуга", "Аудит", 1, 300, 3301, 0, 600.25, 2700.75],
        ["Услуга", "Консультация", 1, 700, 0, 700, 0, 700],
    ]
    assert "Итого: 3\xa0400,75\xa0₽" in caption

    moves = values(book["Движения"])
    assert moves[0][:3] == ["Дата (МСК)", "Вид", "Сумма"]
    assert [(row[0], row[1], row[2], row[3]) for row in moves[1:]] == [
        (wall(2026, 12, 1, 0, 30), "оплата", 300, known["c"].id),
        (wall(2026, 12, 3, 0, 30), "оплата", 1500.5, known["a"].id),
        (wall(2026, 12, 4, 12, 0), "наличные", 700, known["b"].id),
        (wall(2026, 12, 5, 13, 0), "повторная оплата", 1500.5, known["a"].id),
        (wall(2026, 12, 10, 13, 0), "возврат", -500.25, known["a"].id),
        (wall(2026, 12, 20, 12, 0), "возврат (в процессе)", -100, known["c"].id),
    ]
    assert moves[2][7:] == ["Иван", "payer@example.com", "Аудит"]
    assert sum(row[2] for row in moves[1:]) == pytest.approx(3400.75)

    # Every invoice created in December is listed; the cancelled and failed ones are not
    # counted as issued above. Ivan's 30 November invoice is November's.
    invoices = values(book["Счета"])
    statuses = {row[0]: row[11] for row in invoices[1:]}
    assert statuses == {
        known["b"].id: "оплачен",
        known["c"].id: "оплачен",
        known["d"].id: "отменён",
        known["e"].id: "не создан",
    }

    november, _ = await report(chat, ADMIN, "/report 2026-11-01 2026-11-30")
    summary = values(workbook(november)["Сводка"])
    assert summary[1] == ["Всего", "01.11.2026 – 30.11.2026", 2, 1600.5, 100, 0, 0, 100]


async def test_the_workbook_opens_ready_for_an_accountant(chat: Chat) -> None:
    await the_known_set(chat)
    upload, _ = await report(chat, ADMIN, "/report 01.12.2026 31.12.2026")
    book = workbook(upload)
    money = {"Сводка": [3, 4, 5, 6, 7], "Движения": [2], "Счета": [4]}
    moments = {"Сводка": [], "Движения": [0], "Счета": [2, 12]}
    for title, sheet in book.items():
        assert sheet.freeze_panes == "A2", title
        last = sheet.cell(sheet.max_row, sheet.max_column).coordinate
        assert sheet.auto_filter.ref == f"A1:{last}", title
        assert all(cell.font.b for cell in sheet[1]), title
        for letter in (cell.column_letter for cell in sheet[1]):
            assert (sheet.column_dimensions[letter].width or 0) >= 8, (title, letter)
        for row in sheet.iter_rows(min_row=2):
            for index in money[title]:
                assert row[index].number_format == ROUBLES, (title, index)
                assert isinstance(row[index].value, int | float), (title, index)
            for index in moments[title]:
                if row[index].value is not None:
                    assert row[index].is_date, (title, index)
                    assert isinstance(row[index].value, datetime), (title, index)
    for title, dated in (("Оплатить до", "DD.MM.YYYY"), ("Оплачен (МСК)", "DD.MM.YYYY HH:MM")):
        cells = [cell for cell in column(book["Счета"], title) if cell.value is not None]
        assert cells, title
        assert all(cell.is_date and cell.number_format == dated for cell in cells), title
    for cell in column(book["Счета"], "Статус") + column(book["Движения"], "Вид"):
        assert re.fullmatch(r"[а-яё ,()]+", cell.value), cell.value  # words, no emoji


async def test_an_english_reader_gets_english_sheets(chat: Chat) -> None:
    await the_known_set(chat)
    await chat.services.team.repository.set_role(ADMIN.id, ENGLISH_VIEWER.id, Role.VIEWER)
    await chat.services.team.start()
    upload, caption = await report(chat, ENGLISH_VIEWER, "/report 2026-12-01 2026-12-31")
    book = workbook(upload)
    assert list(book) == ["Summary", "Movements", "Invoices"]
    assert values(book["Summary"])[1][:2] == ["Total", "1 Dec 2026 – 31 Dec 2026"]
    assert [row[1] for row in values(book["Movements"])[1:]] == [
        "payment",
        "payment",
        "cash",
        "second payment",
        "refund",
        "refund (in progress)",
    ]
    assert values(book["Invoices"])[0][:3] == ["Invoice No.", "Order", "Created (Moscow)"]
    assert "Net: RUB\xa03,400.75" in caption


async def test_a_period_by_buttons_or_dates_and_who_may_ask(chat: Chat) -> None:
    await issue(chat, MANAGER, "100", "Аудит")
    today = today_in_moscow()
    [refused] = await chat.say(MANAGER, "/report")
    assert refused.text == "Это доступно только администраторам."
    await chat.feed(
        chat.telegram.press(MANAGER, refused, ReportCallback(period="this").pack(), strict=False)
    )
    assert chat.answers()[-1]["text"] == "Это доступно только администраторам."

    [ask] = await chat.say(ADMIN, "/report")
    assert [b["text"] for b in ask.buttons] == ["Этот месяц", "Прошлый месяц"]
    after = len(chat.telegram.calls)
    await chat.press_text(ADMIN, ask, "Этот месяц")
    call = await chat.telegram.wait_for("sendDocument", after=after)
    assert "счетов создано: 1" in str(call.params["caption"])

    await chat.services.team.repository.set_role(ADMIN.id, VIEWER.id, Role.VIEWER)
    await chat.services.team.start()
    _, caption = await report(chat, VIEWER, f"/report {today:%d.%m.%Y} {today:%d.%m.%Y}")
    assert "счетов создано: 1" in caption
    upload, caption = await report(chat, VIEWER, "/report 2020-01-01 2020-01-31")
    assert "счетов создано: 0" in caption
    assert values(workbook(upload)["Счета"])[1:] == []
    [bad] = await chat.say(VIEWER, "/report вчера")
    assert "Не понял период" in (bad.text or "")


async def test_a_period_longer_than_a_year_is_refused(chat: Chat) -> None:
    after = len(chat.telegram.calls)
    [refused] = await chat.say(ADMIN, "/report 01.01.2025 02.01.2026")
    assert "367" in (refused.text or "")
    assert "366 дней" in (refused.text or "")
    assert not [c for c in chat.telegram.calls[after:] if c.method == "sendDocument"]
    upload, _ = await report(chat, ADMIN, "/report 01.01.2024 31.12.2024")  # a leap year
    assert upload.filename == "отчёт-2024-01-01-2024-12-31.xlsx"


class Gate:
    """Holds the workbook writer in place until the test lets it go."""

    def __init__(self, real: Callable[..., bytes]) -> None:
        self.real = real
        self.entered = threading.Event()
        self.open = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> bytes:
        self.entered.set()
        self.open.wait(timeout=60)  # a ceiling: the test opens it
        return self.real(*args, **kwargs)


async def test_the_file_is_built_off_the_loop_one_at_a_time(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    await issue(chat, MANAGER, "100", "Аудит")
    gate = Gate(write_workbook)
    monkeypatch.setattr("bot.views.report.write_workbook", gate)
    after = len(chat.telegram.calls)
    [building] = await chat.say(ADMIN, "/report 01.01.2026 31.12.2026")
    assert "Собираю отчёт" in (building.text or "")
    assert await asyncio.to_thread(gate.entered.wait, 60)

    # While the file is being written, the bot answers others, and the asker is told to wait.
    [help_text] = await chat.say(MANAGER, "/help")
    [wait] = await chat.say(ADMIN, "/report 01.01.2026 31.12.2026")
    assert "ещё собирается" in (wait.text or "")
    assert not [c for c in chat.telegram.calls[after:] if c.method == "sendDocument"]

    gate.open.set()
    await chat.telegram.wait_for("sendDocument", after=after)
    assert len([c for c in chat.telegram.calls[after:] if c.method == "sendDocument"]) == 1
    assert help_text.text
    _, caption = await report(chat, ADMIN, "/report 01.01.2026 31.12.2026")  # free again
    assert "Отчёт с 01.01.2026 по 31.12.2026" in caption


async def test_a_report_that_fails_is_reported_and_may_be_asked_again(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr("bot.views.report.write_workbook", broken)
    after = len(chat.telegram.calls)
    await chat.say(ADMIN, "/report 01.12.2026 31.12.2026")
    failed = await chat.telegram.wait_for(
        "sendMessage", lambda call: "Не удалось" in str(call.params.get("text")), after=after
    )
    assert "disk full" not in str(failed.params["text"])
    monkeypatch.setattr("bot.views.report.write_workbook", write_workbook)
    upload, _ = await report(chat, ADMIN, "/report 01.12.2026 31.12.2026")
    assert upload.filename.endswith(".xlsx")
