"""Inline mode: sharing invoices into any chat, and quick creation from the input line."""

from __future__ import annotations

import sqlite3
from typing import Any

from storage import Delivery, InvoiceRecord
from tests.dialogue.test_invoices import events, issue, paid, requests, status
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, STRANGER, Chat

PREVIEW = "/change/invoice/preview/"


async def ask(chat: Chat, user: User, query: str, offset: str = "") -> dict[str, Any]:
    """Type ``@bot <query>``; returns the bot's answerInlineQuery parameters."""
    answered = len(chat.answers("answerInlineQuery"))
    await chat.feed(chat.telegram.inline_query(user, query, offset=offset))
    calls = chat.answers("answerInlineQuery")
    assert len(calls) == answered + 1
    return calls[-1]


def ids(answer: dict[str, Any]) -> list[str]:
    return [result["id"] for result in answer.get("results", [])]


def result_for(answer: dict[str, Any], invoice: InvoiceRecord) -> dict[str, Any]:
    return next(r for r in answer["results"] if r["id"] == f"inv:{invoice.id}")


async def post(chat: Chat, user: User, answer: dict[str, Any], result_id: str) -> StoredMessage:
    """Pick a result: Telegram posts its message (with an inline_message_id)."""
    inline_id = f"im-{len(chat.telegram.inline_messages) + 1}"
    query = "query"
    await chat.feed(chat.telegram.chosen_inline_result(user, result_id, query, inline_id))
    return chat.telegram.inline_messages[inline_id]


async def press(chat: Chat, user: User, message: StoredMessage, data: str | None = None) -> str:
    """Press the create button of a posted message (or forge ``data``, a press the client
    sent before the button vanished); returns the callback answer's text."""
    strict = data is None
    data = data or message.buttons[0]["callback_data"]
    answered = len(chat.answers())
    await chat.feed(
        chat.telegram.press(user, message.inline_message_id or "", data, strict=strict)
    )
    assert len(chat.answers()) == answered + 1
    return str(chat.answers()[-1].get("text") or "")


async def record(chat: Chat, row: sqlite3.Row) -> InvoiceRecord:
    found = await chat.services.invoices.get(row["id"])
    assert found is not None
    return found


def previews(paykeeper: FakePayKeeper) -> list[dict[str, str]]:
    return requests(paykeeper, PREVIEW)


def invoice_rows(chat: Chat) -> list[sqlite3.Row]:
    with sqlite3.connect(chat.services.settings.database_path) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM invoices ORDER BY id").fetchall()


# --- Sharing existing invoices ------------------------------------------------------------


