"""/invoices and the invoice card, as managers and admins use them."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.drafts import InvoiceDraft, new_order_id, today_in_moscow
from bot.keyboards.invoice import InvoiceCallback
from bot.keyboards.invoices import ListCallback
from bot.services.invoice_lists import ListFilter
from bot.services.issue_outcomes import Manager
from bot.services.qr import payment_qr_png
from paykeeper import MSK
from storage import Delivery, InvoiceRecord, InvoiceStatus
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, Chat

SERVICE = "Аудит & консалтинг <срочно>"
AMOUNT = re.compile(r"(\d[\d\xa0]*,\d\d)\xa0₽")


async def issue(
    chat: Chat,
    user: User = MANAGER,
    amount: str = "1500",
    *,
    email: str | None = None,
    service: str = "Консультация",
    client_name: str | None = None,
    last_day: date | None = None,
    delivery: Delivery = Delivery.LINK,
) -> InvoiceRecord:
    """An invoice issued the way every feature issues them (InvoiceIssuer, PayKeeper fake)."""
    outcome = await chat.services.issuer.issue(
        InvoiceDraft(
            amount=Decimal(amount),
            email=email,
            service=service,
            client_name=client_name,
            last_day=last_day,
        ),
        order_id=new_order_id(),
        manager=Manager(user.id, user.first_name),
        delivery=delivery,
    )
    return outcome.invoice


async def paid(chat: Chat, paykeeper: FakePayKeeper, invoice: InvoiceRecord) -> InvoiceRecord:
    assert invoice.paykeeper_id is not None
    paykeeper.mark_paid(invoice.paykeeper_id)
    return await chat.services.tracker.refresh(invoice)


async def press(
    chat: Chat, user: User, message: StoredMessage, data: str, *, strict: bool = True
) -> list[StoredMessage]:
    """Press a button; checks the bot answered the callback query exactly once."""
    answered = len(chat.answers())
    before = {key for key, m in chat.telegram.messages.items() if m.from_bot}
    await chat.feed(chat.telegram.press(user, message, data, strict=strict))
    assert len(chat.answers()) == answered + 1
    return [
        m
        for key, m in chat.telegram.messages.items()
        if m.from_bot and key not in before and m.chat_id == user.id
    ]


async def press_text(
    chat: Chat, user: User, message: StoredMessage, caption: str
) -> list[StoredMessage]:
    button = next(b for b in message.buttons if caption in b["text"])
    return await press(chat, user, message, button["callback_data"])


def forged(action: str, invoice: InvoiceRecord) -> str:
    return InvoiceCallback(action=action, id=invoice.id).pack()


def last_answer(chat: Chat) -> dict[str, Any]:
    return chat.answers()[-1]


def captions(message: StoredMessage) -> list[str]:
    return [b["text"] for b in message.buttons]


def lines(message: StoredMessage) -> list[str]:
    """The invoice lines of a list message."""
    return [line for line in (message.text or "").splitlines() if re.match(r"\d+\. ", line)]


def amounts(message: StoredMessage) -> list[str]:
    return [AMOUNT.findall(line)[0].replace("\xa0", " ") for line in lines(message)]


async def open_card(chat: Chat, user: User, invoice: InvoiceRecord) -> StoredMessage:
    """Find the invoice by its order id and tap it, as a manager would."""
    [listing] = await chat.say(user, f"/invoices {invoice.order_id}")
    assert len(lines(listing)) == 1
    [card] = await press(chat, user, listing, forged("open", invoice))
    return card


def db(chat: Chat) -> sqlite3.Connection:
    connection = sqlite3.connect(chat.services.settings.database_path)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


def events(chat: Chat, invoice: InvoiceRecord) -> list[tuple[str, int | None]]:
    with db(chat) as connection:
        rows = connection.execute(
            "SELECT kind, actor_id FROM invoice_events WHERE invoice_id = ? ORDER BY id",
            (invoice.id,),
        ).fetchall()
    return [(row["kind"], row["actor_id"]) for row in rows]


def status(chat: Chat, invoice: InvoiceRecord) -> str:
    with db(chat) as connection:
        row = connection.execute("SELECT status FROM invoices WHERE id = ?", (invoice.id,))
        return str(row.fetchone()["status"])


def requests(paykeeper: FakePayKeeper, path: str) -> list[dict[str, str]]:
    return [r.form or r.query for r in paykeeper.requests if r.path == path]


# --- The list -----------------------------------------------------------------------------


async def test_own_invoices_newest_first_ten_a_page(chat: Chat) -> None:
    for n in range(1, 24):
        await issue(chat, amount=str(n * 100))
    await issue(chat, ENGLISH_MANAGER, amount="777")

    [listing] = await chat.say(MANAGER, "/invoices")
    text = listing.text or ""
    assert "Мои счета · Все" in text
    assert "Страница 1 из 3, всего 23" in text
    assert amounts(listing)[:3] == ["2 300,00", "2 200,00", "2 100,00"]
    assert len(lines(listing)) == 10
    assert "777" not in text
    first = lines(listing)[0]
    today = today_in_moscow().strftime("%d.%m.%Y")
    assert first == f"1. 2\xa0300,00\xa0₽ · — · Консультация · {today} · 🕓 ждёт оплаты"
    assert captions(listing)[:10] == [str(n) for n in range(1, 11)]

    await press_text(chat, MANAGER, listing, "Вперёд")
    assert "Страница 2 из 3" in (listing.text or "")
    assert lines(listing)[0].startswith("11. 1\xa0300,00")
    await press_text(chat, MANAGER, listing, "Вперёд")
    assert amounts(listing) == ["300,00", "200,00", "100,00"]
    assert captions(listing)[:3] == ["21", "22", "23"]
    await press_text(chat, MANAGER, listing, "Назад")
    assert "Страница 2 из 3" in (listing.text or "")

    # A page past the end (invoices gone meanwhile) shows the last page, not an error.
    stale = ListCallback(list_filter=ListFilter.ALL, page=9).pack()
    await press(chat, MANAGER, listing, stale, strict=False)
    assert "Страница 3 из 3" in (listing.text or "")


async def test_a_number_opens_that_invoice_card(chat: Chat) -> None:
    older = await issue(chat, amount="100")
    newer = await issue(chat, amount="200")
    [listing] = await chat.say(MANAGER, "/invoices")
    [card] = await press(chat, MANAGER, listing, forged("open", newer))
    assert f"Счёт №{newer.id}" in (card.text or "")
    button = next(b for b in listing.buttons if b["text"] == "2")
    [card] = await press(chat, MANAGER, listing, button["callback_data"])
    assert f"Счёт №{older.id}" in (card.text or "")


async def test_filters(chat: Chat, paykeeper: FakePayKeeper) -> None:
    await issue(chat, amount="100")
    await paid(chat, paykeeper, await issue(chat, amount="200"))
    expired = await issue(chat, amount="300")
    assert expired.paykeeper_id is not None
    paykeeper.expire(expired.paykeeper_id)
    await chat.services.tracker.refresh(expired)
    cancelled = await issue(chat, amount="400")
    card = await open_card(chat, MANAGER, cancelled)
    await press_text(chat, MANAGER, card, "Отменить счёт")
    await press_text(chat, MANAGER, card, "Да, отменить")
    paykeeper.fail_next("/change/invoice/preview/", "fail:Сумма слишком велика")
    failed = await issue(chat, amount="500")
    assert failed.status is InvoiceStatus.FAILED

    [listing] = await chat.say(MANAGER, "/invoices")
    assert amounts(listing) == ["500,00", "400,00", "300,00", "200,00", "100,00"]
    await press_text(chat, MANAGER, listing, "Неоплаченные")
    assert "• Неоплаченные •" in captions(listing)
    assert amounts(listing) == ["100,00"]
    await press_text(chat, MANAGER, listing, "Оплаченные")
    assert amounts(listing) == ["200,00"]
    assert "✅ оплачен" in lines(listing)[0]
    await press_text(chat, MANAGER, listing, "Истёкшие и отменённые")
    assert amounts(listing) == ["400,00", "300,00"]
    assert "✖️ отменён" in lines(listing)[0]
    assert "⌛ срок истёк" in lines(listing)[1]
    await press_text(chat, MANAGER, listing, "Все")
    assert "всего 5" in (listing.text or "")
    assert "❌ не создан" in lines(listing)[0]

    # Pressing the filter already shown changes nothing and still answers.
    await press_text(chat, MANAGER, listing, "• Все •")
    assert "всего 5" in (listing.text or "")


async def test_an_empty_list_says_so(chat: Chat) -> None:
    [listing] = await chat.say(MANAGER, "/invoices")
    assert "Здесь пока нет счетов." in (listing.text or "")
    assert "Страница 1 из 1, всего 0" in (listing.text or "")


async def test_search_by_email_payer_service_order_and_amount(chat: Chat) -> None:
    first = await issue(
        chat,
        amount="1500",
        email="ivan.petrov@example.com",
        service="Консультация юриста",
        client_name="ООО «Ромашка»",
    )
    second = await issue(chat, amount="2500.50", email="olga@example.org", service=SERVICE)
    await issue(chat, ENGLISH_MANAGER, amount="1500", email="ivan.petrov@example.com")

    async def found(query: str) -> list[str]:
        [listing] = await chat.say(MANAGER, f"/invoices {query}")
        return amounts(listing)

    assert await found("ivan.petrov") == ["1 500,00"]
    assert await found("КОНСУЛЬТАЦИЯ") == ["1 500,00"]  # Cyrillic, any case
    assert await found("ромашка") == ["1 500,00"]
    assert await found("1 500") == ["1 500,00"]
    assert await found("2500,5") == ["2 500,50"]
    assert await found("2 500,50 ₽") == ["2 500,50"]
    assert await found(second.order_id) == ["2 500,50"]
    assert await found(first.order_id.upper()) == ["1 500,00"]
    assert await found("аудит olga") == ["2 500,50"]  # every word must match
    assert await found("аудит ivan") == []
    assert await found("& <срочно>") == ["2 500,50"]  # markup in a query is only text

    [listing] = await chat.say(MANAGER, "/invoices <b>нет такого</b>")
    assert "Поиск: «<b>нет такого</b>»" in (listing.text or "")
    assert "Здесь пока нет счетов." in (listing.text or "")


async def test_filters_and_pages_keep_the_search(chat: Chat, paykeeper: FakePayKeeper) -> None:
    for n in range(12):
        await issue(chat, amount=str(100 + n), service="Консультация")
    await paid(chat, paykeeper, await issue(chat, amount="999", service="Консультация"))
    await issue(chat, amount="5000", service="Аудит")

    [listing] = await chat.say(MANAGER, "/invoices консультация")
    assert "всего 13" in (listing.text or "")
    await press_text(chat, MANAGER, listing, "Вперёд")
    assert "Поиск: «консультация»" in (listing.text or "")
    assert len(lines(listing)) == 3
    await press_text(chat, MANAGER, listing, "Оплаченные")
    assert amounts(listing) == ["999,00"]
    assert "Поиск: «консультация»" in (listing.text or "")


async def test_another_users_saved_search_is_not_used(chat: Chat) -> None:
    await issue(chat, amount="100", service="Аудит")
    await issue(chat, amount="200", service="Консультация")
    await issue(chat, ENGLISH_MANAGER, amount="300", service="Консультация")
    [theirs] = await chat.say(ENGLISH_MANAGER, "/invoices консультация")
    search_id = ListCallback.unpack(theirs.buttons[-1]["callback_data"]).search_id
    assert search_id

    [mine] = await chat.say(MANAGER, "/invoices")
    forged_page = ListCallback(list_filter=ListFilter.ALL, page=0, search_id=search_id).pack()
    await press(chat, MANAGER, mine, forged_page, strict=False)
    assert amounts(mine) == ["200,00", "100,00"]  # their search is ignored, not applied
    assert "Поиск: «" not in (mine.text or "")
    assert last_answer(chat)["text"] == "Этот поиск устарел — показываю все счета."


async def test_admins_switch_between_their_own_and_everyones(chat: Chat) -> None:
    await issue(chat, MANAGER, amount="100")
    await issue(chat, ENGLISH_MANAGER, amount="200")
    await issue(chat, ADMIN, amount="300")

    [listing] = await chat.say(ADMIN, "/invoices")
    assert amounts(listing) == ["300,00"]
    await press_text(chat, ADMIN, listing, "Счета всех менеджеров")
    assert "Счета всех менеджеров" in (listing.text or "")
    assert amounts(listing) == ["300,00", "200,00", "100,00"]
    assert [line.rsplit("👤 ", 1)[1] for line in lines(listing)] == ["Анна", "John", "Иван"]
    await press_text(chat, ADMIN, listing, "Неоплаченные")
    assert len(lines(listing)) == 3  # the filter keeps the scope
    await press_text(chat, ADMIN, listing, "Только мои")
    assert amounts(listing) == ["300,00"]

    # A manager has no such button, and a forged one shows only their own invoices.
    [listing] = await chat.say(MANAGER, "/invoices")
    assert not any("всех" in caption for caption in captions(listing))
    everyone = ListCallback(list_filter=ListFilter.ALL, page=0, everyone=True).pack()
    await press(chat, MANAGER, listing, everyone, strict=False)
    assert amounts(listing) == ["100,00"]


async def test_list_in_english(chat: Chat) -> None:
    await issue(chat, ENGLISH_MANAGER, amount="1500")
    [listing] = await chat.say(ENGLISH_MANAGER, "/invoices")
    assert "My invoices · All" in (listing.text or "")
    assert "RUB\xa01,500.00" in lines(listing)[0]
    assert "🕓 awaiting payment" in lines(listing)[0]


# --- The card -----------------------------------------------------------------------------


async def test_card_shows_every_field_the_link_and_the_history(chat: Chat) -> None:
    last_day = today_in_moscow() + timedelta(days=7)
    invoice = await issue(
        chat,
        email="ivan@example.com",
        service=SERVICE,
        client_name="ООО «Ромашка» & Ко",
        last_day=last_day,
        delivery=Delivery.EMAIL,
    )
    card = await open_card(chat, MANAGER, invoice)
    text = card.text or ""
    assert text.startswith(f"🧾 Счёт №{invoice.id} — 📧 отправлен, ждёт оплаты")
    assert "Сумма: 1\xa0500,00\xa0₽" in text
    assert f"Услуга: {SERVICE}" in text
    assert "Плательщик: ООО «Ромашка» & Ко" in text
    assert "E-mail: ivan@example.com" in text
    assert f"Оплатить до: {last_day:%d.%m.%Y} включительно" in text
    assert f"Заказ: {invoice.order_id}" in text
    assert f"Счёт в PayKeeper: {invoice.paykeeper_id}" in text
    assert f"Ссылка на оплату:\n{invoice.invoice_url}" in text
    assert "Менеджер:" not in text  # it is the viewer's own

    history = text.split("История\n", 1)[1].splitlines()
    assert [line.split(" — ", 1)[1] for line in history] == [
        "запрошен (Иван)",
        "создан в PayKeeper (автоматически)",
        "PayKeeper отправил на ivan@example.com (Иван)",
    ]
    # When: Moscow time, not UTC.
    with db(chat) as connection:
        first = connection.execute(
            "SELECT created_at FROM invoice_events WHERE invoice_id = ? ORDER BY id",
            (invoice.id,),
        ).fetchone()
    moment = datetime.fromisoformat(first["created_at"]).astimezone(MSK)
    assert history[0].startswith(f"{moment:%d.%m.%Y %H:%M} — ")

    assert captions(card) == [
        "🔄 Обновить статус",
        "📧 Отправить ещё раз",
        "📱 QR-код",
        "↗️ Переслать клиенту",
        "🔂 Повторить разово",
        "🔁 Повторять",
        "✖️ Отменить счёт",
    ]
    share = next(b for b in card.buttons if "Переслать" in b["text"])
    assert share["switch_inline_query"] == invoice.order_id


async def test_buttons_fit_the_status(chat: Chat, paykeeper: FakePayKeeper) -> None:
    link_only = await issue(chat)
    card = await open_card(chat, MANAGER, link_only)
    assert not any("📧" in caption for caption in captions(card))  # no e-mail to send to
    assert "✖️ Отменить счёт" in captions(card)

    not_yet_emailed = await issue(chat, email="a@example.com")
    card = await open_card(chat, MANAGER, not_yet_emailed)
    assert "📧 Отправить на e-mail" in captions(card)
    await press_text(chat, MANAGER, card, "Отправить на e-mail")
    assert paykeeper.sent == [not_yet_emailed.paykeeper_id]
    assert "📧 Отправить ещё раз" in captions(card)

    paid_invoice = await paid(chat, paykeeper, await issue(chat, email="a@example.com"))
    card = await open_card(chat, MANAGER, paid_invoice)
    assert captions(card) == ["🔄 Обновить статус", "🔂 Повторить разово", "🔁 Повторять"]
    assert "Ссылка на оплату" not in (card.text or "")
    assert "Оплачен: " in (card.text or "")

    expired = await issue(chat)
    assert expired.paykeeper_id is not None
    paykeeper.expire(expired.paykeeper_id)
    await chat.services.tracker.refresh(expired)
    card = await open_card(chat, MANAGER, expired)
    assert captions(card) == ["🔄 Обновить статус", "🔂 Повторить разово", "🔁 Повторять"]

    paykeeper.fail_next("/change/invoice/preview/", "fail:Неверно указана сумма счёта.")
    failed = await issue(chat)
    card = await open_card(chat, MANAGER, failed)
    assert captions(card) == ["🔂 Повторить разово", "🔁 Повторять"]
    assert "Ошибка: Неверно указана сумма счёта." in (card.text or "")


async def test_refresh_asks_paykeeper_and_updates_the_row(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await issue(chat)
    card = await open_card(chat, MANAGER, invoice)

    await press_text(chat, MANAGER, card, "Обновить статус")
    assert last_answer(chat)["text"] == "Без изменений: 🕓 ждёт оплаты"

    assert invoice.paykeeper_id is not None
    paykeeper.mark_paid(invoice.paykeeper_id)
    byid_before = len(requests(paykeeper, "/info/invoice/byid/"))
    replies = await press_text(chat, MANAGER, card, "Обновить статус")
    assert replies == []  # the card itself changes
    assert len(requests(paykeeper, "/info/invoice/byid/")) == byid_before + 1
    assert last_answer(chat)["text"] == "Статус обновлён: ✅ оплачен"
    assert status(chat, invoice) == "paid"
    assert "— ✅ оплачен" in (card.text or "").splitlines()[0]
    assert (card.text or "").splitlines()[-1].endswith("— оплачен (Иван)")
    assert captions(card) == ["🔄 Обновить статус", "🔂 Повторить разово", "🔁 Повторять"]


async def test_refresh_shows_paykeepers_own_message(chat: Chat, paykeeper: FakePayKeeper) -> None:
    invoice = await issue(chat)
    card = await open_card(chat, MANAGER, invoice)
    paykeeper.fail_next("/info/invoice/byid/", "fail:Счёт не найден.")
    await press_text(chat, MANAGER, card, "Обновить статус")
    assert last_answer(chat)["text"] == "PayKeeper ответил: Счёт не найден."
    assert last_answer(chat)["show_alert"] is True
    assert status(chat, invoice) == "created"


async def test_resend_has_paykeeper_send_it_again(chat: Chat, paykeeper: FakePayKeeper) -> None:
    invoice = await issue(chat, email="ivan@example.com", delivery=Delivery.EMAIL)
    assert paykeeper.sent == [invoice.paykeeper_id]
    card = await open_card(chat, MANAGER, invoice)

    await press_text(chat, MANAGER, card, "Отправить ещё раз")
    assert paykeeper.sent == [invoice.paykeeper_id] * 2
    assert last_answer(chat)["text"] == "PayKeeper отправил счёт на ivan@example.com."
    assert (
        (card.text or "")
        .splitlines()[-1]
        .endswith("— PayKeeper отправил на ivan@example.com по запросу (Иван)")
    )
    assert ("resent", MANAGER.id) in events(chat, invoice)

    paykeeper.fail_next("/change/invoice/send/", "fail:Почтовый сервер не отвечает")
    await press_text(chat, MANAGER, card, "Отправить ещё раз")
    answer = last_answer(chat)
    assert answer["text"] == "PayKeeper не отправил письмо: Почтовый сервер не отвечает"
    assert answer["show_alert"] is True
    assert (
        (card.text or "")
        .splitlines()[-1]
        .endswith("— письмо не отправлено: Почтовый сервер не отвечает (автоматически)")
    )


async def test_cancel_asks_first_then_revokes(chat: Chat, paykeeper: FakePayKeeper) -> None:
    invoice = await issue(chat)
    card = await open_card(chat, MANAGER, invoice)
    original = card.text

    await press_text(chat, MANAGER, card, "Отменить счёт")
    assert (card.text or "").endswith(
        "Отменить этот счёт? PayKeeper отзовёт его, и по ссылке больше нельзя будет оплатить."
    )
    assert captions(card) == ["Да, отменить счёт", "Нет, оставить"]
    assert requests(paykeeper, "/change/invoice/revoke/") == []

    await press_text(chat, MANAGER, card, "Нет, оставить")
    assert card.text == original
    assert "✖️ Отменить счёт" in captions(card)

    await press_text(chat, MANAGER, card, "Отменить счёт")
    await press_text(chat, MANAGER, card, "Да, отменить счёт")
    [revoke] = requests(paykeeper, "/change/invoice/revoke/")
    assert revoke["id"] == invoice.paykeeper_id
    assert last_answer(chat)["text"] == "Счёт отменён."
    assert status(chat, invoice) == "cancelled"
    assert "— ✖️ отменён" in (card.text or "").splitlines()[0]
    assert (card.text or "").splitlines()[-1].endswith("— отменён (Иван)")
    assert captions(card) == ["🔄 Обновить статус", "🔂 Повторить разово", "🔁 Повторять"]

    # A second tap on the vanished "yes" revokes nothing more.
    await press(chat, MANAGER, card, forged("cancel_yes", invoice), strict=False)
    assert last_answer(chat)["show_alert"] is True
    assert len(requests(paykeeper, "/change/invoice/revoke/")) == 1
    assert events(chat, invoice).count(("cancelled", MANAGER.id)) == 1


async def test_a_paid_invoice_cannot_be_cancelled(chat: Chat, paykeeper: FakePayKeeper) -> None:
    invoice = await paid(chat, paykeeper, await issue(chat))
    card = await open_card(chat, MANAGER, invoice)
    assert "✖️ Отменить счёт" not in captions(card)

    for action in ("cancel", "cancel_yes"):
        await press(chat, MANAGER, card, forged(action, invoice), strict=False)
        answer = last_answer(chat)
        assert answer["text"] == "Счёт уже оплачен — отменить его нельзя."
        assert answer["show_alert"] is True
    assert requests(paykeeper, "/change/invoice/revoke/") == []
    assert status(chat, invoice) == "paid"


async def test_cancelling_what_was_paid_meanwhile_shows_paykeepers_refusal(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await issue(chat)
    card = await open_card(chat, MANAGER, invoice)
    await press_text(chat, MANAGER, card, "Отменить счёт")
    assert invoice.paykeeper_id is not None
    paykeeper.mark_paid(invoice.paykeeper_id)  # the client pays while the manager hesitates

    await press_text(chat, MANAGER, card, "Да, отменить счёт")
    answer = last_answer(chat)
    assert answer["text"] == "PayKeeper не отменил счёт: Счёт уже оплачен, его нельзя отозвать."
    assert answer["show_alert"] is True
    assert status(chat, invoice) == "paid"
    assert "— ✅ оплачен" in (card.text or "").splitlines()[0]
    assert captions(card) == ["🔄 Обновить статус", "🔂 Повторить разово", "🔁 Повторять"]


async def test_another_managers_invoice_is_off_limits(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await issue(chat, MANAGER, email="ivan@example.com", delivery=Delivery.EMAIL)
    [listing] = await chat.say(ENGLISH_MANAGER, "/invoices")
    assert lines(listing) == []
    calls = len(paykeeper.requests)
    history = events(chat, invoice)

    for action in ("open", "refresh", "resend", "cancel", "cancel_yes", "repeat", "qr", "share"):
        replies = await press(
            chat, ENGLISH_MANAGER, listing, forged(action, invoice), strict=False
        )
        assert replies == []
        answer = last_answer(chat)
        assert answer["text"] == (
            "This is another manager's invoice: only they or an admin can act on it."
        )
        assert answer["show_alert"] is True
    assert len(paykeeper.requests) == calls
    assert events(chat, invoice) == history
    assert status(chat, invoice) == "sent"


async def test_an_admin_acts_on_any_invoice_and_is_named_in_the_history(chat: Chat) -> None:
    invoice = await issue(chat, MANAGER)
    [listing] = await chat.say(ADMIN, "/invoices")
    [card] = await press(chat, ADMIN, listing, forged("open", invoice), strict=False)
    assert "Менеджер: Иван" in (card.text or "")
    await press_text(chat, ADMIN, card, "Отменить счёт")
    await press_text(chat, ADMIN, card, "Да, отменить счёт")
    assert status(chat, invoice) == "cancelled"
    assert (card.text or "").splitlines()[-1].endswith("— отменён (Анна)")
    assert ("cancelled", ADMIN.id) in events(chat, invoice)


async def test_a_stale_card_gets_an_alert_and_is_brought_up_to_date(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await issue(chat, email="ivan@example.com", delivery=Delivery.EMAIL)
    card = await open_card(chat, MANAGER, invoice)
    await paid(chat, paykeeper, invoice)  # e.g. a payment notification arrived meanwhile

    for caption in ("Отправить ещё раз", "QR-код"):  # refreshing a paid card is allowed
        await press_text(chat, MANAGER, card, caption)
        answer = last_answer(chat)
        assert "✅ оплачен" in answer["text"]
        assert answer["show_alert"] is True
        assert captions(card) == [
            "🔄 Обновить статус",
            "🔂 Повторить разово",
            "🔁 Повторять",
        ]  # the card now shows what is true
        card.reply_markup = {
            "inline_keyboard": [
                [{"text": c, "callback_data": forged(a, invoice)}]
                for c, a in (
                    ("Отправить ещё раз", "resend"),
                    ("QR-код", "qr"),
                    ("Обновить статус", "refresh"),
                )
            ]
        }  # the old keyboard, as a client that missed the edit still shows it
    assert paykeeper.sent == [invoice.paykeeper_id]


async def test_an_invoice_deleted_meanwhile_gets_an_alert(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await issue(chat)
    card = await open_card(chat, MANAGER, invoice)
    with db(chat) as connection:
        connection.execute("DELETE FROM invoices WHERE id = ?", (invoice.id,))
    calls = len(paykeeper.requests)
    for caption in ("Обновить статус", "Повторить", "Отменить счёт"):
        replies = await press_text(chat, MANAGER, card, caption)
        assert replies == []
        answer = last_answer(chat)
        assert answer["text"] == "Счёт не найден — возможно, он удалён."
        assert answer["show_alert"] is True
    assert len(paykeeper.requests) == calls


async def test_an_unknown_action_gets_an_alert(chat: Chat) -> None:
    invoice = await issue(chat)
    card = await open_card(chat, MANAGER, invoice)
    await press(chat, MANAGER, card, forged("explode", invoice), strict=False)
    assert last_answer(chat)["text"] == "Эта кнопка больше не работает. /invoices — список счетов."


async def test_repeat_opens_a_prefilled_form_with_a_new_order_id(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    last_day = today_in_moscow() + timedelta(days=7)
    invoice = await issue(
        chat, email="ivan@example.com", service=SERVICE, last_day=last_day, amount="990"
    )
    card = await open_card(chat, MANAGER, invoice)
    intro, summary = await press_text(chat, MANAGER, card, "Повторить")
    assert f"по образцу счёта №{invoice.id}" in (intro.text or "")
    text = summary.text or ""
    assert "Проверьте счёт" in text
    assert "990,00\xa0₽" in text
    assert "ivan@example.com" in text
    assert SERVICE in text
    assert f"{last_day:%d.%m.%Y} включительно" in text
    assert ("repeated", MANAGER.id) in events(chat, invoice)

    await press_text(chat, MANAGER, summary, "Получить ссылку")
    first, second = requests(paykeeper, "/change/invoice/preview/")
    assert second["orderid"] != first["orderid"] == invoice.order_id
    assert (second["pay_amount"], second["service_name"]) == ("990.00", SERVICE)
    assert second["client_email"] == "ivan@example.com"
    assert "Счёт создан" in (chat.telegram.message(MANAGER.id, summary.message_id).text or "")


async def test_qr_code_is_a_png_of_the_payment_link(chat: Chat) -> None:
    invoice = await issue(chat)
    assert invoice.invoice_url is not None
    card = await open_card(chat, MANAGER, invoice)
    [photo] = await press_text(chat, MANAGER, card, "QR-код")
    [size] = photo.media["photo"]
    content = chat.telegram.files[size["file_id"]].content
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    assert content == payment_qr_png(invoice.invoice_url)
    assert content != payment_qr_png(invoice.invoice_url + "x")
    assert invoice.invoice_url in (photo.caption or "")
    assert "1\xa0500,00\xa0₽" in (photo.caption or "")


async def test_buttons_on_an_alert_leave_the_alert_as_it_is(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    invoice = await issue(chat, email="ivan@example.com", delivery=Delivery.EMAIL)

    def button(text: str, action: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=text, callback_data=forged(action, invoice))

    # What another feature's payment reminder looks like: InvoiceCallback buttons on its text.
    sent = await chat.bot.send_message(
        MANAGER.id,
        "Напоминание: счёт ждёт оплаты",
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [button("Открыть", "open"), button("Отправить снова", "resend")],
                [button("Отменить", "cancel"), button("Поделиться", "share")],
            ]
        ),
    )
    reminder = chat.telegram.message(MANAGER.id, sent.message_id)
    keyboard = reminder.reply_markup

    [card] = await press_text(chat, MANAGER, reminder, "Открыть")
    assert f"Счёт №{invoice.id}" in (card.text or "")
    assert await press_text(chat, MANAGER, reminder, "Отправить снова") == []
    assert paykeeper.sent == [invoice.paykeeper_id] * 2
    [confirm] = await press_text(chat, MANAGER, reminder, "Отменить")
    assert captions(confirm) == ["Да, отменить счёт", "Нет, оставить"]
    [prompt] = await press_text(chat, MANAGER, reminder, "Поделиться")
    assert prompt.buttons[0]["switch_inline_query"] == invoice.order_id
    assert reminder.text == "Напоминание: счёт ждёт оплаты"
    assert reminder.reply_markup == keyboard

    await press_text(chat, MANAGER, confirm, "Да, отменить счёт")
    assert status(chat, invoice) == "cancelled"
    assert "✖️ отменён" in (confirm.text or "")
