"""Bulk files wired to Telegram: the one part of the composition root that tests and the bulk
benchmark also build on its own, with a database and a PayKeeper stand-in of their choosing."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot

from bot.services.background import BackgroundTasks
from bot.services.bulk import BulkService
from bot.services.bulk.reading import Limits
from bot.services.issuing import InvoiceIssuer
from bot.settings import Settings
from bot.telegram.bulk_reports import TelegramBulkReports
from bot.views.bulk.messages import plain_problems, plain_refusal
from storage import InvoiceRepository
from storage.bulk import BulkRepository
from storage.order_aliases import OrderAliases


def bulk_service(
    runs: BulkRepository,
    invoices: InvoiceRepository,
    issuer: InvoiceIssuer,
    tasks: BackgroundTasks,
    bot: Bot,
    settings: Settings,
    may_issue: Callable[[int], bool] = lambda _manager_id: True,
) -> BulkService:
    """Bulk files, given the few settings they need, reporting to the manager in Telegram."""
    return BulkService(
        runs,
        invoices,
        issuer,
        tasks,
        TelegramBulkReports(bot),
        aliases=OrderAliases(runs.database),
        describe=plain_problems,
        explain=plain_refusal,
        limits=Limits(
            max_rows=settings.bulk_max_rows,
            max_bytes=settings.bulk_max_bytes,
            max_amount=settings.max_amount,
        ),
        concurrency=settings.bulk_concurrency,
        may_issue=may_issue,
    )
