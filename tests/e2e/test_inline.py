"""The real bot process in inline mode, through the Bot API stand-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.test_issue_invoice import invoice_rows, press, say, text_has
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import Call, FakeTelegram, User
from tests.support.bot_process import StartBot

MANAGER = User(id=2002, first_name="Иван", language_code="ru")
OTHER_MANAGER = User(id=3003, first_name="John", language_code="en")
STRANGER = User(id=5555, first_name="Пётр", language_code="ru")


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


async def test_an_inline_query_returns_only_the_asking_managers_invoices(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    await start_bot()
    await issue_link(telegram, MANAGER, "1500 Консультация", "Получить ссылку", "Счёт создан")
    await issue_link(telegram, MANAGER, "990 Аудит", "Получить ссылку", "Счёт создан")
    await issue_link(telegram, OTHER_MANAGER, "700 Consulting", "Get the link", "Invoice created")
    rows = invoice_rows(tmp_path / "db" / "invoices.db")
    url = {row["service_name"]: row["invoice_url"] for row in rows}
    assert all(link.startswith(f"{paykeeper.url}/bill/") for link in url.values())
    requests = len(paykeeper.requests)

    mine = await inline(telegram, MANAGER, "")
    assert mine["is_personal"] is True
    assert links(mine) == [url["Аудит"], url["Консультация"]]
    theirs = await inline(telegram, OTHER_MANAGER, "")
    assert links(theirs) == [url["Consulting"]]
    searched = await inline(telegram, MANAGER, "консультация")
    assert links(searched) == [url["Консультация"]]
    assert len(paykeeper.requests) == requests  # answered from SQLite alone


async def test_a_strangers_inline_query_returns_none(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper
) -> None:
    await start_bot()
    await issue_link(telegram, MANAGER, "1500 Консультация", "Получить ссылку", "Счёт создан")
    answer = await inline(telegram, STRANGER, "")
    assert answer["results"] == []
    assert answer["button"]["start_parameter"] == "access"
    answer = await inline(telegram, STRANGER, "1500 ivan@example.com Консультация")
    assert answer["results"] == []


async def test_quick_creation_makes_one_invoice_when_create_is_pressed_twice(
    start_bot: StartBot, telegram: FakeTelegram, paykeeper: FakePayKeeper, tmp_path: Path
) -> None:
    await start_bot()
    query = "1500 ivan@example.com Консультация"
    answer = await inline(telegram, MANAGER, query)
    [create] = [r for r in answer["results"] if r["id"].startswith("new:")]
    assert create["title"] == "Создать счёт на 1\xa0500,00\xa0₽"

    after = len(telegram.calls)
    telegram.chosen_inline_result(MANAGER, create["id"], query, "posted-1")
    message = telegram.inline_messages["posted-1"]
    [button] = message.buttons
    paykeeper.latency = 0.3  # both taps arrive while PayKeeper is still working on the first
    telegram.press(MANAGER, "posted-1", button["callback_data"])
    telegram.press(MANAGER, "posted-1", button["callback_data"])

    def both_answered(_: Call) -> bool:
        return len([c for c in telegram.calls[after:] if _is_answer(c)]) >= 2

    await telegram.wait_for("answerCallbackQuery", both_answered, after=after)
    await telegram.wait_for("editMessageText", text_has("Счёт на оплату"), after=after)
    previews = [r for r in paykeeper.requests if r.path == "/change/invoice/preview/"]
    assert len(previews) == 1
    [row] = invoice_rows(tmp_path / "db" / "invoices.db")
    assert row["status"] == "created"
    assert row["manager_id"] == MANAGER.id
    assert message.buttons == [{"text": "Оплатить 1\xa0500,00\xa0₽", "url": row["invoice_url"]}]
    texts = [c.params.get("text") for c in telegram.calls[after:] if _is_answer(c)]
    assert "Счёт уже создан." in texts


def _is_answer(call: Call) -> bool:
    return call.method == "answerCallbackQuery"
