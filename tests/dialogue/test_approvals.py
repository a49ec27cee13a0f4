"""Approval of large invoices (APPROVAL_AMOUNT): a manager's invoice above it waits for an
admin, is issued exactly as the manager chose once approved (however many admins press at
once), comes back as a form when rejected, and is not issued after the manager withdrew it."""

from __future__ import annotations

import asyncio
import sqlite3
from decimal import Decimal
from typing import Any

import pytest

from bot.drafts import InvoiceDraft
from bot.keyboards.approvals import ApprovalAction, ApprovalCallback
from bot.services.access import Role
from bot.services.issue_outcomes import Manager
from bot.settings import Settings
from bot.telegram.approval_cards import tell_resumed
from storage.approvals import ApprovalStatus
from tests.dialogue.test_team import NEWCOMER, grant
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, Chat

SECOND_ADMIN = User(id=1002, first_name="Ольга", language_code="ru")
VIEWER = User(id=8008, first_name="Бухгалтер", language_code="ru")
LARGE = "/invoice 150000 payer@example.com Аудит"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "admin_ids": frozenset({ADMIN.id, SECOND_ADMIN.id}),
            "approval_amount": Decimal(100000),
        }
    )


def rows(chat: Chat, sql: str) -> list[Any]:
    with sqlite3.connect(chat.services.settings.database_path) as db:
        return db.execute(sql).fetchall()


def cards(chat: Chat, admin: User) -> list[StoredMessage]:
    return [m for m in chat.telegram.chat_messages(admin.id) if "одобрение" in (m.text or "")]


async def hold(chat: Chat, user: User = MANAGER, button: str = "e-mail") -> StoredMessage:
    """The manager fills in a large invoice and sends it: the summary turns into the wait."""
    [summary] = await chat.say(user, LARGE)
    await chat.press_text(user, summary, button)
    return summary


