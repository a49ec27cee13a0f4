"""Nothing the bot sends exceeds Telegram's limits, with the longest names and the most lines
the bot accepts: /team in pages, the summary's lines with "… and N more", and the last check
before Telegram (bot/telegram/limits.py) never needed for them."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from bot.services.cart_lines import to_data
from bot.settings import Settings
from paykeeper.cart import CartLine
from paykeeper.receipt_codes import ItemType, TaxCode
from storage.roles import Role
from tests.fakes.telegram import parse_html
from tests.support.chat import ADMIN, MANAGER, Chat

# Telegram's longest name: 64 characters first, 64 last; markup characters escape the longest.
LONG_NAME = ("Α<&>" * 16)[:64] + " " + ("Ω\"'&" * 16)[:64]
LONG_LINE = ("Услуга <&> " * 20)[:128]
ADD = "➕ Добавить строку"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"receipts": True})


def cut_by_the_last_check(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.telegram.limits"]


def fits(chat: Chat) -> None:
    """Every text the bot sent, as Telegram counts it after parsing the markup."""
    for call in chat.telegram.calls:
        if call.method in ("sendMessage", "editMessageText"):
            plain, _ = parse_html(str(call.params["text"]))
            assert len(plain.encode("utf-16-le")) // 2 <= 4096
        if call.method == "answerCallbackQuery":
            assert len(str(call.params.get("text") or "")) <= 200


async def test_team_pages_its_members_with_the_longest_names(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    team = chat.services.team
    for n in range(34):
        user_id = 10_000 + n
        await team.repository.set_role(ADMIN.id, user_id, Role.MANAGER)
        await team.people.remember(user_id, f"{n:02d}{LONG_NAME}"[:129], "ru")
    await team.start()

    [listing] = await chat.say(ADMIN, "/team")
    assert "(37)" in (listing.text or "")  # the whole team counted on every page
    assert len([b for b in listing.buttons if "—" in b["text"]]) == 10
    assert "1 / 4" in str(listing.buttons)
    seen: set[str] = set()
    for _ in range(4):
        seen |= {b["text"] for b in listing.buttons if "—" in b["text"]}
        await chat.press_text(ADMIN, listing, "Вперёд")
    assert len(seen) == 37  # every member on some page, no page too long
    assert "1 / 4" in str(listing.buttons)  # round again to the first

    # A member's card, their audit and back: the page is kept.
    await chat.press_text(ADMIN, listing, "Вперёд")
    await chat.press_text(ADMIN, listing, "08")
    for _ in range(25):
        await team.repository.set_role(10_001, 10_008, Role.VIEWER)
        await team.repository.set_role(10_001, 10_008, Role.MANAGER)
    await chat.press_text(ADMIN, listing, "Журнал")
    await chat.press_text(ADMIN, listing, "Назад")
    await chat.press_text(ADMIN, listing, "К команде")
    assert "2 / 4" in str(listing.buttons)
    fits(chat)
    assert cut_by_the_last_check(caplog) == []


async def test_a_summary_with_the_most_lines_shows_the_first_and_counts_the_rest(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    [summary] = await chat.say(MANAGER, "/invoice 1500 payer@example.com " + "Я" * 120)
    await chat.press_text(MANAGER, summary, ADD)
    # As long as a line gets while 81 of them stay within MAX_AMOUNT (1 000 000 ₽ here).
    line = CartLine.of(
        LONG_LINE,
        Decimal("12.34"),
        Decimal("999.999"),
        tax=TaxCode.VAT22,
        item_type=ItemType.SERVICE,
    )
    state = chat.dispatcher.fsm.get_context(chat.bot, MANAGER.id, MANAGER.id)
    await state.update_data(lines=[to_data(line)] * 80)
    answers = await chat.say(MANAGER, f"{LONG_LINE}; 2; 100")
    summary = answers[-1]
    text = summary.text or ""
    assert "Строки чека" in text
    assert "1. Услуга <&>" in text
    shown = text.count("× ")
    assert 5 <= shown < 81
    assert f"… и ещё строк: {81 - shown}" in text
    assert "Итого:" in text
    fits(chat)
    assert cut_by_the_last_check(caplog) == []


async def test_the_last_check_cuts_an_overlong_message_and_keeps_its_markup(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    await chat.bot.send_message(MANAGER.id, "<b>Длинно</b> " + "<i>слово &amp; ещё</i> " * 400)
    await chat.bot.send_message(MANAGER.id, "😀" * 3000, parse_mode=None)
    long_html, long_plain = chat.telegram.chat_messages(MANAGER.id)[-2:]
    assert (long_html.text or "").startswith("Длинно слово & ещё")
    assert (long_html.text or "").endswith("…")
    assert len(long_html.text or "") <= 4096
    assert len((long_plain.text or "").encode("utf-16-le")) // 2 <= 4096
    assert len(cut_by_the_last_check(caplog)) == 2
