"""The Bot API stand-in works with aiogram's real client, polling and dialogue feeding."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router, html
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)

from tests.fakes.telegram import FakeTelegram, Upload, User

USER = User(id=1001, first_name="Иван <Admin>", username="ivan")


def keyboard(*data: str) -> InlineKeyboardMarkup:
    buttons = [[InlineKeyboardButton(text=d.upper(), callback_data=d)] for d in data]
    return InlineKeyboardMarkup(inline_keyboard=buttons)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


def make_bot(fake: FakeTelegram, token: str | None = None) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake.url))
    return Bot(
        token or fake.token, session=session, default=DefaultBotProperties(parse_mode="HTML")
    )


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    bot = make_bot(fake)
    yield bot
    await bot.session.close()


def as_update(raw: dict[str, object], bot: Bot) -> Update:
    return Update.model_validate(raw, context={"bot": bot})


async def test_get_me_reports_the_bot(bot: Bot) -> None:
    me = await bot.me()
    assert (me.id, me.username, me.is_bot) == (123456, "invoice_test_bot", True)


async def test_wrong_token_is_unauthorized(fake: FakeTelegram) -> None:
    stranger = make_bot(fake, "42:wrong-token")
    with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
        await stranger.get_me()
    await stranger.session.close()
    async with aiohttp.ClientSession() as http, http.get(f"{fake.url}/botgarbage/getMe") as resp:
        assert resp.status == 401
        assert await resp.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
    assert fake.calls == []


async def test_sent_message_is_recorded_stored_and_echoed(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(
        USER.id, "<b>Счёт</b> &amp; оплата", reply_markup=keyboard("pay:1")
    )

    assert sent.message_id == 1
    assert sent.text == "Счёт & оплата"  # parsed like Telegram: markup gone, entities decoded
    assert sent.from_user is not None
    assert sent.from_user.username == "invoice_test_bot"
    assert sent.reply_markup is not None
    assert sent.reply_markup.model_dump() == keyboard("pay:1").model_dump()
    [call] = fake.sent_to(USER.id)
    assert call.method == "sendMessage"
    assert call.params["chat_id"] == USER.id
    assert call.params["text"] == "<b>Счёт</b> &amp; оплата"
    assert call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "pay:1"
    stored = fake.message(USER.id, sent.message_id)
    assert stored.text == "Счёт & оплата"
    assert [b["callback_data"] for b in stored.buttons] == ["pay:1"]
    assert fake.last_message(USER.id) is stored


async def test_broken_html_is_rejected_like_telegram(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "admin"'):
        await bot.send_message(USER.id, f"Hi, {USER.first_name}")
    sent = await bot.send_message(USER.id, f"Hi, {html.quote(USER.first_name)}")
    assert sent.text == "Hi, Иван <Admin>"
    assert [c.method for c in fake.calls] == ["sendMessage"]
    assert "can't parse entities" in str(fake.failed[0].error)


async def test_invalid_sends_are_rejected_like_telegram(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER.id, "x", reply_markup=keyboard("x" * 65))
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER.id, "")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER.id, "я" * 4097)
    assert fake.calls == []
    assert len(fake.failed) == 3


async def test_long_poll_answers_as_soon_as_an_update_arrives(
    fake: FakeTelegram, bot: Bot
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_polling()
    pushed = fake.send_message(USER, "/start")

    async with asyncio.timeout(5):  # well inside the 30 s poll: answered on arrival
        updates = await poll

    assert [u.update_id for u in updates] == [pushed["update_id"]]
    message = updates[0].message
    assert message is not None
    assert message.text == "/start"
    assert message.entities is not None
    assert message.entities[0].type == "bot_command"


async def test_long_poll_waits_while_there_is_nothing(fake: FakeTelegram, bot: Bot) -> None:
    assert await bot.get_updates(timeout=0) == []
    poll = asyncio.create_task(bot.get_updates(timeout=1))
    await fake.wait_polling()
    await asyncio.sleep(0.3)
    assert not poll.done()
    assert await poll == []
    assert [c.params.get("timeout") for c in fake.polls] == [0, 1]


async def test_offset_confirms_and_drops_older_updates(fake: FakeTelegram, bot: Bot) -> None:
    first = fake.send_message(USER, "one")["update_id"]
    second = fake.send_message(USER, "two")["update_id"]

    assert [u.update_id for u in await bot.get_updates()] == [first, second]
    assert [u.update_id for u in await bot.get_updates()] == [first, second]  # unconfirmed
    assert [u.update_id for u in await bot.get_updates(offset=first + 1)] == [second]
    assert [u.update_id for u in await bot.get_updates()] == [second]  # first is gone
    assert await bot.get_updates(offset=second + 1, timeout=0) == []
    assert fake.updates == []


async def test_allowed_updates_filters_like_telegram(fake: FakeTelegram, bot: Bot) -> None:
    fake.inline_query(USER, "inv")
    message = fake.send_message(USER, "hello")

    updates = await bot.get_updates(allowed_updates=["message"])

    assert [u.update_id for u in updates] == [message["update_id"]]
    assert [list(u)[1] for u in fake.dropped] == ["inline_query"]


async def test_second_poller_terminates_the_first(fake: FakeTelegram, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_polling()
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await first


async def test_stop_ends_a_pending_long_poll(fake: FakeTelegram, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_polling()
    async with asyncio.timeout(5):
        await fake.stop()
        assert await poll == []


async def test_polling_dispatcher_answers_a_pushed_message(fake: FakeTelegram, bot: Bot) -> None:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        assert message.from_user is not None
        await message.answer(f"Здравствуйте, {html.quote(message.from_user.first_name)}!")

    dp = Dispatcher()
    dp.include_router(router)
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False))
    try:
        await fake.wait_polling()
        after = len(fake.calls)
        fake.send_message(USER, "/start")
        reply = await fake.wait_for("sendMessage", after=after)
    finally:
        await dp.stop_polling()
        await polling

    assert reply.params["chat_id"] == USER.id
    assert fake.last_message(USER.id).text == "Здравствуйте, Иван <Admin>!"
    assert fake.polls[0].params["allowed_updates"] == ["message"]


async def test_button_press_is_fed_to_a_dispatcher(fake: FakeTelegram, bot: Bot) -> None:
    router = Router()

    @router.callback_query(F.data == "pay:1")
    async def pay(callback: CallbackQuery) -> None:
        assert isinstance(callback.message, Message)
        await callback.message.edit_text("Оплачено")
        await callback.answer("Готово")

    dp = Dispatcher()
    dp.include_router(router)
    sent = await bot.send_message(USER.id, "Счёт №1", reply_markup=keyboard("pay:1", "cancel"))

    pressed = fake.press(USER, sent.message_id, "pay:1")
    await dp.feed_update(bot, as_update(pressed, bot))

    assert pressed["callback_query"]["message"]["text"] == "Счёт №1"
    stored = fake.message(USER.id, sent.message_id)
    assert (stored.text, stored.reply_markup, stored.edit_date is not None) == (
        "Оплачено",
        None,
        True,
    )
    answer = await fake.wait_for("answerCallbackQuery")
    assert answer.params["callback_query_id"] == pressed["callback_query"]["id"]
    assert answer.params["text"] == "Готово"
    with pytest.raises(ValueError, match="no button"):
        fake.press(USER, sent.message_id, "pay:1")  # the keyboard is gone after the edit
    assert "callback_query" in fake.press(USER, sent.message_id, "forged", strict=False)


async def test_edits_follow_telegram_rules(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(USER.id, "Счёт", reply_markup=keyboard("a"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Счёт", chat_id=USER.id, message_id=sent.message_id, reply_markup=keyboard("a")
        )
    edited = await bot.edit_message_reply_markup(
        chat_id=USER.id, message_id=sent.message_id, reply_markup=keyboard("b")
    )
    assert isinstance(edited, Message)
    assert edited.text == "Счёт"
    assert fake.message(USER.id, sent.message_id).buttons[0]["callback_data"] == "b"
    assert await bot.delete_message(USER.id, sent.message_id) is True
    assert fake.chat_messages(USER.id) == []
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER.id, message_id=sent.message_id)


async def test_inline_query_chosen_result_and_inline_edit(fake: FakeTelegram, bot: Bot) -> None:
    query = InlineQuery.model_validate(fake.inline_query(USER, "42")["inline_query"])
    article = InlineQueryResultArticle(
        id="inv-42",
        title="Счёт 42",
        input_message_content=InputTextMessageContent(message_text="<b>Счёт 42</b>"),
        reply_markup=keyboard("status:42"),
    )
    assert await bot.answer_inline_query(query.id, [article], is_personal=True, cache_time=1)

    fake.chosen_inline_result(USER, "inv-42", "42", inline_message_id="AAA-inline")
    assert fake.inline_messages["AAA-inline"].text == "Счёт 42"
    pressed = fake.press(USER, "AAA-inline", "status:42")
    assert pressed["callback_query"]["inline_message_id"] == "AAA-inline"

    assert await bot.edit_message_text("Оплачен", inline_message_id="AAA-inline") is True
    assert fake.inline_messages["AAA-inline"].text == "Оплачен"
    answered = await fake.wait_for("answerInlineQuery")
    assert answered.params["results"][0]["id"] == "inv-42"
    assert answered.params["is_personal"] is True


async def test_uploaded_document_downloads_with_the_same_bytes(
    fake: FakeTelegram, bot: Bot
) -> None:
    content = bytes(range(256)) * 1000  # binary, several download chunks
    raw = fake.send_document(USER, "реестр.xlsx", content, "application/vnd.ms-excel", "Пачка")
    message = as_update(raw, bot).message
    assert message is not None
    assert message.document is not None
    assert (message.document.file_name, message.caption) == ("реестр.xlsx", "Пачка")

    downloaded = await bot.download(message.document)

    assert downloaded is not None
    assert downloaded.read() == content
    assert (await fake.wait_for("getFile")).params["file_id"] == message.document.file_id


async def test_bot_sent_document_keeps_filename_and_bytes(fake: FakeTelegram, bot: Bot) -> None:
    pdf = b"%PDF-1.4 \x00\xff invoice"
    sent = await bot.send_document(
        USER.id, BufferedInputFile(pdf, filename="invoice-1.pdf"), caption="Счёт <b>№1</b>"
    )

    upload = fake.calls[-1].params["document"]
    assert upload == Upload("invoice-1.pdf", pdf, "application/pdf")
    assert fake.calls[-1].params["caption"] == "Счёт <b>№1</b>"
    assert sent.document is not None
    assert (sent.document.file_name, sent.caption) == ("invoice-1.pdf", "Счёт №1")
    again = await bot.send_document(USER.id, sent.document.file_id)  # resend by file_id
    assert again.document is not None
    assert again.document.file_id == sent.document.file_id
    downloaded = await bot.download(sent.document.file_id)
    assert downloaded is not None
    assert downloaded.read() == pdf
    assert [c.method for c in fake.sent_to(USER.id)] == ["sendDocument", "sendDocument"]


async def test_injected_flood_control_raises_retry_after(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail_next("sendMessage", retry_after=3)

    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER.id, "first")
    await bot.send_message(USER.id, "second")

    assert caught.value.retry_after == 3
    assert "Too Many Requests: retry after 3" in caught.value.message
    assert [c.params["text"] for c in fake.calls] == ["second"]
    assert [(c.params["text"], c.error) for c in fake.failed] == [
        ("first", "Too Many Requests: retry after 3")
    ]


async def test_json_and_urlencoded_bodies_are_decoded(fake: FakeTelegram) -> None:
    api = f"{fake.url}/bot{fake.token}"
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{api}/sendMessage", json={"chat_id": 7, "text": "123"}) as resp:
            assert (await resp.json())["result"]["text"] == "123"
        form = {"chat_id": "7", "text": "true", "reply_markup": '{"inline_keyboard": []}'}
        async with http.post(f"{api}/sendMessage", data=form) as resp:
            assert resp.status == 200
        async with http.get(f"{api}/setMyCommands?commands=[]") as resp:
            assert await resp.json() == {"ok": True, "result": True}

    assert [c.params for c in fake.calls] == [
        {"chat_id": 7, "text": "123"},
        {"chat_id": 7, "text": "true", "reply_markup": {"inline_keyboard": []}},
        {"commands": []},
    ]
