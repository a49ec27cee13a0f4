"""Webhook mode: the real bot process serves Telegram's updates on its HTTP server.

The Bot API stand-in records setWebhook and posts each update to the bot (through
``webhook_target``, as the reverse proxy in front of the bot would), with the secret token,
until the bot takes it, as Telegram does; it refuses getUpdates while a webhook is set."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.e2e.test_issue_invoice import MANAGER, invoice_rows, press, say, text_has
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import FakeTelegram
from tests.support.bot_process import CEILING, PK_PASSWORD, BotProcess, bot_env, free_port

pytestmark = pytest.mark.slow  # real bot processes: `pytest -m 'not slow'` skips them

PUBLIC = "https://bot.example.test"
HOOK = f"{PUBLIC}/telegram/webhook"
SECRET = "Hook_s3cret-value"


async def start_webhook_bot(
    tmp_path: Path, telegram: FakeTelegram, paykeeper: FakePayKeeper, **extra: str
) -> BotProcess:
    """Start ``python -m bot`` in webhook mode and wait until it has set its webhook."""
    port = free_port()
    env = bot_env(
        telegram,
        paykeeper,
        tmp_path,
        WEB_PORT=str(port),
        PAYKEEPER_SECRET="word-S3cret",
        WEBHOOK_URL=PUBLIC,
        **extra,
    )
    telegram.webhook_target = f"http://127.0.0.1:{port}"
    after = len(telegram.calls)
    bot = BotProcess(env, tmp_path)
    await bot.launch()
    try:
        await telegram.wait_for("setWebhook", after=after, timeout=CEILING)
    except TimeoutError:
        await bot.stop()
        raise AssertionError(f"the bot did not set its webhook:\n{bot.log()}") from None
    return bot


async def test_the_whole_invoice_flow_works_through_the_webhook(
    tmp_path: Path, telegram: FakeTelegram, paykeeper: FakePayKeeper
) -> None:
    bot = await start_webhook_bot(tmp_path, telegram, paykeeper)
    try:
        [call] = [c for c in telegram.calls if c.method == "setWebhook"]
        assert call.params["url"] == HOOK
        assert len(call.params["secret_token"]) >= 32  # generated: WEBHOOK_SECRET is unset
        assert {"message", "callback_query", "inline_query"} <= set(call.params["allowed_updates"])
        assert not call.params.get("drop_pending_updates")
        polls = len(telegram.polls)

        await say(telegram, MANAGER, "/invoice", "Сумма счёта")
        await say(telegram, MANAGER, "1 500,50", "E-mail")
        await say(telegram, MANAGER, "-", "Телефон")
        await say(telegram, MANAGER, "+7 910 123 45 67", "До какого дня")
        await say(telegram, MANAGER, "+3", "Название услуги")
        await say(telegram, MANAGER, "Аудит & консалтинг", "Проверьте счёт")
        after = len(telegram.calls)
        message_id = await press(telegram, MANAGER, "Проверьте счёт", "Получить ссылку")
        await telegram.wait_for("editMessageText", text_has("Счёт создан"), after=after)

        [invoice_id] = paykeeper.invoices
        assert f"{paykeeper.url}/bill/{invoice_id}/" in (
            telegram.message(MANAGER.id, message_id).text or ""
        )
        [row] = invoice_rows(tmp_path / "db" / "invoices.db")
        assert (row["status"], row["paykeeper_id"], row["amount"]) == (
            "created",
            invoice_id,
            "1500.50",
        )
        assert len(telegram.polls) == polls  # every update came by the webhook
        assert all(d.status == 200 for d in telegram.deliveries)
        assert len(telegram.deliveries) == 7
    finally:
        assert await bot.stop() == 0
    # The webhook stays set while the bot is down: Telegram keeps the updates for it.
    assert telegram.webhook is not None
    assert not [c for c in telegram.calls if c.method == "deleteWebhook"]
    log = bot.log()
    assert "webhook set: Telegram posts updates to " + HOOK in log
    assert call.params["secret_token"] not in log
    assert telegram.token.split(":")[1] not in log
    assert PK_PASSWORD not in log


async def test_a_request_without_the_secret_token_is_refused(
    tmp_path: Path, telegram: FakeTelegram, paykeeper: FakePayKeeper
) -> None:
    bot = await start_webhook_bot(tmp_path, telegram, paykeeper, WEBHOOK_SECRET=SECRET)
    try:
        assert telegram.webhook is not None
        assert telegram.webhook.secret_token == SECRET
        forged = {
            "update_id": 9001,
            "message": {
                "message_id": 1,
                "date": 1767225600,
                "chat": {"id": MANAGER.id, "type": "private", "first_name": "Иван"},
                "from": MANAGER.to_dict(),
                "text": "/start",
            },
        }
        assert await telegram.post_update(forged, secret_token=None) == 401
        assert await telegram.post_update(forged, secret_token="Hook_s3cret-valuE") == 401
        await bot.wait_log("webhook request refused (a wrong secret token)")
        assert "webhook request refused (no secret token)" in bot.log()
        assert telegram.sent_to(MANAGER.id) == []  # neither was handled

        after = len(telegram.calls)
        assert await telegram.post_update(forged, secret_token=SECRET) == 200
        await telegram.wait_for("sendMessage", text_has("/invoice"), after=after)
    finally:
        assert await bot.stop() == 0
    assert SECRET not in bot.log()
    assert "Hook_s3cret-valuE" not in bot.log()


async def test_shutdown_finishes_an_update_the_webhook_already_answered(
    tmp_path: Path, telegram: FakeTelegram, paykeeper: FakePayKeeper
) -> None:
    bot = await start_webhook_bot(tmp_path, telegram, paykeeper)
    await say(telegram, MANAGER, "/invoice 700 Срочный заказ", "Проверьте")
    paykeeper.latency = 1.5
    after = len(telegram.calls)
    await press(telegram, MANAGER, "Проверьте счёт", "Получить ссылку")
    async with asyncio.timeout(CEILING):  # the stand-in records a request as it arrives
        while not any(r.path == "/change/invoice/preview/" for r in paykeeper.requests):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    # Telegram has its 200 already; the update is still being handled.
    assert await bot.stop() == 0

    [row] = invoice_rows(tmp_path / "db" / "invoices.db")
    assert row["status"] == "created"
    assert row["paykeeper_id"] in paykeeper.invoices
    await telegram.wait_for("editMessageText", text_has("Счёт создан"), after=after, timeout=1)


async def test_updates_wait_for_a_restart_and_polling_again_deletes_the_webhook(
    tmp_path: Path, telegram: FakeTelegram, paykeeper: FakePayKeeper
) -> None:
    bot = await start_webhook_bot(tmp_path, telegram, paykeeper)
    assert await bot.stop() == 0

    # Sent while the bot is down: Telegram keeps trying the webhook.
    after = len(telegram.calls)
    telegram.send_message(MANAGER, "/start")
    bot = await start_webhook_bot(tmp_path, telegram, paykeeper)
    try:
        await telegram.wait_for("sendMessage", text_has("/invoice"), after=after)
    finally:
        assert await bot.stop() == 0

    # Back to long polling: the webhook goes, what waited for it is not lost.
    after = len(telegram.calls)
    telegram.send_message(MANAGER, "/help")
    polling = BotProcess(bot_env(telegram, paykeeper, tmp_path), tmp_path)
    await polling.start(telegram)
    try:
        delete = await telegram.wait_for("deleteWebhook", after=after)
        assert not delete.params.get("drop_pending_updates")
        assert telegram.webhook is None
        await telegram.wait_for("sendMessage", text_has("/invoice"), after=after)
    finally:
        assert await polling.stop() == 0
    assert f"webhook {HOOK} deleted: updates come by long polling now" in polling.log()
