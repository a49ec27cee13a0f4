"""Approval (APPROVAL_AMOUNT) beyond the form: a bulk file with rows above it waits as one
request for the whole file and starts once approved; the inline "create" button sends the
manager to /invoice instead of issuing in a client's chat."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from bot.settings import Settings
from bot.telegram.bulk_reports import TelegramBulkReports
from storage.approvals import ApprovalStatus
from storage.bulk import NewRun, RunRecord
from tests.dialogue.test_approvals import start_again
from tests.dialogue.test_bulk import upload, wait_result
from tests.dialogue.test_inline import offer, previews
from tests.dialogue.test_inline import press as press_create
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage
from tests.support.bulk_samples import HEADER_RU, order_rows, to_csv
from tests.support.chat import ADMIN, MANAGER, Chat


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "manager_ids": frozenset({MANAGER.id}),
            "approval_amount": Decimal(1002),  # rows are 1001,50, 1002,50, 1003,50...
        }
    )


@pytest.fixture(autouse=True)
def quick_progress(chat: Chat) -> None:
    reports = chat.services.bulk.reports
    assert isinstance(reports, TelegramBulkReports)
    reports.interval = 0.05


def replace_of(run: RunRecord) -> NewRun:
    """The run's own header and file, as a column choice would write them back."""
    return NewRun(
        manager_id=run.manager_id,
        manager_name=run.manager_name,
        chat_id=run.chat_id,
        lang=run.lang,
        file_name=run.file_name,
        file_hash=run.file_hash,
        format=run.format,
        encoding=run.encoding,
        delimiter=run.delimiter,
        header=run.header,
        choices=run.choices,
        upload=None,
    )


def card(chat: Chat) -> StoredMessage:
    [found] = [m for m in chat.telegram.chat_messages(ADMIN.id) if "файл" in (m.text or "")]
    return found


async def test_a_file_with_rows_above_the_limit_waits_as_one_request(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, order_rows(3)))
    await chat.press_text(MANAGER, summary, "ссылки")
    waiting = chat.last(MANAGER)
    assert "Файл orders.csv ждёт одобрения администратора: 2 из 3 счетов" in (waiting.text or "")
    assert summary.buttons == []  # the summary's own buttons are gone
    assert previews(paykeeper) == []
    text = (card(chat).text or "").replace("\xa0", " ")
    assert "Счетов: 3, из них плательщикам больше 1 002,00 ₽ за день: 2" in text
    assert "Всего: 3 007,50 ₽" in text

    after = len(chat.telegram.calls)
    await chat.press_text(ADMIN, card(chat), "Одобрить")
    await wait_result(chat, MANAGER, after)
    assert len(previews(paykeeper)) == 3  # the whole file, as the manager chose: links
    assert paykeeper.sent == []
    assert "✅ Анна одобрил(а): файл выставляется" in (card(chat).text or "")


async def test_a_rejected_file_issues_nothing_and_says_why(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, order_rows(3)))
    send = next(b["callback_data"] for b in summary.buttons if "e-mail" in b["text"])
    await chat.press(MANAGER, summary, send)
    await chat.feed(chat.telegram.press(MANAGER, summary, send, strict=False))
    assert chat.answers()[-1]["text"] == "Этот счёт уже ждёт одобрения."
    await chat.press_text(ADMIN, card(chat), "Отклонить")
    told = (chat.last(MANAGER).text or "").replace("\xa0", " ")
    assert told.startswith("❌ Анна отклонил(а) файл orders.csv на 3 007,50 ₽.")
    assert "исправьте файл и пришлите снова" in told
    assert previews(paykeeper) == []
    # The run is cancelled with it: an old press of the summary's button starts nothing.
    await chat.feed(chat.telegram.press(MANAGER, summary, send, strict=False))
    assert chat.answers()[-1]["text"] == "Этот файл уже выставляется или отменён."
    assert previews(paykeeper) == []


async def test_a_file_within_the_limit_is_issued_at_once(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, order_rows(1)))
    after = len(chat.telegram.calls)
    await chat.press_text(MANAGER, summary, "ссылки")
    await wait_result(chat, MANAGER, after)
    assert len(previews(paykeeper)) == 1


