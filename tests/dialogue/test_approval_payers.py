"""APPROVAL_AMOUNT counts a payer's day, not one invoice: a manager's invoices to the same payer
(by e-mail, phone or client name) on one Moscow day add up, held ones too, so a large sum split
into invoices under the threshold still waits for an admin — through the form, inline and a
bulk file alike."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from bot.settings import Settings
from tests.dialogue.test_approvals import cards, rows
from tests.dialogue.test_bulk import upload, wait_result
from tests.dialogue.test_inline import PREVIEW, offer, previews
from tests.dialogue.test_inline import press as press_create
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage
from tests.support.bulk_samples import HEADER_RU, order_rows, to_csv
from tests.support.chat import ADMIN, MANAGER, Chat


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"manager_ids": frozenset({MANAGER.id}), "approval_amount": Decimal(100000)}
    )


async def send(chat: Chat, line: str, button: str = "ссылку") -> StoredMessage:
    """The manager types a one-line invoice and presses ``button`` on its summary."""
    [summary] = await chat.say(MANAGER, f"/invoice {line}")
    await chat.press_text(MANAGER, summary, button)
    return summary


def plain(message: StoredMessage) -> str:
    return (message.text or "").replace("\xa0", " ")


async def test_invoices_to_one_payer_on_one_day_add_up(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await send(chat, "60000 payer@example.com Аудит")
    await send(chat, "50000 other@example.com Аудит")  # another payer: its own day
    assert len(paykeeper.invoices) == 2

    waiting = await send(chat, "50000 Payer@Example.com Аудит")  # the first payer, any case
    assert len(paykeeper.invoices) == 2  # not sent to PayKeeper: it waits
    assert "ждёт одобрения администратора: сумма больше 100 000,00 ₽." in plain(waiting)
    assert "Вместе с сегодняшними счетами этому плательщику: 110 000,00 ₽." in plain(waiting)
    [card] = cards(chat, ADMIN)
    assert "Вместе с сегодняшними счетами этому плательщику: 110 000,00 ₽." in plain(card)
    assert "Сумма: 50 000,00 ₽" in plain(card)

    # The held one counts too: another invoice to that payer waits as well.
    await send(chat, "1000 payer@example.com Аудит")
    assert rows(chat, "SELECT count(*) FROM approvals WHERE status = 'pending'") == [(2,)]
    assert len(paykeeper.invoices) == 2

    # Once approved, the invoice counts from the log; a small one to a new payer goes at once.
    await chat.press_text(ADMIN, card, "Одобрить")
    await send(chat, "1000 new@example.com Аудит")
    assert len(paykeeper.invoices) == 4


async def test_a_payer_is_known_by_phone_however_it_was_typed(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await send(chat, "60000 +7 (910) 123-45-67 Аудит")
    await send(chat, "50000 89101234567 first@example.com Аудит")
    assert len(paykeeper.invoices) == 1
    assert rows(chat, "SELECT count(*) FROM approvals") == [(1,)]


async def test_a_failed_invoice_does_not_count(chat: Chat, paykeeper: FakePayKeeper) -> None:
    paykeeper.fail_next(PREVIEW, "fail:Неверная сумма")
    await send(chat, "90000 payer@example.com Аудит")
    assert rows(chat, "SELECT status FROM invoices") == [("failed",)]
    await send(chat, "20000 payer@example.com Аудит")  # the failed one is not billed
    assert len(paykeeper.invoices) == 1
    await send(chat, "90000 payer@example.com Аудит")  # with the 20 000 issued: above
    assert len(paykeeper.invoices) == 1
    assert rows(chat, "SELECT count(*) FROM approvals") == [(1,)]


async def test_the_form_and_the_inline_button_at_once_do_not_both_slip_under(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    _, posted, create = await offer(chat, MANAGER, "60000 payer@example.com Аудит")
    [summary] = await chat.say(MANAGER, "/invoice 60000 payer@example.com Консалтинг")
    link = next(b["callback_data"] for b in summary.buttons if "ссылку" in b["text"])
    await asyncio.gather(
        chat.feed(chat.telegram.press(MANAGER, summary, link)),
        chat.feed(chat.telegram.press(MANAGER, posted.inline_message_id or "", create)),
    )
    # Whichever came second did not reach PayKeeper: the form's waits, the button refuses.
    assert len(previews(paykeeper)) == 1
    assert rows(chat, "SELECT count(*) FROM approvals") in ([(0,)], [(1,)])


async def test_inline_creation_counts_the_payers_day(chat: Chat, paykeeper: FakePayKeeper) -> None:
    await send(chat, "60000 ivan@example.com Аудит")
    _, message, _ = await offer(chat, MANAGER, "50000 ivan@example.com Аудит")
    text = (await press_create(chat, MANAGER, message)).replace("\xa0", " ")
    assert text.startswith("Сумма больше 100 000,00 ₽: такой счёт выставляется после одобрения")
    assert len(previews(paykeeper)) == 1
    _, other, _ = await offer(chat, MANAGER, "50000 petr@example.com Аудит")
    assert await press_create(chat, MANAGER, other) == "Создаю счёт…"
    assert len(previews(paykeeper)) == 2


def one_payer(count: int) -> list[list[str]]:
    """Orders of 1001,50, 1002,50... all to one payer (one e-mail)."""
    return [[*row[:2], "payer@example.com", *row[3:]] for row in order_rows(count)]


async def test_a_files_rows_for_one_payer_add_up(chat: Chat, paykeeper: FakePayKeeper) -> None:
    chat.services.approvals.threshold = Decimal(2500)  # every row is under it
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, one_payer(3)))
    await chat.press_text(MANAGER, summary, "ссылки")
    assert "ждёт одобрения администратора: 3 из 3 счетов" in plain(chat.last(MANAGER))
    assert previews(paykeeper) == []
    [card] = [m for m in chat.telegram.chat_messages(ADMIN.id) if "файл" in (m.text or "")]
    assert "плательщикам больше 2 500,00 ₽ за день: 3" in plain(card)

    # The same rows to three payers go at once.
    after = len(chat.telegram.calls)
    [other] = await upload(chat, MANAGER, "other.csv", to_csv(HEADER_RU, order_rows(3, start=4)))
    await chat.press_text(MANAGER, other, "ссылки")
    await wait_result(chat, MANAGER, after)
    assert len(previews(paykeeper)) == 3


async def test_a_files_row_adds_up_with_the_days_invoices(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    chat.services.approvals.threshold = Decimal(2500)
    await send(chat, "1600 payer@example.com Аудит")
    [summary] = await upload(chat, MANAGER, "orders.csv", to_csv(HEADER_RU, one_payer(1)))
    await chat.press_text(MANAGER, summary, "ссылки")
    assert "ждёт одобрения администратора: 1 из 1 счетов" in plain(chat.last(MANAGER))
    assert len(previews(paykeeper)) == 1  # only the invoice from the form
