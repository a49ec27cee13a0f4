"""Bulk files as a manager uses them: upload, summary, choice, progress, result file."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from bot.telegram.bulk_reports import TelegramBulkReports
from storage import InvoiceStatus
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import Call, StoredMessage, Upload, User
from tests.support.bulk_samples import (
    HEADER_EN,
    HEADER_RU,
    as_dicts,
    last_day,
    order_number,
    order_rows,
    read_csv,
    read_xlsx,
    to_csv,
    to_xlsx,
)
from tests.support.chat import ENGLISH_MANAGER, MANAGER, Chat

PREVIEW = "/change/invoice/preview/"
RESULT_COLUMNS = [
    "Номер счёта PayKeeper",
    "Ссылка на оплату",
    "Статус",
    "Ошибка",
    "Заказ в PayKeeper",
]


async def upload(
    chat: Chat, user: User, name: str, content: bytes, mime: str = "text/csv"
) -> list[StoredMessage]:
    """Send a file as ``user``; returns the bot's replies to it."""
    before = set(chat.telegram.messages)
    await chat.feed(chat.telegram.send_document(user, name, content, mime))
    return [
        message
        for key, message in chat.telegram.messages.items()
        if key not in before and message.from_bot and message.chat_id == user.id
    ]


async def wait_result(chat: Chat, user: User, after: int, caption: str = "Результат") -> Call:
    """The result file the bot sends when a run ends."""
    return await chat.telegram.wait_for(
        "sendDocument",
        lambda call: (
            str(call.params.get("chat_id")) == str(user.id)
            and caption in str(call.params.get("caption", ""))
        ),
        after=after,
        timeout=30,
    )


@pytest.fixture(autouse=True)
def quick_progress(chat: Chat) -> None:
    """Progress edits every 0.05 s instead of 2 s: the same code, sooner done."""
    reports = chat.services.bulk.reports
    assert isinstance(reports, TelegramBulkReports)
    reports.interval = 0.05


def document(call: Call) -> Upload:
    sent = call.params["document"]
    assert isinstance(sent, Upload)
    return sent


def previews(paykeeper: FakePayKeeper) -> list[dict[str, str]]:
    return [r.form for r in paykeeper.requests if r.path == PREVIEW]


def invoice_rows(chat: Chat) -> list[sqlite3.Row]:
    with sqlite3.connect(chat.services.settings.database_path) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM invoices ORDER BY id").fetchall()


def alias(chat: Chat, user: User = MANAGER) -> str:
    """The alias that stands for ``user`` in bulk order ids (drawn at their first upload)."""
    with sqlite3.connect(chat.services.settings.database_path) as db:
        sql = "SELECT alias FROM order_aliases WHERE manager_id = ?"
        [(found,)] = db.execute(sql, (user.id,)).fetchall()
    return str(found)


async def upload_and_issue(
    chat: Chat,
    content: bytes,
    *,
    name: str = "orders.csv",
    button: str = "ссылки",
    user: User = MANAGER,
) -> tuple[StoredMessage, Call]:
    """Upload, press ``button`` on the summary, wait for the result; (summary, result call)."""
    [summary] = await upload(chat, user, name, content)
    after = len(chat.telegram.calls)
    await chat.press_text(user, summary, button)
    caption = "Result" if user.language_code == "en" else "Результат"
    return summary, await wait_result(chat, user, after, caption)


# --- The happy path ------------------------------------------------------------------------


