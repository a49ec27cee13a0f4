"""No filter or handler of the bot's runs in a worker thread.

aiogram awaits a ``Filter`` and a coroutine function in place, and runs any other callable (a
magic filter ``F.text``, a bare form state) through ``asyncio.to_thread``: a thread round trip
per check, on every update that passes the handler (bot/filters.py)."""

from __future__ import annotations

from collections.abc import Iterator

from aiogram import Dispatcher, F, Router
from aiogram.dispatcher.event.handler import HandlerObject

from bot.filters import Magic
from bot.form_summary import InvoiceForm
from handlers import get_routers


def _threaded(router: Router) -> Iterator[str]:
    for kind, observer in router.observers.items():
        # The observer's own handler only carries the router's filters (router.message.filter).
        handlers: list[HandlerObject] = [observer._handler, *observer.handlers]
        for handler in handlers:
            name = getattr(handler.callback, "__name__", repr(handler.callback))
            if handler is not observer._handler and not handler.awaitable:
                yield f"{router.name}.{kind}: handler {name}"
            for check in handler.filters or []:
                if not check.awaitable:
                    yield f"{router.name}.{kind}: {name}'s filter {check.callback!r}"


def _all(routers: list[Router]) -> list[str]:
    dispatcher = Dispatcher()
    dispatcher.include_routers(*routers)
    return [found for router in dispatcher.chain_tail for found in _threaded(router)]


def test_every_filter_and_handler_is_awaited_in_place() -> None:
    assert _all(get_routers()) == []


def test_the_check_finds_what_aiogram_would_send_to_a_thread() -> None:
    router = Router(name="probe")

    async def handler() -> None: ...

    def blocking_handler() -> None: ...

    router.inline_query.register(blocking_handler)
    router.message.register(handler, F.text)
    router.callback_query.register(handler, InvoiceForm.summary)
    router.message.filter(F.chat.type == "private")
    router.message.register(handler, Magic(F.text))  # the way it should be: not reported
    found = _all([router])
    assert len(found) == 4
    assert any("handler blocking_handler" in line for line in found)
    assert any("callback_query" in line and "InvoiceForm:summary" in line for line in found)


async def test_magic_resolves_as_aiogram_would() -> None:
    from aiogram.types import Chat, Message

    message = Message.model_validate(
        {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "/start"}
    )
    assert await Magic(F.text)(message) == "/start"
    assert await Magic(~F.text.startswith("/"))(message) is False
    assert await Magic(F.chat.type == "private")(message) is True
    assert not await Magic(F.document)(message)
    assert isinstance(message.chat, Chat)
