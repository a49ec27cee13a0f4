"""/bulk and uploaded files: check the file, show what is in it, issue it on the manager's word.

Registered after the invoice form and before the fallback, which would otherwise answer every
document with "I did not understand".
"""

from __future__ import annotations

import contextlib
import io
import logging

import aiohttp
from aiogram import Bot, Router
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Document, InlineKeyboardMarkup, Message

from bot.filters import DOCUMENT
from bot.keyboards.bulk import (
    BulkAction,
    BulkCallback,
    BulkColumnCallback,
    BulkReadCallback,
    choice_keyboard,
)
from bot.services.access import Role
from bot.services.approvals import Approvals
from bot.services.bulk import BulkFileError, BulkService, Prepared
from bot.services.team import Team
from bot.settings import Settings
from bot.telegram.holds import Holds, file_locked
from bot.telegram.users import manager_of
from bot.texts import Texts
from bot.views.bulk.files import problems_file
from bot.views.bulk.messages import file_error_text, format_size
from bot.views.bulk.summary import summary_text
from storage import Delivery

log = logging.getLogger(__name__)


def create_router() -> Router:
    router = Router(name="bulk")
    router.message.register(show_help, Command("bulk"))
    router.message.register(upload, DOCUMENT)
    router.callback_query.register(choose, BulkCallback.filter())
    router.callback_query.register(choose_column, BulkColumnCallback.filter())
    router.callback_query.register(choose_reading, BulkReadCallback.filter())
    return router


async def show_help(message: Message, texts: Texts, settings: Settings) -> None:
    await message.answer(
        texts(
            "bulk.help",
            max_rows=settings.bulk_max_rows,
            max_size=format_size(settings.bulk_max_bytes, texts.lang),
        )
    )


async def upload(
    message: Message, bot: Bot, texts: Texts, settings: Settings, bulk: BulkService
) -> None:
    document = message.document
    if document is None or message.from_user is None:
        return
    name = document.file_name or "file.csv"
    with contextlib.suppress(TelegramAPIError):  # cosmetic: a big file takes a second
        await bot.send_chat_action(message.chat.id, ChatAction.TYPING)
    try:
        content = await _download(bot, document, settings)
        prepared = await bulk.prepare(
            content,
            name,
            manager=manager_of(message.from_user),
            chat_id=message.chat.id,
            lang=texts.lang,
        )
    except BulkFileError as error:
        await message.answer(file_error_text(error, name, texts))
        return
    await message.answer(
        summary_text(prepared.summary, texts), reply_markup=_keyboard(prepared, texts)
    )
    await _send_problems_file(message, prepared, texts)
    await bulk.close_if_nothing_to_issue(prepared)


def _keyboard(prepared: Prepared, texts: Texts) -> InlineKeyboardMarkup | None:
    summary = prepared.summary
    return choice_keyboard(
        texts,
        run_id=prepared.run.id,
        can_email=summary.emails > 0,
        ready=prepared.ready > 0,
        columns=summary.columns,
        header=summary.header,
        facts=summary.reading,
    )


async def _send_problems_file(message: Message, prepared: Prepared, texts: Texts) -> None:
    problems = problems_file(prepared, texts)
    if problems is not None:
        await message.answer_document(
            BufferedInputFile(*problems),
            caption=texts("bulk.problems.caption", count=len(prepared.summary.problems)),
        )


async def _download(bot: Bot, document: Document, settings: Settings) -> bytes:
    size = document.file_size
    if size is not None and size > settings.bulk_max_bytes:
        # Refused before downloading: no point fetching what will not be read.
        raise BulkFileError("bulk.file.too_big", size=size, maximum=settings.bulk_max_bytes)
    try:
        downloaded = await bot.download(document.file_id)
    except (TelegramAPIError, aiohttp.ClientError, OSError) as error:
        log.warning("bulk: download failed: %s", error)
        raise BulkFileError("bulk.file.download_failed") from error
    if not isinstance(downloaded, io.BytesIO):
        raise BulkFileError("bulk.file.download_failed")
    return downloaded.getvalue()


async def choose(
    query: CallbackQuery,
    callback_data: BulkCallback,
    texts: Texts,
    bulk: BulkService,
    role: Role,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    bot: Bot,
) -> None:
    """Start the file (or hold it for an admin's approval when a row needs one), or cancel it."""
    if callback_data.action in (BulkAction.EMAIL, BulkAction.LINK):
        delivery = Delivery.EMAIL if callback_data.action == BulkAction.EMAIL else Delivery.LINK
        holds = Holds(role, approvals, team, settings, bot, texts)
        if await holds.file(query, callback_data.run, delivery):
            return
    user = query.from_user
    if await bulk.is_others(callback_data.run, user.id):
        await query.answer(texts("bulk.not_yours"), show_alert=True)
        return
    if callback_data.action == BulkAction.CANCEL:
        cancelled = await bulk.cancel(callback_data.run, user.id)
        if cancelled is None:
            await query.answer(texts("bulk.stale"), show_alert=True)
            return
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_reply_markup(reply_markup=None)
            await query.message.answer(texts("bulk.cancelled", file=cancelled.file_name))
        return
    delivery = Delivery.EMAIL if callback_data.action == BulkAction.EMAIL else Delivery.LINK
    run = await bulk.start(callback_data.run, user.id, delivery)
    if run is None:
        await query.answer(texts("bulk.stale"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    bulk.launch(run)


async def choose_column(
    query: CallbackQuery,
    callback_data: BulkColumnCallback,
    texts: Texts,
    bulk: BulkService,
    approvals: Approvals,
) -> None:
    """Another column for a field (or none): the file is read again, and the summary and its
    buttons are replaced by the new reading. Not while the file waits for an approval."""
    key = callback_data.field.value
    await _read_again(query, callback_data.run, key, callback_data.column, texts, bulk, approvals)


async def choose_reading(
    query: CallbackQuery,
    callback_data: BulkReadCallback,
    texts: Texts,
    bulk: BulkService,
    approvals: Approvals,
) -> None:
    """Another sheet, or rows paid or cancelled included (or not): read again, as above."""
    await _read_again(
        query, callback_data.run, callback_data.key, callback_data.index, texts, bulk, approvals
    )


async def _read_again(
    query: CallbackQuery,
    run_id: int,
    key: str,
    index: int,
    texts: Texts,
    bulk: BulkService,
    approvals: Approvals,
) -> None:
    if await file_locked(query, run_id, approvals, texts):
        return
    user = query.from_user
    if await bulk.is_others(run_id, user.id):
        await query.answer(texts("bulk.not_yours"), show_alert=True)
        return
    try:
        prepared = await bulk.choose(run_id, manager_of(user), key, index, texts.lang)
    except BulkFileError as error:  # the same file read before: only a bug gets here
        log.warning("bulk: run %s cannot be read again: %s", run_id, error.key)
        prepared = None
    if prepared is None:
        await query.answer(texts("bulk.stale"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            summary_text(prepared.summary, texts), reply_markup=_keyboard(prepared, texts)
        )
        await _send_problems_file(query.message, prepared, texts)
