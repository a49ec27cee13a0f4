"""The /invoice form as a manager goes through it."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest

from bot.drafts import today_in_moscow
from storage import InvoiceStatus
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ENGLISH_MANAGER, MANAGER, STRANGER, Chat

SERVICE = "Аудит & консалтинг = 100% <срочно>"


def previews(paykeeper: FakePayKeeper) -> list[dict[str, str]]:
    return [r.form for r in paykeeper.requests if r.path == "/change/invoice/preview/"]


def rows(chat: Chat) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(chat.services.settings.database_path)) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM invoices ORDER BY id").fetchall()


async def fill_form(chat: Chat, user: User = MANAGER) -> StoredMessage:
    """Answer every question; returns the summary message."""
    await chat.say(user, "/invoice")
    await chat.say(user, "1 500 ₽")
    await chat.say(user, "Ivan.Petrov@Example.com")
    await chat.say(user, "8 (910) 123-45-67")
    await chat.say(user, "+7")
    [summary] = await chat.say(user, SERVICE)
    return summary


async def test_full_form_returns_the_link_and_logs_the_invoice(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [question] = await chat.say(MANAGER, "/invoice")
    assert "Сумма счёта" in (question.text or "")

    summary = await fill_form(chat)
    last_day = today_in_moscow() + timedelta(days=7)
    text = summary.text or ""
    assert "1\xa0500,00\xa0₽" in text
    assert "Ivan.Petrov@example.com" in text
    assert "+79101234567" in text
    assert f"{last_day:%d.%m.%Y} включительно" in text
    assert SERVICE in text
    assert [b["text"] for b in summary.buttons][:2] == [
        "📧 Отправить на e-mail",
        "🔗 Получить ссылку",
    ]

    await chat.press_text(MANAGER, summary, "Получить ссылку")

    [preview] = previews(paykeeper)
    assert preview["pay_amount"] == "1500.00"
    assert preview["client_email"] == "Ivan.Petrov@example.com"
    assert preview["client_phone"] == "+79101234567"
    assert preview["service_name"] == SERVICE
    assert preview["expiry"] == f"{last_day + timedelta(days=1):%Y-%m-%d} 00:00:00"
    [invoice_id] = paykeeper.invoices
    url = f"{paykeeper.url}/bill/{invoice_id}/"

    result = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "Счёт создан" in (result.text or "")
    assert url in (result.text or "")
    assert [b.get("url") for b in result.buttons] == [url]
    assert paykeeper.sent == []

    [row] = rows(chat)
    assert row["status"] == "created"
    assert row["paykeeper_id"] == invoice_id
    assert row["invoice_url"] == url
    assert row["amount"] == "1500.00"
    assert row["delivery"] == "link"
    assert row["manager_id"] == MANAGER.id
    assert row["order_id"] == preview["orderid"]
    assert row["last_day"] == last_day.isoformat()


async def test_email_delivery_has_paykeeper_send_it(chat: Chat, paykeeper: FakePayKeeper) -> None:
    summary = await fill_form(chat)
    await chat.press_text(MANAGER, summary, "e-mail")

    [invoice_id] = paykeeper.invoices
    assert paykeeper.sent == [invoice_id]
    result = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "отправил его на Ivan.Petrov@example.com" in (result.text or "")
    [row] = rows(chat)
    assert row["status"] == InvoiceStatus.SENT
    assert row["delivery"] == "email"


async def test_wrong_answers_are_asked_again_with_the_reason(chat: Chat) -> None:
    await chat.say(MANAGER, "/invoice")
    reason, question = await chat.say(MANAGER, "0")
    assert "больше нуля" in (reason.text or "")
    assert "Сумма счёта" in (question.text or "")
    await chat.say(MANAGER, "1500")
    reason, question = await chat.say(MANAGER, "ivan@")
    assert "E-mail" in (question.text or "")
    await chat.say(MANAGER, "ivan@example.com")
    reason, question = await chat.say(MANAGER, "12345")
    assert "Телефон" in (question.text or "")
    await chat.say(MANAGER, "-")
    past = (today_in_moscow() - timedelta(days=1)).strftime("%d.%m.%Y")
    reason, question = await chat.say(MANAGER, past)
    assert "прош" in (reason.text or "")
    assert "До какого дня" in (question.text or "")
    reason, question = await chat.say(MANAGER, "x" * 129)
    assert "До какого дня" in (question.text or "")


async def test_skipping_optional_answers(chat: Chat, paykeeper: FakePayKeeper) -> None:
    await chat.say(MANAGER, "/invoice")
    [email_question] = await chat.say(MANAGER, "1500,5")
    [_phone_question] = await chat.press_text(MANAGER, email_question, "Пропустить")
    [expiry_question] = await chat.say(MANAGER, "—")
    [service_question] = await chat.press_text(MANAGER, expiry_question, "Без срока")
    [summary] = await chat.press_text(MANAGER, service_question, "Оплата услуг")
    text = summary.text or ""
    assert "1\xa0500,50\xa0₽" in text
    assert "без срока" in text
    assert "Услуга: Оплата услуг" in text
    assert not any("e-mail" in b["text"] for b in summary.buttons)

    await chat.press_text(MANAGER, summary, "Получить ссылку")
    [preview] = previews(paykeeper)
    assert "expiry" not in preview
    assert "client_email" not in preview
    assert preview["service_name"] == "Оплата услуг"
    assert preview["pay_amount"] == "1500.50"


async def test_quick_expiry_buttons(chat: Chat) -> None:
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, "100")
    await chat.say(MANAGER, "-")
    [expiry_question] = await chat.say(MANAGER, "-")
    await chat.press_text(MANAGER, expiry_question, "Завтра")
    [summary] = await chat.say(MANAGER, "-")
    tomorrow = today_in_moscow() + timedelta(days=1)
    assert f"{tomorrow:%d.%m.%Y} включительно" in (summary.text or "")


async def test_cancel_at_any_step_ends_the_form(chat: Chat, paykeeper: FakePayKeeper) -> None:
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, "1500")
    [reply] = await chat.say(MANAGER, "/cancel")
    assert "прервано" in (reply.text or "")
    [reply] = await chat.say(MANAGER, "ivan@example.com")  # no longer in the form
    assert reply.text
    assert rows(chat) == []
    assert previews(paykeeper) == []
    [reply] = await chat.say(MANAGER, "/cancel")
    assert "нечего отменять" in (reply.text or "")


async def test_sticker_or_photo_mid_form_gets_the_question_again(chat: Chat) -> None:
    await chat.say(MANAGER, "/invoice")
    before = len(chat.telegram.chat_messages(MANAGER.id))
    await chat.feed(chat.telegram.send_sticker(MANAGER))
    await chat.feed(chat.telegram.send_photo(MANAGER))
    sent = chat.telegram.chat_messages(MANAGER.id)[before:]
    assert ["текстом" in (m.text or "") for m in sent] == [True, False, True, False]
    assert all("Сумма счёта" in (m.text or "") for m in sent[1::2])


async def test_two_quick_presses_make_one_invoice(chat: Chat, paykeeper: FakePayKeeper) -> None:
    summary = await fill_form(chat)
    button = next(b for b in summary.buttons if "ссылку" in b["text"])
    first = chat.telegram.press(MANAGER, summary, button["callback_data"])
    second = chat.telegram.press(MANAGER, summary, button["callback_data"])
    await asyncio.gather(chat.feed(first), chat.feed(second), chat.feed(first))
    assert len(previews(paykeeper)) == 1
    [row] = rows(chat)
    # The presses after the first show the invoice it made, with its link and its card.
    toasts = sorted(a["text"] for a in chat.answers() if "text" in a)
    assert toasts == sorted(
        ["⏳ Создаю счёт в PayKeeper…"] + ["Этот счёт уже выставлен — показываю его."] * 2
    )
    shown = [
        m for m in chat.telegram.chat_messages(MANAGER.id) if "уже выставлен" in (m.text or "")
    ]
    assert len(shown) == 2
    for message in shown:
        assert row["invoice_url"] in (message.text or "")
        assert message.buttons[0].get("url") == row["invoice_url"]
        assert "Открыть счёт" in message.buttons[1]["text"]


async def test_paykeeper_refusal_keeps_the_answers_for_a_retry(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    summary = await fill_form(chat)
    old_link_button = summary.buttons[1]["callback_data"]
    paykeeper.fail_next("/change/invoice/preview/", "fail:Дата выставляемого счёта уже прошла")
    retry_hint, new_summary = await chat.press_text(MANAGER, summary, "Получить ссылку")

    failed = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "Дата выставляемого счёта уже прошла" in (failed.text or "")
    assert "сохранены" in (retry_hint.text or "")
    [row] = rows(chat)
    assert row["status"] == "failed"
    assert row["error"] == "Дата выставляемого счёта уже прошла"

    # The old summary's buttons are dead; the new one works without retyping anything.
    await chat.feed(chat.telegram.press(MANAGER, summary, old_link_button, strict=False))
    assert "устарела" in chat.answers()[-1]["text"]
    await chat.press_text(MANAGER, new_summary, "Получить ссылку")
    assert len(paykeeper.invoices) == 1
    first, second = rows(chat)
    assert (first["status"], second["status"]) == ("failed", "created")
    assert second["service_name"] == SERVICE
    assert first["order_id"] != second["order_id"]


async def test_no_answer_after_the_request_went_out_is_not_retried(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    summary = await fill_form(chat)
    paykeeper.fail_next("/change/invoice/preview/", "500")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    result = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "мог быть создан" in (result.text or "")
    assert "на сервере PayKeeper произошла ошибка" in (result.text or "")  # not log text
    assert "HTTP" not in (result.text or "")
    [row] = rows(chat)
    assert row["status"] == "requested"
    assert row["order_id"] in (result.text or "")
    assert chat.telegram.chat_messages(MANAGER.id)[-1].message_id == summary.message_id


async def test_wrong_credentials_are_reported_plainly(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    paykeeper.password = "changed"
    summary = await fill_form(chat)
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    result = chat.telegram.message(MANAGER.id, summary.message_id)
    assert "логин и пароль" in (result.text or "")
    assert "pk-password" not in (result.text or "")
    [row] = rows(chat)
    assert row["status"] == "failed"


async def test_editing_one_field_from_the_summary(chat: Chat, paykeeper: FakePayKeeper) -> None:
    summary = await fill_form(chat)
    await chat.press_text(MANAGER, summary, "Изменить")
    fields = chat.telegram.message(MANAGER.id, summary.message_id)
    [question] = await chat.press_text(MANAGER, fields, "Сумма")
    assert "Сумма счёта" in (question.text or "")
    [new_summary] = await chat.say(MANAGER, "2500")
    assert "2\xa0500,00\xa0₽" in (new_summary.text or "")
    assert "+79101234567" in (new_summary.text or "")
    await chat.press_text(MANAGER, new_summary, "Получить ссылку")
    [preview] = previews(paykeeper)
    assert preview["pay_amount"] == "2500.00"


async def test_one_line_goes_straight_to_the_summary(chat: Chat) -> None:
    day = today_in_moscow() + timedelta(days=30)
    [summary] = await chat.say(
        MANAGER, f"/invoice 1500 ivan@example.com +79101234567 {day:%d.%m.%Y} Консультация"
    )
    text = summary.text or ""
    assert "Проверьте счёт" in text
    assert "ivan@example.com" in text
    assert f"{day:%d.%m.%Y} включительно" in text
    assert "Консультация" in text


async def test_one_line_with_a_bad_part_says_what_is_wrong(chat: Chat) -> None:
    [reply] = await chat.say(MANAGER, "/invoice много денег")
    assert "Формат" in (reply.text or "")
    assert "/invoice" in (reply.text or "")


async def test_invoice_mid_form_starts_over(chat: Chat) -> None:
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, "1500")
    notice, question = await chat.say(MANAGER, "/invoice")
    assert "новый счёт" in (notice.text or "")
    assert "Сумма счёта" in (question.text or "")


async def test_english_speaking_manager_gets_english(chat: Chat) -> None:
    [question] = await chat.say(ENGLISH_MANAGER, "/invoice")
    assert "Invoice amount" in (question.text or "")
    reason, _ = await chat.say(ENGLISH_MANAGER, "-5")
    assert "greater than zero" in (reason.text or "")


async def test_stranger_is_refused_with_their_id(chat: Chat, paykeeper: FakePayKeeper) -> None:
    [reply] = await chat.say(STRANGER, "/invoice 1500")
    assert "нет доступа" in (reply.text or "")
    assert str(STRANGER.id) in (reply.text or "")
    # Again at once: nothing, so a stranger cannot make the bot flood Telegram.
    assert await chat.say(STRANGER, "/start") == []
    chat.minutes_pass()
    [reply] = await chat.say(STRANGER, "/start")
    assert str(STRANGER.id) in (reply.text or "")
    assert paykeeper.requests == []


async def test_start_and_help(chat: Chat) -> None:
    [reply] = await chat.say(MANAGER, "/start")
    assert "/invoice" in (reply.text or "")
    assert "демо" not in (reply.text or "")  # the fake PayKeeper is not the demo server
    [reply] = await chat.say(MANAGER, "/help")
    assert "1\xa0000\xa0000,00\xa0₽" in (reply.text or "")


async def test_other_commands_mid_form_work_and_the_form_waits(chat: Chat) -> None:
    await chat.say(MANAGER, "/invoice")
    [invoices] = await chat.say(MANAGER, "/invoices")
    assert "Сумма" not in (invoices.text or "")
    [help_text] = await chat.say(MANAGER, "/help")
    assert "/invoice" in (help_text.text or "")
    [question] = await chat.say(MANAGER, "1500")
    assert "E-mail" in (question.text or "")


async def test_start_lists_every_feature_with_the_bots_username(chat: Chat) -> None:
    [reply] = await chat.say(ENGLISH_MANAGER, "/start")
    text = reply.text or ""
    for command in ("/invoice", "/invoices", "/bulk", "/cancel", "/help", "@invoice_test_bot"):
        assert command in text


async def test_a_half_filled_form_survives_a_restart(chat: Chat, paykeeper: FakePayKeeper) -> None:
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, "2 500")
    await chat.say(MANAGER, "ivan@example.com")

    # The bot restarts: new services and Dispatcher on the same database file.
    restarted = await chat.restarted()
    try:
        [question] = await restarted.say(MANAGER, "+7 910 123-45-67")
        assert "До какого дня" in (question.text or "")
        await restarted.say(MANAGER, "-")
        [summary] = await restarted.say(MANAGER, "-")
        assert "2\xa0500,00\xa0₽" in (summary.text or "")
        assert "ivan@example.com" in (summary.text or "")
        assert "без срока" in (summary.text or "")  # "-" skips the expiry too
        await restarted.press_text(MANAGER, summary, "Получить ссылку")
        assert len(paykeeper.invoices) == 1
    finally:
        await restarted.services.close()
    with closing(sqlite3.connect(restarted.services.settings.database_path)) as db:
        assert db.execute("SELECT COUNT(*) FROM form_state").fetchone()[0] == 0


async def test_a_double_tap_on_skip_skips_one_question(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    await chat.say(MANAGER, "/invoice")
    [question] = await chat.say(MANAGER, "1500")
    [skip] = [b["callback_data"] for b in question.buttons if "Пропустить" in b["text"]]
    first = chat.telegram.press(MANAGER, question, skip)
    second = chat.telegram.press(MANAGER, question, skip)
    await asyncio.gather(chat.feed(first), chat.feed(second))
    fsm = chat.dispatcher.fsm.get_context(chat.bot, MANAGER.id, MANAGER.id)
    assert await fsm.get_state() == "InvoiceForm:phone"  # the e-mail skipped, not the phone too
    assert [r for r in caplog.records if r.name == "handlers.errors"] == []