async def test_csv_is_checked_then_issued_with_links_and_a_result_file(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    rows = order_rows(10, bad=[2, 5])  # rows 4 and 7 of the sheet: amount, then e-mail
    content = to_csv(HEADER_RU, rows, encoding="cp1251")

    [summary] = await upload(chat, MANAGER, "заказы.csv", content)

    text = summary.text or ""
    assert "строк со счетами: 10" in text
    assert "Можно выставить: 8" in text
    assert "С ошибками, выставлены не будут: 2" in text
    assert "строка 4: «Сумма»: Не понял сумму «abc»" in text
    assert "строка 7: «Почта»:" in text
    assert "сумма — «Сумма»" in text
    assert "заказ — «Заказ»" in text
    assert [b["text"] for b in summary.buttons] == [
        "📧 Выставить и отправить на e-mail",
        "🔗 Выставить и вернуть ссылки",
        "✖️ Отмена",
    ]
    assert previews(paykeeper) == []  # nothing is issued before the manager says so

    after = len(chat.telegram.calls)
    await chat.press_text(MANAGER, summary, "ссылки")
    result = await wait_result(chat, MANAGER, after)

    assert len(previews(paykeeper)) == 8
    assert paykeeper.sent == []
    assert chat.telegram.message(MANAGER.id, summary.message_id).buttons == []
    progress = chat.telegram.chat_messages(MANAGER.id)[-2]  # the result document follows it
    assert "готово" in (progress.text or "")
    assert "8 / 8" in (progress.text or "")
    assert "ошибок: 0" in (progress.text or "")
    caption = str(result.params["caption"])
    assert "Создано: 8" in caption
    assert "Строк с ошибками: 2" in caption

    sent = document(result)
    assert sent.filename == "заказы-результат.csv"
    table = read_csv(sent.content, encoding="cp1251")
    assert table[0] == HEADER_RU + RESULT_COLUMNS
    by_order = {row["Заказ"]: row for row in as_dicts(table)}
    assert len(by_order) == 10
    for invoice_id, invoice in paykeeper.invoices.items():
        row = by_order[invoice["orderid"].removeprefix(f"bo{alias(chat)}-")]
        assert row["Номер счёта PayKeeper"] == invoice_id
        assert row["Ссылка на оплату"] == f"{paykeeper.url}/bill/{invoice_id}/"
        assert row["Статус"] == "создан"
        assert row["Заказ в PayKeeper"] == invoice["orderid"]
        assert row["Ошибка"] == ""
    first = next(i for i in paykeeper.invoices.values() if i["orderid"].endswith(order_number(1)))
    assert first["pay_amount"] == "1001.50"
    assert first["client_email"] == "client1@example.com"
    assert first["client_phone"] == "+79100010000"
    assert first["service_name"] == "Услуга & работа <1>"
    assert first["clientid"] == "ООО «Клиент 1»"
    assert first["expiry_datetime"] == f"{last_day() + timedelta(days=1):%Y-%m-%d} 00:00:00"
    bad = by_order[order_number(3)]
    assert bad["Статус"] == "не выставлен: ошибка в строке"
    assert "Не понял сумму «abc»" in bad["Ошибка"]
    assert bad["Номер счёта PayKeeper"] == ""


async def test_email_choice_has_paykeeper_email_those_with_an_address(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    rows = order_rows(4)
    rows[1][2] = ""  # no e-mail: this one can only get a link
    rows[3][2] = "-"
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, rows))
    assert "E-mail есть у 2 из 4; остальным — только ссылка." in (summary.text or "")

    after = len(chat.telegram.calls)
    await chat.press_text(MANAGER, summary, "e-mail")
    result = await wait_result(chat, MANAGER, after)

    emailed = sorted(paykeeper.invoices[i]["orderid"] for i in paykeeper.sent)
    assert emailed == [f"bo{alias(chat)}-{order_number(n)}" for n in (1, 3)]
    statuses = {row["order_id"]: (row["status"], row["delivery"]) for row in invoice_rows(chat)}
    assert statuses[f"bo{alias(chat)}-{order_number(1)}"] == ("sent", "email")
    assert statuses[f"bo{alias(chat)}-{order_number(2)}"] == ("created", "link")
    table = as_dicts(read_csv(document(result).content))
    assert [row["Статус"] for row in table] == [
        "отправлен на e-mail",
        "создан",
        "отправлен на e-mail",
        "создан",
    ]
    assert all(row["Ссылка на оплату"].startswith(paykeeper.url) for row in table)


