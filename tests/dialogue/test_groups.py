"""The company's data stays out of groups: every command a member types in a group gets one
"write to me in private" and nothing else, a button pressed there changes nothing, and inline
mode (``@bot`` in any chat) still works (real dispatcher, Bot API stand-in, real SQLite)."""

from __future__ import annotations

from bot.drafts import today_in_moscow
from bot.keyboards.report import ReportCallback
from bot.keyboards.team import TeamAction, TeamCallback
from tests.dialogue.test_report import issue
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import User
from tests.support.chat import ADMIN, ENGLISH_MANAGER, MANAGER, STRANGER, Chat

GROUP = -100500
PRIVATE_ONLY = "Напишите мне в личные сообщения: в группах я не показываю данные компании."

COMMANDS = [
    (ADMIN, "/report"),
    (ADMIN, f"/report 01.01.2020 {today_in_moscow():%d.%m.%Y}"),
    (ADMIN, "/team"),
    (ADMIN, "/services"),
    (MANAGER, "/invoice"),
    (MANAGER, "/invoice 1500 payer@example.com Аудит"),
    (MANAGER, "/invoices"),
    (MANAGER, "/bulk"),
    (MANAGER, "/start"),
    (STRANGER, "/report@Invoice_Test_Bot"),
]


async def say_in_group(chat: Chat, user: User, text: str) -> None:
    await chat.feed(chat.telegram.send_message(user, text, chat_id=GROUP))


async def test_commands_in_a_group_show_nothing_of_the_company(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await issue(chat, MANAGER, "1500", "Аудит")  # a payer's e-mail a report would list
    invoices = len(paykeeper.invoices)
    for user, command in COMMANDS:
        before = len(chat.telegram.sent_to(GROUP))
        await say_in_group(chat, user, command)
        [answer] = chat.telegram.sent_to(GROUP)[before:]
        assert (answer.method, answer.params["text"]) == ("sendMessage", PRIVATE_ONLY), command
    # Not a command, or a command for another bot of the group: not a word.
    before = len(chat.telegram.sent_to(GROUP))
    for text in ("1500 payer@example.com", "/report@OtherBot"):
        await say_in_group(chat, ADMIN, text)
    assert chat.telegram.sent_to(GROUP)[before:] == []
    everything = str([call.params for call in chat.telegram.sent_to(GROUP)])
    assert "payer@example.com" not in everything
    assert [c for c in chat.telegram.calls if c.method == "sendDocument"] == []
    assert len(paykeeper.invoices) == invoices  # nothing issued from the group
    state = await chat.dispatcher.fsm.get_context(chat.bot, GROUP, MANAGER.id).get_state()
    assert state is None  # no form was opened there either

    # Inline mode in the same group, and the same commands in private, still answer.
    await chat.feed(chat.telegram.inline_query(MANAGER, "", chat_type="supergroup"))
    [offered] = chat.answers("answerInlineQuery")
    assert (len(offered["results"]), offered["is_personal"]) == (1, True)
    [listing] = await chat.say(ADMIN, "/team")
    assert "Команда" in (listing.text or "")


async def test_a_button_pressed_in_a_group_changes_nothing(chat: Chat) -> None:
    await chat.say(ENGLISH_MANAGER, "/help")  # a member a forged team button could change
    await say_in_group(chat, ADMIN, "/team")
    [message] = chat.telegram.chat_messages(GROUP)
    before = len(chat.telegram.sent_to(GROUP))
    for data in (
        TeamCallback(action=TeamAction.LIST).pack(),
        TeamCallback(action=TeamAction.SUSPEND, user=ENGLISH_MANAGER.id).pack(),
        ReportCallback(period="this").pack(),
    ):
        await chat.feed(chat.telegram.press(ADMIN, message, data, chat_id=GROUP, strict=False))
        alert = chat.answers()[-1]
        assert (alert["text"], alert["show_alert"]) == (PRIVATE_ONLY, True)
    assert chat.telegram.sent_to(GROUP)[before:] == []  # not edited, nothing posted
    assert not chat.services.access.is_suspended(ENGLISH_MANAGER.id)