async def test_inline_creation_above_the_limit_is_sent_to_the_form(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    _, message, _ = await offer(chat, MANAGER, "5000 ivan@example.com Аудит")
    text = await press_create(chat, MANAGER, message)
    assert text.replace("\xa0", " ") == (
        "Сумма больше 1 002,00 ₽: такой счёт выставляется после одобрения администратора. "
        "Выставьте его в боте через /invoice."
    )
    assert previews(paykeeper) == []
    _, small, _ = await offer(chat, MANAGER, "1000 ivan@example.com Аудит")
    assert await press_create(chat, MANAGER, small) == "Создаю счёт…"
    assert len(previews(paykeeper)) == 1


async def test_approving_a_file_cancelled_meanwhile_starts_nothing(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, order_rows(3)))
    cancel = next(b["callback_data"] for b in summary.buttons if "Отмен" in b["text"])
    await chat.press_text(MANAGER, summary, "ссылки")
    await chat.feed(chat.telegram.press(MANAGER, summary, cancel, strict=False))  # an old button
    await chat.press_text(ADMIN, card(chat), "Одобрить")
    assert chat.answers()[-1]["text"] == (
        "Файл отменён или изменён после запроса — ничего не выставлено."
    )
    assert "Менеджер отозвал запрос" in (card(chat).text or "")
    assert previews(paykeeper) == []


async def test_a_file_approval_a_stop_cut_off_starts_at_the_next_start(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, order_rows(3)))
    await chat.press_text(MANAGER, summary, "ссылки")
    [approval] = [a for a in [await chat.services.approvals.get(1)] if a is not None]
    # The admin's press decided it; the bot stopped before the run started.
    assert await chat.services.approvals.repository.decide(
        approval.id, ApprovalStatus.APPROVED, ADMIN.id
    )
    after = len(chat.telegram.calls)
    await start_again(chat)
    await wait_result(chat, MANAGER, after)
    assert len(previews(paykeeper)) == 3  # the whole file, as links, as the manager chose
    assert paykeeper.sent == []

    await start_again(chat)  # its run is under way or done: nothing starts twice
    assert len(previews(paykeeper)) == 3


# Two amount columns that bill differently: the bot asks; the other stays offered as a choice.
TWO_SUMS = (
    "Контрагент;Сумма по дебету;Сумма по кредиту;Почта\n"
    "ООО Альфа;1500;150000;alpha@example.com\n"
    "ООО Бета;900;90000;beta@example.com\n"
).encode()


async def test_a_held_file_cannot_change_and_starts_with_the_rows_approved(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [asked] = await upload(chat, MANAGER, "выписка.csv", TWO_SUMS)
    # The two columns bill different amounts: the bot asks first, and the debit is chosen.
    await chat.press_text(MANAGER, asked, "«Сумма по дебету»")
    summary = chat.telegram.message(MANAGER.id, asked.message_id)
    use_credit = next(b["callback_data"] for b in summary.buttons if "кредиту" in b["text"])
    await chat.press_text(MANAGER, summary, "ссылки")
    assert "1 из 2 счетов" in (chat.last(MANAGER).text or "")

    # An old button of the summary: another column is refused while the file waits.
    await chat.feed(chat.telegram.press(MANAGER, summary, use_credit, strict=False))
    assert chat.answers()[-1]["text"] == (
        "Файл ждёт одобрения и не меняется. Чтобы выбрать другую колонку, отзовите запрос "
        "и пришлите файл снова."
    )
    # Nor can the rows be replaced by any other way in.
    run = await chat.services.bulk.runs.get(1)
    assert run is not None
    assert not await chat.services.bulk.runs.replace_draft(1, replace_of(run), [])

    after = len(chat.telegram.calls)
    await chat.press_text(ADMIN, card(chat), "Одобрить")
    await wait_result(chat, MANAGER, after)
    assert sorted(form["pay_amount"] for form in previews(paykeeper)) == ["1500.00", "900.00"]


async def test_a_file_whose_rows_changed_after_the_request_does_not_start(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, order_rows(3)))
    buttons = summary.buttons
    await chat.press_text(MANAGER, summary, "ссылки")
    with sqlite3.connect(chat.services.settings.database_path) as db:
        db.execute(
            "UPDATE bulk_rows SET draft = json_set(draft, '$.amount', '99999.00')"
            " WHERE row_number = 2"
        )
    await chat.press_text(ADMIN, card(chat), "Одобрить")
    assert chat.answers()[-1]["text"] == (
        "Файл отменён или изменён после запроса — ничего не выставлено."
    )
    # Nor does the summary's old button start it without an approval.
    send = next(b["callback_data"] for b in buttons if "ссылки" in b["text"])
    await chat.feed(chat.telegram.press(MANAGER, summary, send, strict=False))
    assert previews(paykeeper) == []
