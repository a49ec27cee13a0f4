"""No update ends silently: an unexpected failure is logged once and apologised for, and every
button press is answered, however old, unknown or foreign the button."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing

import pytest

from bot.keyboards.form import FormCallback
from tests.dialogue.test_invoice_form import fill_form
from tests.support.chat import ENGLISH_MANAGER, MANAGER, Chat


def break_invoice_log(chat: Chat) -> None:
    """What a disk or schema fault looks like to the bot: its table is suddenly gone."""
    with closing(sqlite3.connect(chat.services.settings.database_path)) as db:
        db.execute("ALTER TABLE invoices RENAME TO invoices_elsewhere")
        db.commit()


async def test_an_unexpected_error_is_logged_once_and_the_manager_gets_an_apology(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    await chat.say(MANAGER, "/start")
    break_invoice_log(chat)
    caplog.set_level(logging.INFO)
    update = chat.telegram.send_message(MANAGER, "/invoices")

    [reply] = await chat._reply_to(MANAGER, update)

    assert "Что-то пошло не так" in (reply.text or "")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert str(update["update_id"]) in errors[0].getMessage()
    assert errors[0].exc_info is not None


async def test_a_button_that_fails_unexpectedly_is_answered_in_english_for_english_users(
    chat: Chat,
) -> None:
    summary = await fill_form(chat, ENGLISH_MANAGER)
    break_invoice_log(chat)
    await chat.press_text(ENGLISH_MANAGER, summary, "Get the link")
    [answer] = [a for a in chat.answers() if a.get("show_alert")]
    assert "Something went wrong" in answer["text"]


@pytest.mark.parametrize(
    "data",
    [
        "zzz",  # no handler knows it
        "inv:x:1",  # an invoice action that does not parse
        FormCallback(action="field", value="nonsense", nonce="00").pack(),
        FormCallback(action="nonsense").pack(),
    ],
)
async def test_unknown_or_tampered_buttons_are_answered(chat: Chat, data: str) -> None:
    summary = await fill_form(chat)
    await chat.feed(chat.telegram.press(MANAGER, summary, data, strict=False))
    [answer] = chat.answers()
    assert answer.get("show_alert") is True
    assert answer["text"]


async def test_the_edit_button_with_an_unknown_field_is_answered(chat: Chat) -> None:
    summary = await fill_form(chat)
    nonce = next(
        FormCallback.unpack(b["callback_data"]).nonce
        for b in summary.buttons
        if b["callback_data"].startswith("form:deliver")
    )
    forged = FormCallback(action="field", value="nonsense", nonce=nonce).pack()
    await chat.feed(chat.telegram.press(MANAGER, summary, forged, strict=False))
    [answer] = chat.answers()
    assert answer.get("show_alert") is True
    assert answer["text"] == "Эта кнопка устарела."
