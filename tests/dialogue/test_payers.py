"""The payer book as managers, admins and viewers use it: payers remembered from every
invoice, offered at the form's e-mail step (recent ones, and matches of a typed name), /payers
and a payer's card, corrections and removal."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from decimal import Decimal

import pytest

from bot.drafts import InvoiceDraft, new_order_id
from bot.keyboards.payers import PayerAction, PayerCallback
from bot.services.issue_outcomes import Manager
from storage import Delivery
from storage.roles import Role
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, Chat

VIEWER = User(id=8008, first_name="Бухгалтер", language_code="ru")


def previews(paykeeper: FakePayKeeper) -> list[dict[str, str]]:
    return [r.form for r in paykeeper.requests if r.path == "/change/invoice/preview/"]


def payer_ids(chat: Chat) -> dict[str, int]:
    """Each payer's e-mail (or phone) -> id, as the book holds them."""
    with closing(sqlite3.connect(chat.services.settings.database_path)) as db:
        rows = db.execute("SELECT id, coalesce(email, phone) FROM payers").fetchall()
    return {str(row[1]): int(row[0]) for row in rows}


async def issue(
    chat: Chat,
    *,
    email: str | None = None,
    phone: str | None = None,
    name: str | None = None,
    manager: User = MANAGER,
    amount: str = "1000",
) -> None:
    """An invoice issued as bulk files and inline creation do: through the issuer."""
    outcome = await chat.services.issuer.issue(
        InvoiceDraft(amount=Decimal(amount), email=email, phone=phone, client_name=name),
        order_id=new_order_id(),
        manager=Manager(manager.id, manager.first_name),
        delivery=Delivery.LINK,
    )
    assert outcome.created


async def press_in_place(
    chat: Chat, user: User, message: StoredMessage, text: str
) -> StoredMessage:
    """Press a button that turns its own message into the next screen; that screen."""
    await chat.press_text(user, message, text)
    return chat.telegram.message(user.id, message.message_id)


def labels(message: StoredMessage) -> list[str]:
    return [b["text"] for b in message.buttons]