async def test_xlsx_with_english_headers_gets_an_xlsx_result_in_english(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    rows: list[list[object]] = [
        [f"A-{n}", 1500 + n + 0.25, f"c{n}@example.com", 79101234560 + n, last_day(), "Audit", ""]
        for n in range(1, 6)
    ]
    content = to_xlsx(HEADER_EN, rows)
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    [summary] = await upload(chat, ENGLISH_MANAGER, "Orders.xlsx", content, mime)
    assert "Ready to issue: 5" in (summary.text or "")
    assert "amount — “Amount”" in (summary.text or "")

    after = len(chat.telegram.calls)
    await chat.press_text(ENGLISH_MANAGER, summary, "links")
    result = await wait_result(chat, ENGLISH_MANAGER, after, caption="Result")

    sent = document(result)
    assert sent.filename == "Orders-result.xlsx"
    header, *out = read_xlsx(sent.content)
    assert header == [
        *HEADER_EN,
        "PayKeeper invoice id",
        "Payment link",
        "Status",
        "Error",
        "PayKeeper order id",
    ]
    assert [row[0] for row in out] == [f"A-{n}" for n in range(1, 6)]
    assert out[0][1] == 1501.25  # numbers stay numbers
    assert all(row[9] == "created" for row in out)
    forms = sorted(previews(paykeeper), key=lambda form: form["orderid"])
    assert [form["pay_amount"] for form in forms] == [f"{1500 + n}.25" for n in range(1, 6)]
    assert forms[0]["client_phone"] == "+79101234561"
    assert forms[0]["orderid"] == f"bo{alias(chat, ENGLISH_MANAGER)}-A-1"


# --- Nothing issued twice ------------------------------------------------------------------


async def test_the_same_file_again_issues_nothing_and_returns_the_earlier_links(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    content = to_csv(HEADER_RU, order_rows(6, bad=[0]), delimiter=",")
    await upload_and_issue(chat, content)
    assert len(paykeeper.invoices) == 5

    after = len(chat.telegram.calls)
    summary, result_message = await upload(chat, MANAGER, "orders.csv", content)
    text = summary.text or ""
    assert "Уже выставлены раньше, повторно не выставляю: 5" in text
    assert "Выставлять нечего." in text
    assert summary.buttons == []
    result = await wait_result(chat, MANAGER, after)
    assert result_message.caption == result.params["caption"]
    assert "Были выставлены раньше: 5" in str(result.params["caption"])
    table = as_dicts(read_csv(document(result).content, delimiter=","))
    issued = [row for row in table if row["Номер счёта PayKeeper"]]
    assert {row["Номер счёта PayKeeper"] for row in issued} == set(paykeeper.invoices)
    assert all(row["Статус"] == "создан (выставлен раньше)" for row in issued)
    assert len(previews(paykeeper)) == 5
    assert len(invoice_rows(chat)) == 5


async def test_without_an_order_column_the_content_identifies_the_rows(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    rows = order_rows(3, with_order=False)
    await upload_and_issue(chat, to_csv(HEADER_RU[1:], rows))
    # Re-saved elsewhere: another delimiter, encoding, a blank line; the same content.
    again = to_csv(
        HEADER_RU[1:], [rows[0], [], rows[1], rows[2]], delimiter=",", encoding="cp1251"
    )
    summary, _ = await upload(chat, MANAGER, "orders (2).csv", again)
    assert "Уже выставлены раньше, повторно не выставляю: 3" in (summary.text or "")
    assert len(paykeeper.invoices) == 3
    order_ids = [row["order_id"] for row in invoice_rows(chat)]
    assert all(order_id.startswith(f"bf{alias(chat)}-") for order_id in order_ids)
    assert len(set(order_ids)) == 3

    # One changed cell is another file: its rows are new invoices.
    rows[0][0] = "999"
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU[1:], rows))
    assert "Можно выставить: 3" in (summary.text or "")


async def test_a_refused_row_is_retried_when_the_file_comes_again(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    paykeeper.fail_next(PREVIEW, "fail:Превышен лимит суммы счёта")
    chat.services.bulk.runner.concurrency = 1  # so the refusal hits the first row
    content = to_csv(HEADER_RU, order_rows(3))
    _, result = await upload_and_issue(chat, content)
    assert "PayKeeper отказал: 1" in str(result.params["caption"])
    progress = chat.telegram.chat_messages(MANAGER.id)[-2]
    assert "3 / 3" in (progress.text or "")
    assert "ошибок: 1" in (progress.text or "")
    first = as_dicts(read_csv(document(result).content))[0]
    assert first["Статус"] == "не создан: отказ PayKeeper"
    assert first["Ошибка"] == "Превышен лимит суммы счёта"
    assert len(paykeeper.invoices) == 2

    summary, result = await upload_and_issue(chat, content)
    text = summary.text or ""
    assert "Можно выставить: 1" in text
    assert "повторно, после прошлой ошибки: 1" in text
    assert "Уже выставлены раньше, повторно не выставляю: 2" in text
    assert len(paykeeper.invoices) == 3
    assert previews(paykeeper)[-1]["orderid"] == f"bo{alias(chat)}-{order_number(1)}~2"
    first = as_dicts(read_csv(document(result).content))[0]
    assert first["Статус"] == "создан"


async def test_a_row_without_an_answer_is_never_issued_again(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    # Processed by PayKeeper, but the answer never comes (the client gives up after 2 s).
    paykeeper.fail_next(PREVIEW, "timeout-after")
    chat.services.bulk.runner.concurrency = 1
    content = to_csv(HEADER_RU, order_rows(2))
    _, result = await upload_and_issue(chat, content)
    assert "Без ответа PayKeeper: 1" in str(result.params["caption"])
    first = as_dicts(read_csv(document(result).content))[0]
    assert first["Статус"].startswith("нет ответа PayKeeper")
    assert invoice_rows(chat)[0]["status"] == InvoiceStatus.REQUESTED

    summary, _ = await upload(chat, MANAGER, "orders.csv", content)
    assert "PayKeeper не ответил по 1" in (summary.text or "")
    assert summary.buttons == []
    assert len(previews(paykeeper)) == 2  # the uncertain row was not sent again


async def test_a_double_press_starts_the_run_once(chat: Chat, paykeeper: FakePayKeeper) -> None:
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, order_rows(3)))
    button = next(b for b in summary.buttons if "ссылки" in b["text"])
    after = len(chat.telegram.calls)
    await chat.feed(chat.telegram.press(MANAGER, summary, button["callback_data"]))
    await chat.feed(chat.telegram.press(MANAGER, summary, button["callback_data"], strict=False))
    await wait_result(chat, MANAGER, after)
    assert len(previews(paykeeper)) == 3
    alerts = [a for a in chat.answers() if a.get("show_alert")]
    assert [a["text"] for a in alerts] == ["Этот файл уже выставляется или отменён."]


async def test_cancel_issues_nothing(chat: Chat, paykeeper: FakePayKeeper) -> None:
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, order_rows(3)))
    link = next(b for b in summary.buttons if "ссылки" in b["text"])["callback_data"]
    replies = await chat.press_text(MANAGER, summary, "Отмена")
    assert [r.text for r in replies] == ["Отменено: по файлу «orders.csv» ничего не выставлено."]
    assert summary.buttons == []
    await chat.feed(chat.telegram.press(MANAGER, summary, link, strict=False))
    assert chat.answers()[-1]["text"] == "Этот файл уже выставляется или отменён."
    assert previews(paykeeper) == []


