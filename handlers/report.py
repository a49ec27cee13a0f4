"""/report (admins and viewers): an XLSX of a period's money by the date it moved, its totals
and its invoices (this month, last month, or two dates), what an accountant asks for at month
end. The file is built in the background: the user is told it is coming, and a second request
while it is being built is told to wait."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.drafts import today_in_moscow
from bot.formatting import format_date
from bot.keyboards.report import ReportCallback, ReportPeriod, period_keyboard
from bot.services.access import Role, sees_everyone
from bot.services.reports import (
    Period,
    Report,
    ReportOutcome,
    Reports,
    parse_period,
)
from bot.texts import Texts
from bot.views.report import report_caption, report_file


def create_router() -> Router:
    router = Router(name="report")
    router.message.register(ask_report, Command("report"))
    router.callback_query.register(period_chosen, ReportCallback.filter())
    return router


async def ask_report(
    message: Message, command: CommandObject, texts: Texts, role: Role, reports: Reports
) -> None:
    if not sees_everyone(role):
        await message.answer(texts("team.only_admins"))
        return
    if not command.args:
        await message.answer(
            texts("report.ask", days=reports.max_days), reply_markup=period_keyboard(texts)
        )
        return
    period = parse_period(command.args)
    if period is None:
        await message.answer(texts("report.bad_period"))
        return
    user_id = message.from_user.id if message.from_user else message.chat.id
    await _start(message, user_id, period, texts, reports)


async def period_chosen(
    query: CallbackQuery,
    callback_data: ReportCallback,
    texts: Texts,
    role: Role,
    reports: Reports,
) -> None:
    if not sees_everyone(role):
        await query.answer(texts("team.only_admins"), show_alert=True)
        return
    today = today_in_moscow()
    if callback_data.period == ReportPeriod.THIS_MONTH:
        period = Period.this_month(today)
    elif callback_data.period == ReportPeriod.LAST_MONTH:
        period = Period.last_month(today)
    else:
        await query.answer(texts("button.outdated"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await _start(query.message, query.from_user.id, period, texts, reports)


async def _start(
    message: Message, user_id: int, period: Period, texts: Texts, reports: Reports
) -> None:
    outcome = reports.start(user_id, period, _ToChat(message, texts))
    if outcome is ReportOutcome.TOO_LONG:
        await message.answer(texts("report.too_long", asked=period.days, days=reports.max_days))
    elif outcome is ReportOutcome.BUSY:
        await message.answer(texts("report.busy"))
    else:
        await message.answer(
            texts(
                "report.building",
                first=format_date(period.first, texts.lang),
                last=format_date(period.last, texts.lang),
            )
        )


@dataclass(frozen=True, slots=True)
class _ToChat:
    """Sends the finished report to the chat it was asked in."""

    message: Message
    texts: Texts

    def render(self, report: Report) -> tuple[bytes, str, str]:
        data, name = report_file(report, self.texts)
        return data, name, report_caption(report, self.texts)

    async def send(self, result: tuple[bytes, str, str]) -> None:
        data, name, caption = result
        await self.message.answer_document(BufferedInputFile(data, filename=name), caption=caption)

    async def failed(self) -> None:
        await self.message.answer(self.texts("report.failed"))
