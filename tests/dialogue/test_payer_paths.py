"""Every way an invoice is made remembers its payer: here a bulk file (the form, the one-line
command, inline creation and the card's "new invoice" are in test_payers.py)."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from tests.dialogue.test_bulk import upload_and_issue
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.bulk_samples import HEADER_RU, last_day, to_csv
from tests.support.chat import MANAGER, Chat


async def test_a_bulk_file_fills_the_book_merging_with_earlier_payers(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    [summary] = await chat.say(MANAGER, "/invoice 700 IVAN@alpha.ru")
    await chat.press_text(MANAGER, summary, "Получить ссылку")
    day = f"{last_day():%d.%m.%Y}"
    rows = [
        ["ЗК-1", "1500", "ivan@alpha.ru", "+7 910 123-45-67", day, "Аудит", "ООО Альфа"],
        ["ЗК-2", "2500", "", "+7 999 000-11-22", day, "Аудит", "Бета"],
    ]
    await upload_and_issue(chat, to_csv(HEADER_RU, rows))

    with closing(sqlite3.connect(chat.services.settings.database_path)) as db:
        payers = db.execute("SELECT email, phone, client_name FROM payers").fetchall()
        unlinked = db.execute("SELECT count(*) FROM invoices WHERE payer_id IS NULL").fetchone()
    assert sorted(payers, key=str) == sorted(
        [
            ("IVAN@alpha.ru", "+79101234567", "ООО Альфа"),  # the one-line command's, merged
            (None, "+79990001122", "Бета"),
        ],
        key=str,
    )
    assert unlinked == (0,)
    [listing] = await chat.say(MANAGER, "/payers")
    # Both, the most recently billed first (the file's rows may be issued in any order).
    assert sorted(b["text"] for b in listing.buttons) == ["Бета", "ООО Альфа"]
