"""Filters that are checked on the event loop.

aiogram runs a filter that is a plain callable in a worker thread (``asyncio.to_thread``), and
a magic filter (``F.text``) or a bare form state (``InvoiceForm.summary``) is one: a thread
round trip for every check of every handler an update passes, 0.1-0.3 ms each, and in a burst
of presses a queue for the default executor's few threads. A ``Filter`` subclass is awaited
in place. So handlers take ``Magic(F...)`` and ``StateFilter(state)``, and
tests/unit/test_architecture.py refuses any filter or handler aiogram would send to a thread."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Filter
from aiogram.types import TelegramObject
from aiogram.utils.magic_filter import MagicFilter


class Magic(Filter):
    """A magic filter, resolved against the event on the loop (as aiogram resolves it)."""

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> Any:
        return self.magic.resolve(event)


TEXT = Magic(F.text)
NO_TEXT = Magic(~F.text)
NOT_COMMAND = Magic(~F.text.startswith("/"))
DOCUMENT = Magic(F.document)
NO_DOCUMENT = Magic(~F.document)
A_REPLY = Magic(F.reply_to_message)