async def test_another_manager_cannot_start_my_file(chat: Chat, paykeeper: FakePayKeeper) -> None:
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, order_rows(2)))
    link = next(b for b in summary.buttons if "ссылки" in b["text"])["callback_data"]
    await chat.feed(chat.telegram.press(ENGLISH_MANAGER, summary, link))
    assert chat.answers()[-1] == {
        "callback_query_id": chat.answers()[-1]["callback_query_id"],
        "text": "Another manager sent this file.",
        "show_alert": True,
    }
    assert previews(paykeeper) == []


# --- Progress and flood control ------------------------------------------------------------


async def test_flood_control_on_the_progress_message_is_waited_out(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    chat.telegram.fail_next("editMessageText", 429, retry_after=1)
    _, result = await upload_and_issue(chat, to_csv(HEADER_RU, order_rows(4)))
    flood = [c for c in chat.telegram.failed if c.method == "editMessageText"]
    assert [c.error for c in flood] == ["Too Many Requests: retry after 1"]
    progress = chat.telegram.chat_messages(MANAGER.id)[-2]
    assert "готово" in (progress.text or "")
    assert "4 / 4" in (progress.text or "")
    assert "Создано: 4" in str(result.params["caption"])


async def test_wrong_paykeeper_credentials_stop_the_run(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    paykeeper.password = "changed-in-the-cabinet"
    chat.services.bulk.runner.concurrency = 2
    _, result = await upload_and_issue(chat, to_csv(HEADER_RU, order_rows(20)))
    progress = chat.telegram.chat_messages(MANAGER.id)[-2]
    assert "остановлено" in (progress.text or "")
    assert "не принял логин и пароль" in (progress.text or "")
    caption = str(result.params["caption"])
    assert "PayKeeper отказал: 2" in caption
    assert "Не отправлялись: 18" in caption
    assert len(paykeeper.requests) < 20  # not one failing request per row


# --- Files that cannot be used -------------------------------------------------------------


async def test_help(chat: Chat) -> None:
    [reply] = await chat.say(MANAGER, "/bulk")
    text = reply.text or ""
    assert "CSV или XLSX" in text
    assert "Не больше 1000 строк и 2\xa0МБ" in text


async def test_unusable_files_get_a_reason_and_what_to_do(chat: Chat) -> None:
    cases = {
        "empty.csv": (b"", "он пустой"),
        "junk.csv": (bytes(range(256)) * 4, "не похоже на таблицу CSV или XLSX"),
        "old.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "старый формат Excel"),
        "broken.xlsx": (b"PK\x03\x04 not really a zip", "не получается открыть его как"),
        "columns.csv": ("Клиент;Услуга\nИван;Аудит\n".encode(), "не нашёл колонку с суммой"),
        "header.csv": ("Сумма;Почта\n".encode(), "нет ни одной строки со счётом"),
        # VAT is never the amount to bill: no amount column at all, and the columns seen.
        "vat.csv": (
            "Сумма НДС;Сумма прописью;Клиент\n20;Сто двадцать рублей;Иван\n".encode(),
            "Вижу колонки: «Сумма НДС», «Сумма прописью», «Клиент»",
        ),
    }
    for name, (content, reason) in cases.items():
        [reply] = await upload(chat, MANAGER, name, content)
        assert f"Файл «{name}» не подходит" in (reply.text or ""), name
        assert reason in (reply.text or ""), name
        assert "/bulk — как подготовить файл" in (reply.text or "")
    assert invoice_rows(chat) == []


async def test_limits(chat: Chat) -> None:
    [reply] = await upload(chat, MANAGER, "big.csv", b"x" * (2 * 1024 * 1024 + 1))
    assert "весит 2\xa0МБ, а можно не больше 2\xa0МБ" in (reply.text or "")
    assert not [c for c in chat.telegram.calls if c.method == "getFile"]  # not even downloaded

    rows = order_rows(1001)
    [reply] = await upload(chat, ENGLISH_MANAGER, "many.csv", to_csv(HEADER_RU, rows))
    assert "it has more than 1000 rows. Split it into parts of 1000." in (reply.text or "")


async def test_many_bad_rows_come_back_as_a_file_to_fix(chat: Chat) -> None:
    rows = order_rows(20, bad=range(2, 16))
    replies = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, rows))
    summary, problems = replies
    text = summary.text or ""
    assert "С ошибками, выставлены не будут: 14" in text
    assert text.count("• строка") == 10
    assert "…и ещё 4. Все строки с ошибками — в файле ниже." in text
    assert problems.media["document"]["file_name"] == "orders-ошибки.csv"
    assert "Строки с ошибками: 14" in (problems.caption or "")
    file = chat.telegram.files[problems.media["document"]["file_id"]]
    table = read_csv(file.content)
    assert table[0] == ["Строка", *HEADER_RU, "Ошибка"]
    assert [row[0] for row in table[1:]] == [str(n) for n in range(4, 18)]
    assert "Не понял сумму «abc»" in table[1][-1]
