"""When PayKeeper or Telegram answer badly: a payer is never billed twice, and a manager never
loses what became of an invoice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from pydantic import AnyHttpUrl

from bot.telegram.retry import RetryTransient
from tests.dialogue.test_inline import offer, press
from tests.dialogue.test_invoice_form import fill_form, previews, rows
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage
from tests.support.chat import ENGLISH_MANAGER, MANAGER, Chat

# Waits out flood control and timeouts: `pytest -m 'not slow'` skips it.
pytestmark = pytest.mark.slow

PREVIEW = "/change/invoice/preview/"
TOKEN = "/info/settings/token/"
RETRIES = RetryTransient().retries


def assert_link_given(chat: Chat, paykeeper: FakePayKeeper, summary: StoredMessage) -> None:
    """The summary turned into the one invoice's link, and the log has it created."""
    [invoice_id] = paykeeper.invoices
    result = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "Счёт создан" in (result.text or "")
    assert f"/bill/{invoice_id}/" in (result.text or "")
    [row] = rows(chat)
    assert row["status"] == "created"


@pytest.mark.parametrize(
    "fault", ["html-after", "truncated-after", "500-after", "shape-after", "fail-after-warning"]
)
async def test_junk_after_the_invoice_was_made_never_leads_to_a_second_one(
    chat: Chat, paykeeper: FakePayKeeper, fault: str
) -> None:
    summary = await fill_form(chat)
    link_button = next(b for b in summary.buttons if "ссылку" in b["text"])["callback_data"]
    paykeeper.fail_next(PREVIEW, fault)
    await chat.press(MANAGER, summary, link_button)

    result = chat.telegram.message(MANAGER.id, summary.message_id)
    text = result.text or ""
    assert "мог быть создан" in text
    assert "Не выставляйте его повторно" in text
    assert "логин" not in text  # not blamed on the credentials
    assert result.buttons == []  # no retry offered
    [row] = rows(chat)
    assert row["status"] == "requested"
    assert row["order_id"] in text
    assert "сохранены" not in (chat.last(MANAGER).text or "")

    # However often the old summary's button is pressed, nothing more reaches PayKeeper.
    for _ in range(3):
        await chat.feed(chat.telegram.press(MANAGER, summary, link_button, strict=False))
    assert len(previews(paykeeper)) == 1
    assert len(paykeeper.invoices) == 1
    assert "сверяется с PayKeeper" in (chat.last(MANAGER).text or "")

    # Reconciliation settles it by the order id and tells the manager the link.
    services = chat.services
    services.reconciler.started_at = datetime.now(UTC)
    await services.reconciler.run_once()
    [row] = rows(chat)
    [invoice_id] = paykeeper.invoices
    assert (row["status"], row["paykeeper_id"]) == ("created", invoice_id)
    services.outbox.spacing = 0
    assert await services.outbox.deliver_pending()
    assert invoice_id in (chat.last(MANAGER).text or "")


