"""MAX_AMOUNT on the paths tests/dialogue/test_amount_paths.py leaves out: the one-line
command, inline creation and its button, "repeat" of an invoice issued under a higher limit,
and an approval decided after the limit was lowered. Whatever the path, the manager reads a
clear refusal and no request to make an invoice reaches PayKeeper."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from bot.settings import Settings
from storage import InvoiceStatus
from tests.dialogue.test_inline import ask, offer, press
from tests.dialogue.test_invoices import issue, open_card, requests
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import User
from tests.support.chat import ADMIN, MANAGER, Chat

PREVIEW = "/change/invoice/preview/"
LIMIT = Decimal(1_000_000)
LIMIT_SAID = "не больше 1\xa0000\xa0000,00\xa0₽"
APOLOGY = "Что-то пошло не так"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_amount": LIMIT})


async def restart(chat: Chat, **settings: object) -> Chat:
    """``chat``'s bot restarted with ``settings`` changed (the caller closes it)."""
    return await chat.restarted(chat.services.settings.model_copy(update=settings))


@pytest.fixture
async def higher(chat: Chat) -> AsyncIterator[Chat]:
    """The same bot, restarted with MAX_AMOUNT three times higher: what it makes, LIMIT
    meets after the next restart (``lowered``)."""
    restarted = await restart(chat, max_amount=LIMIT * 3)
    yield restarted
    await restarted.services.close()


async def lowered(chat: Chat) -> Chat:
    """``chat``'s bot restarted with MAX_AMOUNT back at LIMIT (the caller closes it)."""
    return await restart(chat, max_amount=LIMIT)


def said_to(chat: Chat, user: User) -> list[str]:
    return [m.text or "" for m in chat.telegram.chat_messages(user.id)]


def no_apology(chat: Chat, *users: User) -> None:
    for user in users:
        assert not [text for text in said_to(chat, user) if APOLOGY in text]
    assert not [a for a in chat.answers() if APOLOGY in str(a.get("text") or "")]


async def test_the_one_line_command_above_the_limit_is_refused(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [refused] = await chat.say(MANAGER, "/invoice 1000000,01 payer@example.com Консультация")
    assert "Сумма слишком большая" in (refused.text or "")
    assert LIMIT_SAID in (refused.text or "")
    assert refused.buttons == []  # no summary to confirm
    no_apology(chat, MANAGER)
    assert requests(paykeeper, PREVIEW) == []
    assert await chat.services.invoices.list_by_status(*InvoiceStatus) == []


async def test_an_inline_query_above_the_limit_offers_no_create_button(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    answer = await ask(chat, MANAGER, "2000000 payer@example.com Консультация")
    [result] = answer["results"]
    assert result["id"] == "syntax"  # not "new:…": nothing to create
    assert "Сумма слишком большая" in result["description"]
    assert LIMIT_SAID in result["description"]
    assert "reply_markup" not in result
    assert requests(paykeeper, PREVIEW) == []


async def test_an_inline_create_button_above_a_lowered_limit_is_refused(
    higher: Chat, paykeeper: FakePayKeeper
) -> None:
    # Offered (and posted) while MAX_AMOUNT allowed it; pressed after it was lowered.
    _, message, _ = await offer(higher, MANAGER, "2000000 payer@example.com Консультация")
    chat = await lowered(higher)
    try:
        await press(chat, MANAGER, message)
        notice = chat.last(MANAGER).text or ""
        assert "Сумма слишком большая" in notice
        assert LIMIT_SAID in notice
        assert "ничего не отправлено" in notice
        assert "Кнопка в чате убрана" in notice  # a press again could only fail again
        assert "2\xa0000\xa0000,00\xa0₽" in (message.text or "")  # the client sees the draft
        assert message.reply_markup is None
        no_apology(chat, MANAGER)
        assert requests(paykeeper, PREVIEW) == []
        [failed] = await chat.services.invoices.list_by_status(*InvoiceStatus)
        assert failed.status is InvoiceStatus.FAILED
        assert "input.amount.too_large" in (failed.error or "")
    finally:
        await chat.services.close()


async def test_repeat_of_an_invoice_above_a_lowered_limit_is_refused(
    higher: Chat, paykeeper: FakePayKeeper
) -> None:
    first = await issue(higher, amount="2000000")
    assert first.invoice_url is not None
    made = len(requests(paykeeper, PREVIEW))
    chat = await lowered(higher)
    try:
        card = await open_card(chat, MANAGER, first)
        _, summary = await chat.press_text(MANAGER, card, "Повторить")
        refused, again = await chat.press_text(MANAGER, summary, "Получить ссылку")
        assert "Сумма слишком большая" in (refused.text or "")
        assert LIMIT_SAID in (refused.text or "")
        assert "ничего не отправлено" in (refused.text or "")
        assert "Консультация" in (again.text or "")  # the answers stay, to lower the amount
        no_apology(chat, MANAGER)
        assert len(requests(paykeeper, PREVIEW)) == made
        assert await chat.services.invoices.list_by_status(*InvoiceStatus) == [first]
    finally:
        await chat.services.close()


async def test_an_approval_after_the_limit_was_lowered_is_refused(
    higher: Chat, paykeeper: FakePayKeeper
) -> None:
    higher = await restart(higher, approval_amount=Decimal(100_000))
    [summary] = await higher.say(MANAGER, "/invoice 2000000 payer@example.com Аудит")
    await higher.press_text(MANAGER, summary, "ссылку")
    [card] = [m for m in higher.telegram.chat_messages(ADMIN.id) if "одобрение" in (m.text or "")]
    chat = await lowered(higher)
    try:
        await chat.press_text(ADMIN, card, "Одобрить")
        assert requests(paykeeper, PREVIEW) == []
        [failed] = await chat.services.invoices.list_by_status(*InvoiceStatus)
        assert failed.status is InvoiceStatus.FAILED
        assert "input.amount.too_large" in (failed.error or "")

        manager = said_to(chat, MANAGER)[-1]
        assert "Сумма слишком большая" in manager
        assert LIMIT_SAID in manager
        assert "ничего не отправлено" in manager
        admin = chat.telegram.message(ADMIN.id, card.message_id).text or ""
        assert "Сумма слишком большая" in admin
        assert LIMIT_SAID in admin
        assert "не создан" in admin
        assert card.buttons == []
        no_apology(chat, MANAGER, ADMIN)
    finally:
        await chat.services.close()