async def test_empty_query_lists_my_unpaid_invoices_from_sqlite_only(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    link = await issue(chat, amount="100", service="Консультация & co")
    emailed = await issue(chat, amount="200", email="a@example.com", delivery=Delivery.EMAIL)
    await paid(chat, paykeeper, await issue(chat, amount="300"))
    paykeeper.fail_next(PREVIEW, "fail:Неверно указана сумма счёта.")
    await issue(chat, amount="400")
    await issue(chat, ENGLISH_MANAGER, amount="500")
    calls = len(paykeeper.requests)

    answer = await ask(chat, MANAGER, "")
    assert len(paykeeper.requests) == calls  # never PayKeeper while the user types
    assert answer["is_personal"] is True
    assert answer["cache_time"] <= 10
    assert ids(answer) == [f"inv:{emailed.id}", f"inv:{link.id}"]
    result = result_for(answer, link)
    assert result["title"] == "100,00\xa0₽ · Консультация & co"
    assert result["reply_markup"]["inline_keyboard"][0][0]["url"] == link.invoice_url
    content = result["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert "Услуга: Консультация &amp; co" in content["message_text"]
    assert "Оплатить до: без срока" in content["message_text"]

    other = await ask(chat, ENGLISH_MANAGER, "")
    assert len(other["results"]) == 1
    assert other["results"][0]["title"].startswith("RUB\xa0500.00")


async def test_a_posted_invoice_reads_well_and_is_recorded_as_shared(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await issue(chat, amount="1500", service="Аудит <срочно>")
    answer = await ask(chat, MANAGER, "")
    message = await post(chat, MANAGER, answer, f"inv:{invoice.id}")
    assert message.text == (
        "🧾 Счёт на оплату: 1\xa0500,00\xa0₽\nУслуга: Аудит <срочно>\nОплатить до: без срока"
    )
    assert message.buttons == [{"text": "Оплатить 1\xa0500,00\xa0₽", "url": invoice.invoice_url}]
    assert ("shared", MANAGER.id) in events(chat, invoice)

    # Feedback naming someone else's invoice (forged) records nothing.
    await chat.feed(chat.telegram.chosen_inline_result(ENGLISH_MANAGER, f"inv:{invoice.id}", ""))
    assert [e for e in events(chat, invoice) if e[0] == "shared"] == [("shared", MANAGER.id)]


async def test_a_query_filters_like_the_invoices_search(chat: Chat) -> None:
    first = await issue(chat, amount="1500", email="ivan@example.com", service="Консультация")
    second = await issue(chat, amount="2500", client_name="ООО «Ромашка»", service="Аудит")
    assert ids(await ask(chat, MANAGER, "ромашка")) == [f"inv:{second.id}"]
    assert ids(await ask(chat, MANAGER, "IVAN@")) == [f"inv:{first.id}"]
    assert ids(await ask(chat, MANAGER, second.order_id)) == [f"inv:{second.id}"]
    # An amount first also offers to create one; the matching invoice follows.
    answer = await ask(chat, MANAGER, "2500")
    assert ids(answer)[0].startswith("new:")
    assert ids(answer)[1:] == [f"inv:{second.id}"]


async def test_nothing_found_offers_to_open_the_bot(chat: Chat) -> None:
    answer = await ask(chat, MANAGER, "")
    assert answer["results"] == []
    assert answer["button"] == {
        "text": "Неоплаченных счетов нет — открыть бота",
        "start_parameter": "inline",
    }
    answer = await ask(chat, MANAGER, "никого")
    assert answer["button"]["text"] == "Ничего не найдено — открыть бота"


async def test_many_invoices_come_in_pages(chat: Chat) -> None:
    for n in range(25):
        await issue(chat, amount=str(100 + n))
    first = await ask(chat, MANAGER, "")
    assert len(first["results"]) == 20
    assert first["next_offset"] == "20"
    second = await ask(chat, MANAGER, "", offset="20")
    assert len(second["results"]) == 5
    assert not second.get("next_offset")
    assert not set(ids(first)) & set(ids(second))


async def test_an_admin_can_share_another_managers_invoice_by_its_order_id(chat: Chat) -> None:
    invoice = await issue(chat, MANAGER)
    theirs = await issue(chat, ENGLISH_MANAGER)
    assert ids(await ask(chat, ADMIN, invoice.order_id)) == [f"inv:{invoice.id}"]
    assert ids(await ask(chat, ADMIN, "")) == []  # browsing shows only their own
    assert ids(await ask(chat, MANAGER, theirs.order_id)) == []  # a manager never


async def test_a_stranger_gets_no_results_only_a_button(chat: Chat) -> None:
    await issue(chat, MANAGER)
    answer = await ask(chat, STRANGER, "")
    assert answer["results"] == []
    assert answer["is_personal"] is True
    assert answer["button"]["start_parameter"] == "access"


# --- Quick creation -----------------------------------------------------------------------


async def offer(chat: Chat, user: User, query: str) -> tuple[dict[str, Any], StoredMessage, str]:
    """Type a one-line invoice and post the "create" result; returns the result, the posted
    message and its button's callback data."""
    answer = await ask(chat, user, query)
    [create] = [r for r in answer["results"] if r["id"].startswith("new:")]
    message = await post(chat, user, answer, create["id"])
    return create, message, message.buttons[0]["callback_data"]


async def test_quick_creation_creates_once_and_only_for_its_manager(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    create, message, data = await offer(chat, MANAGER, "1500 ivan@example.com Консультация & co")
    assert create["title"] == "Создать счёт на 1\xa0500,00\xa0₽"
    assert create["description"] == "Консультация & co · без срока · ivan@example.com"
    assert message.text is not None
    assert message.text.startswith("🧾 Счёт на 1\xa0500,00\xa0₽\nУслуга: Консультация & co")
    assert [b["text"] for b in message.buttons] == ["✅ Создать счёт"]
    assert previews(paykeeper) == []  # nothing is created by typing or posting

    text = await press(chat, ENGLISH_MANAGER, message)
    assert text == "Only the manager who prepared this invoice can create it."
    assert chat.answers()[-1]["show_alert"] is True
    assert previews(paykeeper) == []
    assert message.buttons[0]["text"] == "✅ Создать счёт"

    assert await press(chat, MANAGER, message) == "Создаю счёт…"
    [preview] = previews(paykeeper)
    assert preview["pay_amount"] == "1500.00"
    assert preview["client_email"] == "ivan@example.com"
    assert preview["service_name"] == "Консультация & co"
    [row] = invoice_rows(chat)
    assert (row["status"], row["delivery"], row["manager_id"]) == ("created", "link", MANAGER.id)
    assert row["order_id"] == preview["orderid"]
    assert message.text == (
        "🧾 Счёт на оплату: 1\xa0500,00\xa0₽\nУслуга: Консультация & co\nОплатить до: без срока"
    )
    assert message.buttons == [{"text": "Оплатить 1\xa0500,00\xa0₽", "url": row["invoice_url"]}]
    assert ("shared", MANAGER.id) in events(chat, await record(chat, row))

    # A second press (a double tap that raced the edit) makes nothing new.
    assert await press(chat, MANAGER, message, data) == "Счёт уже создан."
    assert len(previews(paykeeper)) == 1
    assert len(invoice_rows(chat)) == 1


async def test_a_refused_quick_creation_can_be_pressed_again(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    _, message, _ = await offer(chat, MANAGER, "990 Консультация")
    draft_text = message.text
    paykeeper.fail_next(PREVIEW, "fail:Неверно указана сумма счёта.")
    await press(chat, MANAGER, message)

    assert message.text == draft_text  # the client sees the draft again, not the error
    assert [b["text"] for b in message.buttons] == ["✅ Создать счёт"]
    notice = chat.last(MANAGER)
    assert "PayKeeper отказал: Неверно указана сумма счёта." in (notice.text or "")
    assert "Кнопка в чате снова активна" in (notice.text or "")

    await press(chat, MANAGER, message)
    first, second = previews(paykeeper)
    assert first["orderid"] != second["orderid"]
    assert [row["status"] for row in invoice_rows(chat)] == ["failed", "created"]
    assert message.buttons[0]["url"] == invoice_rows(chat)[1]["invoice_url"]


async def test_an_unanswered_quick_creation_is_not_offered_again(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    _, message, data = await offer(chat, MANAGER, "990 Консультация")
    paykeeper.fail_next(PREVIEW, "timeout-after")  # created, but the answer is lost
    await press(chat, MANAGER, message)

    assert message.buttons == []
    assert "ссылка на оплату будет отправлена отдельно" in (message.text or "")
    assert "Не выставляйте его повторно" in (chat.last(MANAGER).text or "")
    text = await press(chat, MANAGER, message, data)
    assert text.startswith("Этот счёт уже создаётся")
    assert len(previews(paykeeper)) == 1
    assert [row["status"] for row in invoice_rows(chat)] == ["requested"]


async def test_a_malformed_query_explains_the_syntax(chat: Chat) -> None:
    answer = await ask(chat, MANAGER, "1500 ivan@ Консультация")
    [result] = answer["results"]
    assert result["id"] == "syntax"
    assert result["title"] == "Не получилось разобрать счёт"
    assert "ivan@" in result["description"]
    assert "@invoice_test_bot сумма [e-mail]" in result["input_message_content"]["message_text"]
    with sqlite3.connect(chat.services.settings.database_path) as db:
        assert db.execute("SELECT COUNT(*) FROM inline_drafts").fetchone()[0] == 0


async def test_an_expired_draft_gets_an_alert(chat: Chat, paykeeper: FakePayKeeper) -> None:
    _, message, _ = await offer(chat, MANAGER, "1500 Консультация")
    with sqlite3.connect(chat.services.settings.database_path) as db:
        db.execute("UPDATE inline_drafts SET created_at = '2000-01-01T00:00:00+00:00'")
    text = await press(chat, MANAGER, message)
    assert text.startswith("Черновик устарел")
    assert previews(paykeeper) == []


async def test_quick_creation_in_english(chat: Chat, paykeeper: FakePayKeeper) -> None:
    create, message, _ = await offer(chat, ENGLISH_MANAGER, "1500 Consulting")
    assert create["title"] == "Create an invoice for RUB\xa01,500.00"
    await press(chat, ENGLISH_MANAGER, message)
    assert (message.text or "").startswith("🧾 Invoice: RUB\xa01,500.00")
    [row] = invoice_rows(chat)
    assert status(chat, await record(chat, row)) == "created"
    assert len(previews(paykeeper)) == 1