async def test_a_large_invoice_waits_and_is_issued_as_the_manager_chose_once_approved(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    waiting = await hold(chat)
    assert "ждёт одобрения администратора" in (waiting.text or "")
    assert [b["text"] for b in waiting.buttons] == ["↩️ Отозвать запрос"]
    assert paykeeper.invoices == {}  # nothing went to PayKeeper
    assert rows(chat, "SELECT count(*) FROM invoices") == [(0,)]
    [first], [second] = cards(chat, ADMIN), cards(chat, SECOND_ADMIN)
    text = (first.text or "").replace("\xa0", " ")
    assert "Менеджер: Иван" in text
    assert "Сумма: 150 000,00 ₽" in text
    assert "payer@example.com" in text
    assert "PayKeeper отправит на e-mail" in text

    approve = next(b["callback_data"] for b in first.buttons if "Одобрить" in b["text"])
    await chat.press(ADMIN, first, approve)
    [(invoice_id, delivery, status)] = rows(chat, "SELECT id, delivery, status FROM invoices")
    assert (delivery, status) == ("email", "sent")
    assert len(paykeeper.invoices) == 1
    assert len(paykeeper.sent) == 1  # e-mailed, as the manager chose
    for card in (first, second):
        assert f"✅ Анна одобрил(а): счёт № {invoice_id}" in (card.text or "")
        assert card.buttons == []
    told = [m.text or "" for m in chat.telegram.chat_messages(MANAGER.id)][-2:]
    assert told[0].replace("\xa0", " ") == "✅ Анна одобрил(а) счёт на 150 000,00 ₽."
    assert "payer@example.com" in told[1]

    # A late press on the other card issues nothing more.
    await chat.feed(chat.telegram.press(SECOND_ADMIN, second, approve, strict=False))
    assert chat.answers()[-1]["text"] == "Уже решено: Анна."
    assert len(paykeeper.invoices) == 1


async def test_approvals_pressed_at_once_issue_one_invoice(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await hold(chat, button="ссылку")
    [first], [second] = cards(chat, ADMIN), cards(chat, SECOND_ADMIN)
    approve = first.buttons[0]["callback_data"]
    await asyncio.gather(
        chat.feed(chat.telegram.press(ADMIN, first, approve)),
        chat.feed(chat.telegram.press(SECOND_ADMIN, second, approve)),
        chat.feed(chat.telegram.press(ADMIN, first, approve, strict=False)),
    )
    assert len(paykeeper.invoices) == 1
    assert rows(chat, "SELECT delivery, status FROM invoices") == [("link", "created")]
    assert paykeeper.sent == []
    links = [m for m in chat.telegram.chat_messages(MANAGER.id) if "http" in (m.text or "")]
    assert len(links) == 1


async def test_a_rejection_tells_the_reason_and_gives_the_form_back(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await hold(chat, user=ENGLISH_MANAGER, button="e-mail")
    [card] = cards(chat, SECOND_ADMIN)
    [question] = await chat.press_text(SECOND_ADMIN, card, "с причиной")
    assert "ответьте на это сообщение" in (question.text or "")
    update = chat.telegram.send_message(SECOND_ADMIN, "Слишком <дорого> & рано")
    update["message"]["reply_to_message"] = question.to_dict()
    await chat.feed(update)

    assert "❌ Ольга отклонил(а)\nПричина: Слишком <дорого> & рано" in (card.text or "")
    assert "❌ Ольга отклонил(а)" in (cards(chat, ADMIN)[0].text or "")
    rejected, summary = chat.telegram.chat_messages(ENGLISH_MANAGER.id)[-2:]
    assert (rejected.text or "").replace("\xa0", " ") == (
        "❌ Ольга rejected the invoice for RUB 150,000.00.\nReason: Слишком <дорого> & рано\n"
        "Your answers are kept: edit and send it again."
    )
    assert "payer@example.com" in (summary.text or "")
    assert paykeeper.invoices == {}

    # The form is back: the manager lowers the amount and it is issued at once.
    await chat.press_text(ENGLISH_MANAGER, summary, "Edit")
    await chat.press_text(ENGLISH_MANAGER, summary, "Amount")
    [again] = await chat.say(ENGLISH_MANAGER, "90000")
    await chat.press_text(ENGLISH_MANAGER, again, "e-mail")
    assert len(paykeeper.invoices) == 1


async def test_a_withdrawn_request_is_not_issued_by_a_late_approval(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    waiting = await hold(chat)
    await chat.press_text(MANAGER, waiting, "Отозвать")
    assert "Запрос отозван" in (waiting.text or "")
    [card] = cards(chat, ADMIN)
    assert "Менеджер отозвал запрос" in (card.text or "")
    data = ApprovalCallback(action=ApprovalAction.APPROVE, id=1).pack()
    await chat.feed(chat.telegram.press(ADMIN, card, data, strict=False))
    assert chat.answers()[-1]["text"] == "Менеджер отозвал этот запрос — ничего не выставлено."
    assert paykeeper.invoices == {}
    assert rows(chat, "SELECT count(*) FROM invoices") == [(0,)]


async def test_a_double_press_holds_once_and_only_admins_decide(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await chat.say(MANAGER, LARGE)
    send = next(b["callback_data"] for b in summary.buttons if "e-mail" in b["text"])
    await chat.press(MANAGER, summary, send)
    await chat.feed(chat.telegram.press(MANAGER, summary, send, strict=False))
    assert chat.answers()[-1]["text"] == "Этот счёт уже ждёт одобрения."
    assert rows(chat, "SELECT count(*) FROM approvals") == [(1,)]
    assert len(cards(chat, ADMIN)) == 1

    await chat.services.team.repository.set_role(ADMIN.id, VIEWER.id, Role.VIEWER)
    await chat.services.team.start()
    [card] = cards(chat, ADMIN)
    for user in (MANAGER, VIEWER):
        for action in (ApprovalAction.APPROVE, ApprovalAction.REJECT, ApprovalAction.REASON):
            data = ApprovalCallback(action=action, id=1).pack()
            await chat.feed(chat.telegram.press(user, card, data, strict=False))
            assert chat.answers()[-1]["text"] == "Это доступно только администраторам."
    # Someone else's withdraw does nothing either.
    data = ApprovalCallback(action=ApprovalAction.WITHDRAW, id=1).pack()
    await chat.feed(chat.telegram.press(ENGLISH_MANAGER, card, data, strict=False))
    assert rows(chat, "SELECT status FROM approvals") == [("pending",)]
    assert paykeeper.invoices == {}


async def test_admins_invoices_and_amounts_up_to_the_limit_are_not_held(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await hold(chat, user=ADMIN)
    [summary] = await chat.say(MANAGER, "/invoice 100000 payer@example.com Аудит")
    await chat.press_text(MANAGER, summary, "ссылку")
    assert len(paykeeper.invoices) == 2
    assert rows(chat, "SELECT count(*) FROM approvals") == [(0,)]


async def start_again(chat: Chat) -> None:
    """What the bot does at its next start (bot/app.py): the cut-off approvals carried out."""
    services = chat.services
    resumed = await services.approvals.resume()
    await tell_resumed(
        chat.bot, resumed, services.approvals, services.team, services.settings, services.outbox
    )


async def test_an_approval_a_stop_cut_off_is_issued_at_the_next_start(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await hold(chat)
    [(approval_id,)] = rows(chat, "SELECT id FROM approvals")
    await chat.say(ADMIN, "/help")  # the bot knows the admin's name, as from their press
    # The admin's press decided it; the bot stopped before the invoice was made.
    assert await chat.services.approvals.repository.decide(
        approval_id, ApprovalStatus.APPROVED, ADMIN.id
    )
    assert paykeeper.invoices == {}

    await start_again(chat)
    [(invoice_id, delivery, status)] = rows(chat, "SELECT id, delivery, status FROM invoices")
    assert (delivery, status) == ("email", "sent")  # as the manager chose
    assert len(paykeeper.invoices) == 1
    assert rows(chat, "SELECT invoice_id FROM approvals") == [(invoice_id,)]
    for card in cards(chat, ADMIN) + cards(chat, SECOND_ADMIN):
        assert f"✅ Анна одобрил(а): счёт № {invoice_id}" in (card.text or "")
        assert card.buttons == []
    told = [m.text or "" for m in chat.telegram.chat_messages(MANAGER.id)][-2:]
    assert told[0].replace("\xa0", " ") == "✅ Анна одобрил(а) счёт на 150 000,00 ₽."
    assert "payer@example.com" in told[1]

    # The start after that finds nothing left to do.
    messages = len(chat.telegram.chat_messages(MANAGER.id))
    await start_again(chat)
    assert len(paykeeper.invoices) == 1
    assert len(chat.telegram.chat_messages(MANAGER.id)) == messages


async def test_an_approval_cut_off_after_its_invoice_was_logged_is_not_issued_again(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    """Stopped between the invoice log and the link to it: the log's invoice is the one."""
    await hold(chat)
    services = chat.services
    [approval] = [a for a in [await services.approvals.get(1)] if a is not None]
    assert await services.approvals.repository.decide(
        approval.id, ApprovalStatus.APPROVED, ADMIN.id
    )
    made = await services.issuer.issue(
        InvoiceDraft.from_data(approval.draft),
        order_id=approval.order_id,
        manager=Manager(approval.manager_id, approval.manager_name),
        delivery=approval.delivery,
    )
    await start_again(chat)
    assert len(paykeeper.invoices) == 1  # nothing more reached PayKeeper
    assert rows(chat, "SELECT invoice_id FROM approvals") == [(made.invoice.id,)]


async def test_a_suspended_managers_request_is_not_approved_until_access_is_back(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await grant(chat, NEWCOMER, Role.MANAGER)  # on the team from chat: suspendable
    await hold(chat, NEWCOMER)
    [card] = cards(chat, ADMIN)
    approve = next(b["callback_data"] for b in card.buttons if "Одобрить" in b["text"])
    assert await chat.services.team.suspend(ADMIN.id, NEWCOMER.id) is None

    await chat.press(ADMIN, card, approve)
    alert = chat.answers()[-1]
    assert alert["show_alert"]
    assert alert["text"].startswith("Peter приостановлен(а) или больше не в команде")
    assert paykeeper.invoices == {}
    assert rows(chat, "SELECT status FROM approvals") == [("pending",)]
    assert chat.telegram.message(ADMIN.id, card.message_id).buttons  # still to decide

    assert await chat.services.team.restore(ADMIN.id, NEWCOMER.id) is None
    await chat.press(ADMIN, card, approve)
    assert len(paykeeper.invoices) == 1
    assert rows(chat, "SELECT status FROM approvals") == [("approved",)]


async def test_the_suspended_managers_alert_is_plain_text_within_telegrams_limit(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    """A callback alert is plain text of at most 200 characters, whatever the name."""
    long_name = User(id=7070, first_name="Рога & Копыта " * 5, language_code="ru")
    await grant(chat, long_name, Role.MANAGER)
    await hold(chat, long_name)
    [card] = cards(chat, ADMIN)
    assert await chat.services.team.suspend(ADMIN.id, long_name.id) is None
    await chat.press_text(ADMIN, card, "Одобрить")
    text = chat.answers()[-1]["text"]
    assert len(text) <= 200
    assert text.startswith("Рога & Копыта")
    assert "&amp;" not in text
    assert paykeeper.invoices == {}
