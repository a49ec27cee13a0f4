"""The real bot process in inline mode, through the Bot API stand-in."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.shared_bot import SharedBot, on_shared_bot, requests_of, rows_of
from tests.e2e.test_issue_invoice import press, say, text_has
from tests.fakes.telegram import Call, FakeTelegram, User

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them


async def issue_link(
    telegram: FakeTelegram, user: User, line: str, button: str, done: str
) -> None:
    """``/invoice <line>`` and take the link, as a manager does."""
    await say(telegram, user, f"/invoice {line}", "")
    after = len(telegram.calls)
    await press(telegram, user, line.split()[-1], button)
    await telegram.wait_for("editMessageText", text_has(done), after=after)


async def inline(telegram: FakeTelegram, user: User, query: str) -> dict[str, Any]:
    after = len(telegram.calls)
    pushed = telegram.inline_query(user, query)
    query_id = pushed["inline_query"]["id"]
    call = await telegram.wait_for(
        "answerInlineQuery", lambda c: c.params["inline_query_id"] == query_id, after=after
    )
    return call.params


def links(answer: dict[str, Any]) -> list[str]:
    return [
        button["url"]
        for result in answer["results"]
        for row in result["reply_markup"]["inline_keyboard"]
        for button in row
    ]


@on_shared_bot
async def test_an_inline_query_returns_only_the_asking_managers_invoices(
    shared_bot: SharedBot,
) -> None:
    telegram, paykeeper = shared_bot.telegram, shared_bot.paykeeper
    manager = shared_bot.manager()
    other_manager = shared_bot.manager("John", "en")
    await issue_link(telegram, manager, "1500 Консультация", "Получить ссылку", "Счёт создан")
    await issue_link(telegram, manager, "990 Аудит", "Получить ссылку", "Счёт создан")
    await issue_link(telegram, other_manager, "700 Consulting", "Get the link", "Invoice created")
    rows = rows_of(shared_bot.database, manager) + rows_of(shared_bot.database, other_manager)
    url = {row["service_name"]: row["invoice_url"] for row in rows}
    assert all(link.startswith(f"{paykeeper.url}/bill/") for link in url.values())
    requests = len(paykeeper.requests)

    mine = await inline(telegram, manager, "")
    assert mine["is_personal"] is True
    assert links(mine) == [url["Аудит"], url["Консультация"]]
    theirs = await inline(telegram, other_manager, "")
    assert links(theirs) == [url["Consulting"]]
    searched = await inline(telegram, manager, "консультация")
    assert links(searched) == [url["Консультация"]]
    assert paykeeper.requests[requests:] == []  # answered from SQLite alone


@on_shared_bot
async def test_a_strangers_inline_query_returns_none(shared_bot: SharedBot) -> None:
    telegram = shared_bot.telegram
    manager, stranger = shared_bot.manager(), shared_bot.stranger()
    await issue_link(telegram, manager, "1500 Консультация", "Получить ссылку", "Счёт создан")
    answer = await inline(telegram, stranger, "")
    assert answer["results"] == []
    assert answer["button"]["start_parameter"] == "access"
    # Another stranger: the first gets no second answer for minutes (the flood limit).
    answer = await inline(telegram, shared_bot.stranger(), "1500 ivan@example.com Консультация")
    assert answer["results"] == []


@on_shared_bot
async def test_quick_creation_makes_one_invoice_when_create_is_pressed_twice(
    shared_bot: SharedBot,
) -> None:
    telegram, paykeeper = shared_bot.telegram, shared_bot.paykeeper
    manager = shared_bot.manager()
    query = "1500 ivan@example.com Консультация"
    answer = await inline(telegram, manager, query)
    [create] = [r for r in answer["results"] if r["id"].startswith("new:")]
    assert create["title"] == "Создать счёт на 1\xa0500,00\xa0₽"

    after = len(telegram.calls)
    posted = f"posted-{manager.id}"
    telegram.chosen_inline_result(manager, create["id"], query, posted)
    message = telegram.inline_messages[posted]
    [button] = message.buttons
    paykeeper.latency = 0.3  # both taps arrive while PayKeeper is still working on the first
    telegram.press(manager, posted, button["callback_data"])
    telegram.press(manager, posted, button["callback_data"])

    def both_answered(_: Call) -> bool:
        return len([c for c in telegram.calls[after:] if _is_answer(c)]) >= 2

    await telegram.wait_for("answerCallbackQuery", both_answered, after=after)
    await telegram.wait_for("editMessageText", text_has("Счёт на оплату"), after=after)
    preview = "/change/invoice/preview/"
    assert len(requests_of(paykeeper, shared_bot.database, manager, preview)) == 1
    [row] = rows_of(shared_bot.database, manager)
    assert row["status"] == "created"
    assert message.buttons == [{"text": "Оплатить 1\xa0500,00\xa0₽", "url": row["invoice_url"]}]
    texts = [c.params.get("text") for c in telegram.calls[after:] if _is_answer(c)]
    assert "Счёт уже создан." in texts


def _is_answer(call: Call) -> bool:
    return call.method == "answerCallbackQuery"
