"""Order ids as payers see them (on PayKeeper's page and receipts): random, naming no manager;
a summary's button finds the invoice it made for the manager who issued it only."""

from __future__ import annotations

from tests.dialogue.test_invoice_form import fill_form, previews
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.chat import ENGLISH_MANAGER, MANAGER, Chat


async def test_the_order_id_names_no_manager(chat: Chat, paykeeper: FakePayKeeper) -> None:
    for user in (MANAGER, ENGLISH_MANAGER):
        summary = await fill_form(chat, user)
        await chat.press(user, summary, summary.buttons[1]["callback_data"])
    orders = [preview["orderid"] for preview in previews(paykeeper)]
    assert len(set(orders)) == 2
    for order_id in orders:
        assert str(MANAGER.id) not in order_id
        assert str(ENGLISH_MANAGER.id) not in order_id


async def test_a_summary_button_shows_its_invoice_to_its_manager_only(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    summary = await fill_form(chat)
    link = summary.buttons[1]["callback_data"]
    await chat.press(MANAGER, summary, link)
    [order_id] = [preview["orderid"] for preview in previews(paykeeper)]

    # The same button's data sent by another manager (a client may send any callback data).
    await chat.feed(chat.telegram.press(ENGLISH_MANAGER, summary, link, strict=False))
    [*_, answer] = chat.answers()
    assert answer.get("show_alert") is True
    assert order_id not in str(answer)

    # Its own manager pressing again (a second tap): told the invoice was made, not refused.
    await chat.feed(chat.telegram.press(MANAGER, summary, link, strict=False))
    [*_, answer] = chat.answers()
    assert not answer.get("show_alert")
    assert len(previews(paykeeper)) == 1  # and never a second invoice
