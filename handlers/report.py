"""/report (admins and viewers): an XLSX of every invoice of a period (this month, last month,
or two dates) with totals by manager and by service, what an accountant asks for at month end."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.drafts import today_in_moscow
from bot.keyboards.report import ReportCallback, ReportPeriod, period_keyboard
from bot.services.access import Role, sees_everyone
from bot.services.reports import Period, build_report, parse_period
from bot.texts import Texts
from bot.views.report import report_caption, report_file
from storage import InvoiceRepository


def create_router() -> Router:
    router = Router(name="report")
    router.message.register(ask_report, Command("report"))
    router.callback_query.register(period_chosen, ReportCallback.filter())
    return router


async def ask_report(
    message: Message,
    command: CommandObject,
    texts: Texts,
    role: Role,
    invoices: InvoiceRepository,
) -> None:
    if not sees_everyone(role):
        await message.answer(texts("team.only_admins"))
        return
    if not command.args:
        await message.answer(texts("report.ask"), reply_markup=period_keyboard(texts))
        return
    period = parse_period(command.args)
    if period is None:
        await message.answer(texts("report.bad_period"))
        return
    await _send(message, period, texts, invoices)


async def period_chosen(
    query: CallbackQuery,
    callback_data: ReportCallback,
    texts: Texts,
    role: Role,
    invoices: InvoiceRepository,
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
        await _send(query.message, period, texts, invoices)


async def _send(
    message: Message, period: Period, texts: Texts, invoices: InvoiceRepository
) -> None:
    report = await build_report(invoices, period)
    data, name = report_file(report, texts)
    await message.answer_document(
        BufferedInputFile(data, filename=name), caption=report_caption(report, texts)
    )