async def test_a_php_warning_before_the_answer_still_gives_the_link(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    summary = await fill_form(chat)
    paykeeper.fail_next(PREVIEW, "warning-after")
    await chat.press_text(MANAGER, summary, "Получить ссылку")

    assert_link_given(chat, paykeeper, summary)


async def test_wrong_credentials_are_named_and_a_retry_is_offered(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    summary = await fill_form(chat)
    paykeeper.fail_next(TOKEN, "html")  # the token request meets PayKeeper's login page
    retry_hint, _new_summary = await chat.press_text(MANAGER, summary, "Получить ссылку")

    result = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "не принял логин и пароль" in (result.text or "")
    assert "Счёт не создан" in (result.text or "")
    assert previews(paykeeper) == []  # nothing was sent, so nothing can exist
    assert "сохранены" in (retry_hint.text or "")


async def test_a_wrong_url_is_named_as_such(chat: Chat, paykeeper: FakePayKeeper) -> None:
    # An address where something answers, but not PayKeeper's API (a 404 page).
    settings = chat.services.settings.model_copy(
        update={"paykeeper_url": AnyHttpUrl(paykeeper.url + "/cabinet")}
    )
    chat = await chat.restarted(settings)
    try:
        summary = await fill_form(chat, ENGLISH_MANAGER)
        await chat.press_text(ENGLISH_MANAGER, summary, "Get the link")
    finally:
        await chat.services.close()
    result = chat.telegram.message(ENGLISH_MANAGER.id, summary.message_id)
    assert "PAYKEEPER_URL is not PayKeeper" in (result.text or "")
    assert "password" not in (result.text or "")
    assert previews(paykeeper) == []


async def test_flood_control_on_the_link_edit_still_delivers_the_link(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    summary = await fill_form(chat)
    # Flood control on every attempt the retries allow but the last.
    chat.telegram.fail_next("editMessageText", 429, retry_after=1, times=RETRIES)
    await chat.press_text(MANAGER, summary, "Получить ссылку")

    [invoice_id] = paykeeper.invoices
    result = chat.telegram.message(MANAGER.id, summary.message_id)
    assert f"/bill/{invoice_id}/" in (result.text or "")


async def test_a_press_telegram_no_longer_lets_the_bot_answer_still_gives_the_link(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    """A press that waited out a restart: Telegram refuses the toast, the invoice is made."""
    summary = await fill_form(chat)
    chat.telegram.fail_next(
        "answerCallbackQuery",
        400,
        description="Bad Request: query is too old and response timeout expired or query ID "
        "is invalid",
    )
    await chat.press_text(MANAGER, summary, "Получить ссылку")

    assert_link_given(chat, paykeeper, summary)


async def test_the_toast_under_flood_control_does_not_hold_up_the_invoice(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    summary = await fill_form(chat)
    # Seconds of flood control: far longer than issuing takes, even on a busy machine.
    chat.telegram.fail_next("answerCallbackQuery", 429, retry_after=3)
    await chat.press_text(MANAGER, summary, "Получить ссылку")

    [invoice_id] = paykeeper.invoices
    calls = chat.telegram.calls
    [toast] = [
        index
        for index, call in enumerate(calls)
        if call.method == "answerCallbackQuery" and "Создаю счёт" in str(call.params.get("text"))
    ]
    [link] = [index for index, call in enumerate(calls) if call.method == "editMessageText"]
    # Both reach the manager, and the link did not wait for the toast's flood control.
    assert link < toast
    result = chat.telegram.message(MANAGER.id, summary.message_id)
    assert f"/bill/{invoice_id}/" in (result.text or "")


@pytest.fixture
async def patient_chat(chat: Chat) -> AsyncIterator[Chat]:
    """A chat whose bot waits a minute for PayKeeper: a test holds PayKeeper's answer while
    it looks, and a busy machine may take seconds to look."""
    patient = await chat.restarted(
        chat.services.settings.model_copy(update={"paykeeper_timeout": 60.0})
    )
    yield patient
    await patient.services.close()


async def test_the_toast_does_not_wait_for_paykeepers_answer(
    patient_chat: Chat, paykeeper: FakePayKeeper
) -> None:
    """The button's toast ("issuing…") does not wait for PayKeeper's answer: the button stops
    spinning while PayKeeper is still working on the invoice."""
    chat = patient_chat
    summary = await fill_form(chat)
    paykeeper.held = asyncio.Event()
    after = len(chat.telegram.calls)
    pressing = asyncio.create_task(chat.press_text(MANAGER, summary, "Получить ссылку"))
    try:
        toast = await chat.telegram.wait_for("answerCallbackQuery", after=after)
        assert "Создаю счёт" in str(toast.params.get("text"))
        assert paykeeper.invoices == {}  # PayKeeper has not made it yet
        shown = chat.telegram.message(MANAGER.id, summary.message_id).text or ""
        assert "Счёт создан" not in shown
    finally:
        paykeeper.held.set()
    await asyncio.wait_for(pressing, 120)
    assert_link_given(chat, paykeeper, summary)


async def test_a_link_telegram_keeps_refusing_is_queued_and_delivered_later(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    summary = await fill_form(chat)
    # Far more refusals than the retries allow on the link edit.
    chat.telegram.fail_next("editMessageText", 502, description="Bad Gateway", times=20)
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [invoice_id] = paykeeper.invoices
    assert all(
        f"/bill/{invoice_id}/" not in (m.text or "")
        for m in chat.telegram.chat_messages(MANAGER.id)
    )

    # The summary's button is still on screen: pressing it shows the invoice, issues nothing.
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    assert len(previews(paykeeper)) == 1
    shown = chat.last(MANAGER)
    assert f"/bill/{invoice_id}/" in (shown.text or "")
    assert any("Открыть счёт" in b["text"] for b in shown.buttons)

    # And the queued result goes out once Telegram takes it.
    chat.telegram.clear_faults()
    assert await chat.services.outbox.deliver_pending()
    delivered = chat.last(MANAGER)
    assert "Счёт создан" in (delivered.text or "")
    assert f"/bill/{invoice_id}/" in (delivered.text or "")


async def test_flood_control_on_a_form_reply_does_not_drop_the_question(chat: Chat) -> None:
    await chat.say(MANAGER, "/invoice")
    chat.telegram.fail_next("sendMessage", 429, retry_after=1)
    [question] = await chat.say(MANAGER, "1500")
    assert "E-mail плательщика" in (question.text or "")


async def test_concurrent_presses_after_junk_make_one_invoice(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    summary = await fill_form(chat)
    paykeeper.fail_next(PREVIEW, "truncated-after")
    button = next(b for b in summary.buttons if "ссылку" in b["text"])["callback_data"]
    presses = [chat.telegram.press(MANAGER, summary, button, strict=False) for _ in range(4)]
    await asyncio.gather(*(chat.feed(press) for press in presses))
    assert len(paykeeper.invoices) == 1
    assert len(rows(chat)) == 1


async def test_a_quick_invoice_whose_message_telegram_refuses_reaches_the_manager(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    _, message, _ = await offer(chat, MANAGER, "990 Консультация")
    # Every edit of the posted message is refused, far beyond the retries.
    chat.telegram.fail_next("editMessageText", 502, description="Bad Gateway", times=20)
    await press(chat, MANAGER, message)
    [invoice_id] = paykeeper.invoices

    chat.telegram.clear_faults()
    assert await chat.services.outbox.deliver_pending()
    private = chat.last(MANAGER)
    assert "Счёт создан" in (private.text or "")
    assert f"/bill/{invoice_id}/" in (private.text or "")
    assert len(paykeeper.invoices) == 1
