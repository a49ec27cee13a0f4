"""Bulk runs reported in Telegram: the resume notice, one throttled progress message per run,
how it ended, and the result file; each in the language the run was uploaded in. What the
messages say is bot/views/bulk's; this only sends them."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BufferedInputFile, Message

from bot.services.bulk.tally import Tally
from bot.telegram.bulk_progress import INTERVAL, ProgressReporter, telegram_call
from bot.texts import Texts, texts_for
from bot.views.bulk.files import result_caption, result_file
from bot.views.bulk.messages import final_text, paused_text, progress_text
from storage.bulk import RowResult, RunRecord


class TelegramBulkReports:
    def __init__(self, bot: Bot, *, interval: float = INTERVAL) -> None:
        self.bot = bot
        self.interval = interval  # seconds between edits of a progress message

    async def resumed(self, run: RunRecord) -> None:
        text = texts_for(run.lang)("bulk.resumed", file=run.file_name)
        await telegram_call(lambda: self.bot.send_message(run.chat_id, text), what="resume notice")

    async def progress(self, run: RunRecord, tally: Tally) -> TelegramRunProgress:
        texts = texts_for(run.lang)
        shown = progress_text(tally, run, texts)
        sent = await telegram_call(
            lambda: self.bot.send_message(run.chat_id, shown), what="progress message"
        )
        if not isinstance(sent, Message):
            return TelegramRunProgress(self.bot, run, texts, None)
        reporter = ProgressReporter(
            self.bot,
            run.chat_id,
            sent.message_id,
            lambda tally: progress_text(tally, run, texts),
            interval=self.interval,
        )
        reporter.start(shown)
        return TelegramRunProgress(self.bot, run, texts, reporter)

    async def result(self, run: RunRecord, results: list[RowResult]) -> None:
        texts = texts_for(run.lang)
        data, name = result_file(run, results, texts)
        caption = result_caption(results, run, texts)
        await telegram_call(
            lambda: self.bot.send_document(
                run.chat_id, BufferedInputFile(data, name), caption=caption
            ),
            what="result file",
        )


class TelegramRunProgress:
    """One run's progress message; without one (Telegram refused it) only the crash notice
    still goes out."""

    def __init__(
        self, bot: Bot, run: RunRecord, texts: Texts, reporter: ProgressReporter | None
    ) -> None:
        self.bot = bot
        self.run = run
        self.texts = texts
        self.reporter = reporter

    @property
    def message_id(self) -> int | None:
        return self.reporter.message_id if self.reporter is not None else None

    def changed(self, tally: Tally) -> None:
        if self.reporter is not None:
            self.reporter.changed(tally)

    async def paused(self, tally: Tally) -> None:
        if self.reporter is not None:
            await self.reporter.finish(paused_text(tally, self.run, self.texts))

    async def finished(self, tally: Tally, stop_reason: str | None) -> None:
        if self.reporter is not None:
            await self.reporter.finish(final_text(tally, self.run, stop_reason, self.texts))

    async def crashed(self) -> None:
        if self.reporter is not None:
            await self.reporter.stop()
        text = self.texts("bulk.crashed", file=self.run.file_name)
        await telegram_call(
            lambda: self.bot.send_message(self.run.chat_id, text), what="crash notice"
        )
