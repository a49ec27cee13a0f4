"""The team from chat: a stranger asks for access and an admin decides, /team, suspension and
the audit, as admins, managers and the requester see them (real dispatcher, Bot API stand-in,
real SQLite)."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing

import pytest

from bot.keyboards.team import AccessCallback, TeamAction, TeamCallback
from bot.services.access import Role
from bot.settings import Settings
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User
from tests.support.chat import ADMIN, MANAGER, STRANGER, Chat

SECOND_ADMIN = User(id=1002, first_name="Ольга", language_code="ru")
NEWCOMER = User(id=7007, first_name="Peter", language_code="en", username="peter_sales")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "admin_ids": frozenset({ADMIN.id, SECOND_ADMIN.id}),
            "manager_ids": frozenset({MANAGER.id}),
        }
    )


def request_card(chat: Chat, admin: User) -> StoredMessage:
    [card] = [
        m for m in chat.telegram.chat_messages(admin.id) if "Запрос доступа" in (m.text or "")
    ]
    return card


async def ask_for_access(chat: Chat, user: User = NEWCOMER) -> StoredMessage:
    [refusal] = await chat.say(user, "/start")
    assert str(user.id) in (refusal.text or "")
    replies = await chat.press(user, refusal, AccessCallback().pack())
    assert len(replies) == 1
    return replies[0]


async def grant(chat: Chat, user: User, role: Role) -> None:
    """``user`` asks and ADMIN approves with ``role``."""
    await ask_for_access(chat, user)
    card = request_card(chat, ADMIN)
    await chat.press(
        ADMIN,
        card,
        next(b["callback_data"] for b in card.buttons if role.value in b["callback_data"]),
    )


async def test_a_stranger_asks_and_the_first_admin_decides_for_everyone(chat: Chat) -> None:
    [refusal] = await chat.say(NEWCOMER, "/invoice")
    assert "7007" in (refusal.text or "")
    assert [b["text"] for b in refusal.buttons] == ["🙋 Request access"]

    [sent] = await chat.press(NEWCOMER, refusal, AccessCallback().pack())
    assert (
        sent.text == "Your request went to the administrators. I will tell you what they decide."
    )
    first, second = request_card(chat, ADMIN), request_card(chat, SECOND_ADMIN)
    for card in (first, second):
        assert "Peter @peter_sales" in (card.text or "")
        assert "Telegram ID: 7007" in (card.text or "")
        assert [b["text"] for b in card.buttons] == [
            "✅ Менеджер",
            "✅ Администратор",
            "👁 Наблюдатель",
            "❌ Отказать",
        ]

    # Both admins press at once: one decides, the other is told who did.
    manager = next(b["callback_data"] for b in first.buttons if "Менеджер" in b["text"])
    deny = next(b["callback_data"] for b in second.buttons if "Отказать" in b["text"])
    await asyncio.gather(
        chat.feed(chat.telegram.press(ADMIN, first, manager)),
        chat.feed(chat.telegram.press(SECOND_ADMIN, second, deny)),
    )
    alerts = [a.get("text") for a in chat.answers()]
    assert "Запрос уже решён: Анна." in alerts
    for card in (first, second):
        assert "✅ Анна выдал(а) доступ: менеджер" in (card.text or "")
        assert card.buttons == []
    told = chat.telegram.chat_messages(NEWCOMER.id)[-1]
    assert told.text == "✅ You have access now: manager. /help — what I can do."
    assert chat.services.access.role_of(NEWCOMER.id) is Role.MANAGER

    [listing] = await chat.say(NEWCOMER, "/invoices")
    assert "Request access" not in str(listing.buttons)
    assert "no access" not in (listing.text or "")


async def test_a_denied_stranger_is_told_and_cannot_ask_again_at_once(chat: Chat) -> None:
    await ask_for_access(chat)
    chat.minutes_pass()
    [refusal] = await chat.say(NEWCOMER, "/start")
    await chat.press(NEWCOMER, refusal, AccessCallback().pack())
    assert chat.answers()[-1]["text"] == (
        "Your request is already with the administrators — please wait for their answer."
    )
    assert (
        len([m for m in chat.telegram.chat_messages(ADMIN.id) if "Запрос" in (m.text or "")]) == 1
    )

    card = request_card(chat, SECOND_ADMIN)
    await chat.press_text(SECOND_ADMIN, card, "Отказать")
    assert "❌ Ольга отказал(а)" in (request_card(chat, ADMIN).text or "")
    assert (
        chat.telegram.chat_messages(NEWCOMER.id)[-1].text == "❌ An administrator denied access."
    )

    chat.minutes_pass()
    [refusal] = await chat.say(NEWCOMER, "/start")
    await chat.press(NEWCOMER, refusal, AccessCallback().pack())
    assert "You can ask again after" in chat.answers()[-1]["text"]
    assert chat.services.access.role_of(NEWCOMER.id) is None


async def test_only_admins_decide_and_run_the_team(chat: Chat) -> None:
    await ask_for_access(chat)
    card = request_card(chat, ADMIN)
    data = card.buttons[0]["callback_data"]
    await chat.feed(chat.telegram.press(MANAGER, card, data, strict=False))
    assert chat.answers()[-1]["text"] == "Это доступно только администраторам."
    await chat.feed(chat.telegram.press(STRANGER, card, data, strict=False))
    assert "Нет доступа" in chat.answers()[-1]["text"]
    assert chat.services.access.role_of(NEWCOMER.id) is None

    [refused] = await chat.say(MANAGER, "/team")
    assert refused.text == "Это доступно только администраторам."
    [listing] = await chat.say(ADMIN, "/team")
    await chat.feed(
        chat.telegram.press(
            MANAGER,
            listing,
            TeamCallback(action=TeamAction.SUSPEND, user=NEWCOMER.id).pack(),
            strict=False,
        )
    )
    assert chat.answers()[-1]["text"] == "Это доступно только администраторам."


async def test_team_lists_everyone_with_role_and_this_months_invoices(chat: Chat) -> None:
    await grant(chat, NEWCOMER, Role.VIEWER)
    await chat.say(MANAGER, "/invoice 1500 Консультация")
    summary = chat.last(MANAGER)
    await chat.press_text(MANAGER, summary, "ссылк")
    [listing] = await chat.say(ADMIN, "/team")
    text = listing.text or ""
    assert "Команда (4)" in text
    [ivan] = [line for line in text.splitlines() if line.startswith("Иван — менеджер, был(а)")]
    assert ivan.endswith(", 1 / 0")  # one invoice issued this month, none paid yet
    assert "Peter — наблюдатель" in text
    assert [b["text"] for b in listing.buttons][-1].startswith("Peter")


async def test_suspending_blocks_at_once_drops_the_form_and_restore_gives_it_back(
    chat: Chat,
) -> None:
    await grant(chat, NEWCOMER, Role.MANAGER)
    await chat.say(NEWCOMER, "/invoice")
    await chat.say(NEWCOMER, "1500")  # the form now asks for the e-mail
    [listing] = await chat.say(ADMIN, "/team")
    await chat.press_text(ADMIN, listing, "Peter")
    card = listing  # the list became the member's card
    assert "Role" not in (card.text or "")
    assert "Роль: менеджер" in (card.text or "")
    await chat.press_text(ADMIN, card, "Приостановить")
    assert chat.answers()[-1]["text"] == "Доступ приостановлен; незаполненная форма удалена"
    assert "приостановлен" in (card.text or "")

    chat.minutes_pass()  # NEWCOMER was answered as a stranger a moment ago
    [blocked] = await chat.say(NEWCOMER, "ivan@example.com")
    assert blocked.text == "An administrator has suspended your access to this bot."
    assert blocked.buttons == []
    chat.minutes_pass()
    await chat.feed(chat.telegram.inline_query(NEWCOMER, "1500 ivan@example.com Аудит"))
    assert chat.answers("answerInlineQuery")[-1]["results"] == []

    await chat.press_text(ADMIN, card, "Восстановить")
    assert chat.answers()[-1]["text"] == "Доступ восстановлен"
    [reply] = await chat.say(NEWCOMER, "ivan@example.com")
    assert (reply.text or "").startswith("I did not understand that.")  # no form waits
    state = await chat.dispatcher.fsm.get_context(chat.bot, NEWCOMER.id, NEWCOMER.id).get_state()
    assert state is None  # the half-filled form did not come back

    await chat.press_text(ADMIN, card, "Журнал")
    log = card.text or ""
    assert log.index("восстановлен") < log.index("приостановлен") < log.index("выдан доступ")
    assert "Анна" in log


async def test_members_from_the_settings_cannot_be_changed_from_chat(chat: Chat) -> None:
    [listing] = await chat.say(ADMIN, "/team")
    await chat.press_text(ADMIN, listing, str(MANAGER.id))  # never wrote to the bot: no name
    card = listing
    assert "Задан в настройках бота" in (card.text or "")
    assert [b["text"] for b in card.buttons] == ["📜 Журнал доступа", "« К команде"]
    for action, role in ((TeamAction.SUSPEND, ""), (TeamAction.ROLE, Role.VIEWER.value)):
        data = TeamCallback(action=action, user=MANAGER.id, role=role).pack()
        await chat.feed(chat.telegram.press(ADMIN, card, data, strict=False))
        assert chat.answers()[-1]["text"] == "Задан в настройках бота: из чата не меняется"
    assert chat.services.access.role_of(MANAGER.id) is Role.MANAGER
    # The admin from the settings cannot step down either, so nobody is locked out.
    data = TeamCallback(action=TeamAction.ROLE, user=ADMIN.id, role="manager").pack()
    await chat.feed(chat.telegram.press(ADMIN, card, data, strict=False))
    assert chat.services.access.role_of(ADMIN.id) is Role.ADMIN


async def test_every_role_on_every_team_button(chat: Chat) -> None:
    """Only admins act on requests and the team; members asking for access are told they
    have it; strangers get nothing but their id."""
    await grant(chat, NEWCOMER, Role.VIEWER)
    viewer = NEWCOMER
    [listing] = await chat.say(ADMIN, "/team")
    only_admins = "Это доступно только администраторам."
    buttons = [
        AccessCallback(id=1, role=Role.ADMIN.value).pack(),
        AccessCallback(id=1).pack(),
        *(
            TeamCallback(action=action, user=MANAGER.id, role=Role.ADMIN.value).pack()
            for action in TeamAction
        ),
    ]
    for user, expected in ((MANAGER, only_admins), (viewer, "Only administrators can do this.")):
        for data in buttons:
            await chat.feed(chat.telegram.press(user, listing, data, strict=False))
            assert chat.answers()[-1]["text"] == expected, (user, data)
        [refused] = await chat.say(user, "/team")
        assert refused.text == expected
    for data in buttons:
        await chat.feed(chat.telegram.press(STRANGER, listing, data, strict=False))
        assert chat.answers()[-1]["text"] == f"Нет доступа. Ваш Telegram ID: {STRANGER.id}"
    # A member pressing an old "request access" button is told they have access.
    await chat.feed(chat.telegram.press(MANAGER, listing, AccessCallback().pack(), strict=False))
    assert chat.answers()[-1]["text"] == "У вас уже есть доступ. /help — что я умею."
    assert chat.services.access.role_of(MANAGER.id) is Role.MANAGER
    assert chat.services.access.role_of(viewer.id) is Role.VIEWER


async def test_double_presses_on_the_team_change_things_once(chat: Chat) -> None:
    await grant(chat, NEWCOMER, Role.MANAGER)
    [listing] = await chat.say(ADMIN, "/team")
    await chat.press_text(ADMIN, listing, "Peter")
    suspend = next(b["callback_data"] for b in listing.buttons if "Приостановить" in b["text"])
    await chat.press(ADMIN, listing, suspend)
    await chat.feed(chat.telegram.press(ADMIN, listing, suspend, strict=False))
    assert chat.answers()[-1]["text"] == "Уже так"
    role = next(b["callback_data"] for b in listing.buttons if "наблюдателем" in b["text"])
    await chat.press(ADMIN, listing, role)
    await chat.feed(chat.telegram.press(ADMIN, listing, role, strict=False))
    assert chat.answers()[-1]["text"] == "Уже так"
    log = [e.action for e in await chat.services.team.audit(NEWCOMER.id)]
    assert log == ["role", "suspended", "granted"]


async def test_from_request_to_the_first_invoice(chat: Chat, paykeeper: FakePayKeeper) -> None:
    await grant(chat, NEWCOMER, Role.MANAGER)
    [summary] = await chat.say(NEWCOMER, "/invoice 1500 ivan@example.com Audit")
    await chat.press_text(NEWCOMER, summary, "link")
    with closing(sqlite3.connect(chat.services.settings.database_path)) as db:
        [(url, manager_id)] = db.execute("SELECT invoice_url, manager_id FROM invoices")
    assert manager_id == NEWCOMER.id
    assert url in (summary.text or "") + str(summary.buttons)  # the link, in chat
