"""Payment messages shared through inline mode follow their invoice: paid, expired or
cancelled, each message the bot may edit says so and loses its pay button — once, through the
outbox, and a message Telegram says is gone costs nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.services.issue_outcomes import Manager
from bot.settings import Settings
from storage import InvoiceRecord, InvoiceStatus
from tests.dialogue.test_inline import ask, offer, post, press
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage
from tests.support.chat import MANAGER, Chat
from tests.support.watching import Watched, watching, with_endpoint


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return with_endpoint(settings)


@pytest.fixture
async def watched(chat: Chat) -> AsyncIterator[Watched]:
    async with watching(chat) as watched:
        yield watched


async def shared(watched: Watched, invoice: InvoiceRecord) -> StoredMessage:
    """The manager posts the invoice from the inline list; Telegram reports it (feedback)."""
    answer = await ask(watched.chat, MANAGER, "")
    return await post(watched.chat, MANAGER, answer, f"inv:{invoice.id}")


async def invoices_of(watched: Watched) -> list[InvoiceRecord]:
    return await watched.chat.services.invoices.list_by_status(InvoiceStatus.CREATED)


def edits(watched: Watched) -> int:
    return len(watched.chat.answers("editMessageText"))


async def test_a_shared_and_a_created_message_say_paid_and_lose_the_pay_button(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    invoice = await watched.issued()
    listed = await shared(watched, invoice)
    assert listed.buttons  # the pay button
    _, created, _ = await offer(watched.chat, MANAGER, "2000 Аудит")
    assert await press(watched.chat, MANAGER, created) == "Создаю счёт…"
    assert created.buttons[0]["url"]  # now a payment message with its pay button

    for message in (listed, created):
        remote = next(
            key
            for key, data in paykeeper.invoices.items()
            if data["pay_amount"]
            in (("1500.00", "1500") if message is listed else ("2000.00", "2000"))
        )
        form = paykeeper.mark_paid(remote)
        assert (await watched.notify(form))[0] == 200
        await watched.deliver()
        assert message.text is not None
        assert message.text.endswith("✅ Оплачено")
        assert "Счёт на оплату" in message.text
        assert message.buttons == []

    # PayKeeper repeats its notification: nothing is edited again.
    before = edits(watched)
    assert (await watched.notify(form))[0] == 200
    await watched.deliver()
    assert edits(watched) == before


async def test_an_expired_and_a_cancelled_invoice_say_so(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    lapsing, cancelled = await watched.issued(), await watched.issued(amount="700")
    lapsing_message = await shared(watched, lapsing)
    cancelled_message = await shared(watched, cancelled)

    assert lapsing.paykeeper_id is not None
    paykeeper.expire(lapsing.paykeeper_id)
    await watched.reconcile()
    outcome = await watched.chat.services.actions.cancel(
        await watched.invoice(cancelled.id), actor=Manager(MANAGER.id, MANAGER.first_name)
    )
    assert outcome is not None
    await watched.deliver()

    assert (lapsing_message.text or "").endswith("⌛ Срок оплаты истёк")
    assert lapsing_message.buttons == []
    assert (cancelled_message.text or "").endswith("Отменён")
    assert cancelled_message.buttons == []


async def test_a_message_telegram_says_is_gone_is_dropped_quietly(
    watched: Watched, paykeeper: FakePayKeeper
) -> None:
    invoice = await watched.issued()
    await shared(watched, invoice)
    watched.chat.telegram.fail_next(
        "editMessageText", 400, description="Bad Request: MESSAGE_ID_INVALID"
    )
    assert invoice.paykeeper_id is not None
    assert (await watched.notify(paykeeper.mark_paid(invoice.paykeeper_id)))[0] == 200

    [alert] = await watched.deliver()  # the manager's own alert still arrives
    assert "Счёт оплачен" in (alert.text or "")
    await watched.deliver()  # nothing is left queued to try again
    assert watched.chat.telegram.failed[-1].method.lower() == "editmessagetext"
    assert len(watched.chat.telegram.failed) == 1
