"""The outbox: what must reach a manager even when Telegram does not take it now.

Messages are queued in SQLite under a key naming the occasion (see storage.notices), then sent
one at a time by a background worker: a payment notification is answered without waiting for
Telegram, flood control is waited out, a manager who blocked the bot costs one failed message
and nothing more, and whatever is still queued at shutdown goes out after the restart. Alerts
and the result of an invoice whose message could not be delivered both come through here."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    RestartingTelegram,
    TelegramAPIError,
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import InlineKeyboardMarkup

from bot.services.background import wait_or_stop
from bot.views.content import Content
from storage.notices import Notice, NoticeRepository

log = logging.getLogger(__name__)

# Telegram could not take the message now; it stays queued and is tried again later.
_TRANSIENT = (
    TelegramNetworkError,
    TelegramServerError,
    RestartingTelegram,
    TelegramUnauthorizedError,  # a revoked token is an operator's problem, not the message's
    TelegramConflictError,
    ClientDecodeError,
)


class Outbox:
    def __init__(
        self,
        notices: NoticeRepository,
        bot: Bot,
        stopping: asyncio.Event,
        *,
        may_receive: Callable[[int], bool] = lambda _: True,
        spacing: float = 0.05,  # ~20 messages/s, under Telegram's 30/s per bot
        retry_delay: float = 30.0,
    ) -> None:
        self.notices = notices
        self.bot = bot
        self.stopping = stopping
        self.may_receive = may_receive
        self.spacing = spacing
        self.retry_delay = retry_delay
        self._wake = asyncio.Event()

    async def put(
        self,
        key: str,
        chat_id: int,
        message: Content,
        *,
        invoice_id: int | None = None,
        inline_message_id: str | None = None,
    ) -> bool:
        """Queue a message once per ``key``; False if it was queued before or not allowed.
        With ``inline_message_id`` it edits that message (posted through inline mode) instead;
        ``chat_id`` is then the member on whose behalf, whose access still counts."""
        if not self.may_receive(chat_id):
            # Someone no longer on ADMIN_IDS/MANAGER_IDS must not learn about payments.
            log.info("notice %s not queued: user %s has no access any more", key, chat_id)
            return False
        text, keyboard = message
        markup = keyboard.model_dump_json(exclude_none=True) if keyboard else None
        added = await self.notices.add(
            key, chat_id, text, markup, invoice_id=invoice_id, inline_message_id=inline_message_id
        )
        if added:
            self._wake.set()
        return added

    async def run(self) -> None:
        """The worker: sends whatever is queued, then waits for more, until shutdown."""
        while True:
            self._wake.clear()
            try:
                delivered = await self.deliver_pending()
            except Exception:
                # The database hiccuped: keep the worker alive and try again later.
                log.exception("delivering notices failed")
                delivered = False
            if self.stopping.is_set():
                return  # the pass above was the final flush
            await self._wait_for_work(None if delivered else self.retry_delay)

    async def deliver_pending(self) -> bool:
        """Send everything queued, oldest first. False if Telegram is unreachable for now
        (or shutdown cut a flood-control wait short): the rest stays queued."""
        while batch := await self.notices.pending(limit=50):
            for notice in batch:
                if not await self._deliver(notice):
                    return False
        return True

    async def _deliver(self, notice: Notice) -> bool:
        markup = (
            InlineKeyboardMarkup.model_validate_json(notice.keyboard) if notice.keyboard else None
        )
        while True:
            try:
                if notice.inline_message_id is None:
                    await self.bot.send_message(notice.chat_id, notice.text, reply_markup=markup)
                else:  # no markup: the message's buttons go
                    await self.bot.edit_message_text(
                        text=notice.text,
                        inline_message_id=notice.inline_message_id,
                        reply_markup=markup,
                    )
            except TelegramRetryAfter as error:
                log.warning(
                    "flood control: waiting %ss before notice %s", error.retry_after, notice.key
                )
                if await wait_or_stop(self.stopping, error.retry_after):
                    return False
                continue
            except _TRANSIENT as error:
                log.warning("notice %s stays queued: %s", notice.key, type(error).__name__)
                return False
            except TelegramAPIError as error:
                if notice.inline_message_id is not None:
                    # Deleted, too old to edit, or already showing it: nobody is missing it.
                    log.info("inline edit %s dropped: %s", notice.key, error.message)
                    await self.notices.mark_undeliverable(notice.id, error.message)
                    return True
                # Blocked by the user, chat not found, bad markup: retrying cannot help.
                log.warning(
                    "notice %s to %s undeliverable: %s", notice.key, notice.chat_id, error.message
                )
                await self.notices.mark_undeliverable(notice.id, error.message)
                return True
            except Exception as error:
                log.exception("notice %s failed", notice.key)
                await self.notices.mark_undeliverable(notice.id, type(error).__name__)
                return True
            await self.notices.mark_sent(notice.id)
            if self.spacing:
                await asyncio.sleep(self.spacing)
            return True

    async def _wait_for_work(self, seconds: float | None) -> None:
        wake = asyncio.ensure_future(self._wake.wait())
        stop = asyncio.ensure_future(self.stopping.wait())
        try:
            await asyncio.wait((wake, stop), timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            wake.cancel()
            stop.cancel()