async def test_a_payer_from_the_one_line_command_is_offered_at_the_email_step_and_fills_it(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await chat.say(MANAGER, "/invoice 5000 Ivan@Alpha.ru +7 910 123-45-67")
    await chat.press_text(MANAGER, summary, "Получить ссылку")

    await chat.say(MANAGER, "/invoice")
    [email_question] = await chat.say(MANAGER, "1000")
    assert "E-mail плательщика" in (email_question.text or "")
    assert labels(email_question)[0] == "👤 Ivan@alpha.ru"

    filled, expiry_question = await chat.press_text(MANAGER, email_question, "Ivan@alpha.ru")
    assert "+79101234567" in (filled.text or "")
    # The phone came with the payer: the form goes on to the expiry.
    assert "До какого дня" in (expiry_question.text or "")
    await chat.say(MANAGER, "-")
    [summary] = await chat.say(MANAGER, "-")
    await chat.press_text(MANAGER, summary, "Получить ссылку")

    first, second = previews(paykeeper)
    assert second["client_email"] == first["client_email"] == "Ivan@alpha.ru"
    assert second["client_phone"] == "+79101234567"
    assert len(payer_ids(chat)) == 1  # one payer, billed twice


async def test_a_typed_name_offers_the_matching_payers_and_anything_else_is_an_email_error(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await issue(chat, email="buh@alpha.ru", name="ООО «Альфа»")
    await issue(chat, email="office@beta.ru", phone="+79990001122", name="Бета")
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, "1000")

    [offer] = await chat.say(MANAGER, "альфа")
    assert "Плательщики по «альфа»" in (offer.text or "")
    assert labels(offer)[0] == "👤 ООО «Альфа»"
    assert not any("Бета" in label for label in labels(offer))

    [refusal, again] = await chat.say(MANAGER, "гамма")  # no payer: read as an e-mail
    assert "@" in (refusal.text or "")
    assert "E-mail плательщика" in (again.text or "")

    # Without a phone, the form asks for it after the tap.
    _, phone_question = await chat.press_text(MANAGER, offer, "Альфа")
    assert "Телефон плательщика" in (phone_question.text or "")
    await chat.say(MANAGER, "-")
    await chat.say(MANAGER, "-")
    [summary] = await chat.say(MANAGER, "-")
    assert "buh@alpha.ru" in (summary.text or "")


async def test_a_manager_is_offered_only_the_payers_they_billed_and_a_forged_key_fills_nothing(
    chat: Chat,
) -> None:
    await issue(chat, email="secret@other.ru", name="Чужой", manager=ENGLISH_MANAGER)
    await chat.say(MANAGER, "/invoice")
    [email_question] = await chat.say(MANAGER, "1000")
    assert not any("Чужой" in label or "secret" in label for label in labels(email_question))
    [refusal, _again] = await chat.say(MANAGER, "Чужой")
    assert "Плательщики" not in (refusal.text or "")

    forged = PayerCallback(action=PayerAction.FILL, id=payer_ids(chat)["secret@other.ru"])
    before = len(chat.telegram.chat_messages(MANAGER.id))
    await chat.feed(chat.telegram.press(MANAGER, email_question, forged.pack(), strict=False))
    assert len(chat.telegram.chat_messages(MANAGER.id)) == before
    [answer] = chat.answers()[-1:]
    assert "нет в вашей книге" in answer["text"]
    with closing(sqlite3.connect(chat.services.settings.database_path)) as db:
        assert db.execute("SELECT count(*) FROM invoices").fetchone()[0] == 1


async def test_payers_card_totals_issue_correct_and_forget(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await issue(chat, email="buh@alpha.ru", name="Альфа", amount="1500")
    await issue(chat, email="buh@alpha.ru", amount="700")

    [listing] = await chat.say(MANAGER, "/payers альф")
    assert "Плательщики" in (listing.text or "")
    card = await press_in_place(chat, MANAGER, listing, "Альфа")
    text = card.text or ""
    assert "Счетов: 2" in text
    assert "Ждёт оплаты: 2\xa0200,00\xa0₽" in text
    assert "Оплачено: 0,00\xa0₽" in text

    # Correct the e-mail: the book changes, invoices keep theirs.
    [ask] = await chat.press_text(MANAGER, card, "E-mail")
    assert "Новый e-mail" in (ask.text or "")
    [bad, _ask_again] = await chat.say(MANAGER, "not an address")
    assert "@" in (bad.text or "")
    done, card = await chat.say(MANAGER, "Buh@Alpha-Group.ru")
    assert "Исправлено" in (done.text or "")
    assert "Buh@alpha-group.ru" in (card.text or "")

    # A new invoice to them from the card: the form with the payer filled.
    filled, amount_question = await chat.press_text(MANAGER, card, "Новый счёт")
    assert "Buh@alpha-group.ru" in (filled.text or "")
    assert "Сумма счёта" in (amount_question.text or "")
    # The e-mail came with the payer: the form asks for the phone the book lacks.
    [phone_question] = await chat.say(MANAGER, "300")
    assert "Телефон плательщика" in (phone_question.text or "")
    await chat.say(MANAGER, "-")
    await chat.say(MANAGER, "-")
    [summary] = await chat.say(MANAGER, "-")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    assert previews(paykeeper)[-1]["client_email"] == "Buh@alpha-group.ru"

    # Forget them: no longer offered; the invoices keep what they were issued with.
    [listing] = await chat.say(MANAGER, "/payers")
    card = await press_in_place(chat, MANAGER, listing, "Альфа")
    confirm = await press_in_place(chat, MANAGER, card, "Удалить")
    assert "Удалить «Альфа» из книги?" in (confirm.text or "")
    await chat.press_text(MANAGER, confirm, "Да, удалить")
    assert payer_ids(chat) == {}
    [empty] = await chat.say(MANAGER, "/payers")
    assert "пока нет плательщиков" in (empty.text or "")
    with closing(sqlite3.connect(chat.services.settings.database_path)) as db:
        emails = [r[0] for r in db.execute("SELECT client_email FROM invoices ORDER BY id")]
    assert emails == ["buh@alpha.ru", "buh@alpha.ru", "Buh@alpha-group.ru"]


@pytest.fixture
async def viewer_chat(chat: Chat) -> Chat:
    await chat.services.team.repository.set_role(ADMIN.id, VIEWER.id, Role.VIEWER)
    await chat.services.team.start()
    return chat


async def test_a_viewer_reads_every_payer_and_changes_none(viewer_chat: Chat) -> None:
    chat = viewer_chat
    await issue(chat, email="buh@alpha.ru", name="Альфа")
    await issue(chat, email="john@gamma.com", name="Gamma", manager=ENGLISH_MANAGER)
    [listing] = await chat.say(VIEWER, "/payers")
    assert {"Альфа", "Gamma"} <= set(labels(listing))
    card = await press_in_place(chat, VIEWER, listing, "Gamma")
    assert "john@gamma.com" in (card.text or "")
    assert labels(card) == ["« К списку"]
    forged = PayerCallback(action=PayerAction.FORGET_YES, id=payer_ids(chat)["john@gamma.com"])
    await chat.feed(chat.telegram.press(VIEWER, card, forged.pack(), strict=False))
    assert "наблюдатель" in chat.answers()[-1]["text"]
    assert "john@gamma.com" in payer_ids(chat)


async def test_inline_creation_offers_a_payer_whose_name_the_query_holds(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await issue(chat, email="buh@alpha.ru", phone="+79101234567", name="Альфа")
    await issue(chat, email="x@other.ru", name="Альфа-чужая", manager=ENGLISH_MANAGER)
    before = len(chat.answers("answerInlineQuery"))
    await chat.feed(chat.telegram.inline_query(MANAGER, "5000 альфа"))
    [answer] = chat.answers("answerInlineQuery")[before:]
    creates = [r for r in answer["results"] if r["id"].startswith("new:")]
    # The words as a service, and the manager's own payer of that name (not the other's).
    assert len(creates) == 2
    assert "Альфа · buh@alpha.ru · +79101234567" in creates[1]["description"]

    inline_id = "im-payer"
    await chat.feed(
        chat.telegram.chosen_inline_result(MANAGER, creates[1]["id"], "5000 альфа", inline_id)
    )
    posted = chat.telegram.inline_messages[inline_id]
    await chat.feed(chat.telegram.press(MANAGER, inline_id, posted.buttons[0]["callback_data"]))
    preview = previews(paykeeper)[-1]
    assert preview["pay_amount"] == "5000.00"
    assert preview["client_email"] == "buh@alpha.ru"
    assert preview["client_phone"] == "+79101234567"


async def test_hostile_searches_find_nothing_and_break_nothing(chat: Chat) -> None:
    await issue(chat, email="a@alpha.ru", name="<b>Альфа</b> & Co")
    [found] = await chat.say(MANAGER, "/payers <b>")
    assert labels(found) == ["<b>Альфа</b> & Co"]  # a button shows the name as typed
    [none] = await chat.say(MANAGER, "/payers " + "% _ " * 2000)
    assert "Никого не нашлось" in (none.text or "")
    assert len(none.text or "") < 300
    await chat.say(MANAGER, "/invoice")
    await chat.say(MANAGER, "100")
    [offer] = await chat.say(MANAGER, "& co")
    assert "Плательщики по «&amp; co»" not in (offer.text or "")  # escaped once, shown as typed
    assert "Плательщики по «& co»" in (offer.text or "")
