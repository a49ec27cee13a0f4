"""Picking another column for a field: the draft is read again from the stored file, its rows
replaced, and nothing else changes; a started or cancelled run cannot be re-read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import create_bot
from bot.bulk_wiring import bulk_service
from bot.services.background import BackgroundTasks
from bot.services.bulk import BulkService, Prepared
from bot.services.bulk.columns import NONE, Field
from bot.services.issue_outcomes import Manager
from bot.services.issuing import InvoiceIssuer
from bot.settings import Settings
from paykeeper import PayKeeperClient
from storage import Database, Delivery, InvoiceRepository
from storage.bulk import BulkRepository, RunStatus

MANAGER = Manager(2002, "Иван Петров")
# A bank statement: two sums, and the one to bill is the second.
STATEMENT = (
    "Дата;Контрагент;Сумма по дебету;Сумма по кредиту;Телефон;Мобильный телефон\n"
    "01.03.2026;ООО Альфа;0;1 500,00;+7 495 123-45-67;+7 910 000-00-01\n"
    "02.03.2026;ООО Бета;0;2 500,50;;+7 910 000-00-02\n"
).encode("cp1251")


@pytest.fixture
async def bulk(tmp_path: Path) -> AsyncIterator[BulkService]:
    settings = Settings(_env_file=None, bot_token="1:x", database_path=tmp_path / "db.sqlite")
    database = await Database.open(settings.database_path)
    invoices = InvoiceRepository(database)
    client = PayKeeperClient("http://127.0.0.1:9", "merchant", "pw", timeout=1)
    issuer = InvoiceIssuer(invoices, client, "Оплата услуг", max_amount=settings.max_amount)
    bot = create_bot(settings)  # never asked: nothing is launched here
    yield bulk_service(
        BulkRepository(database), invoices, issuer, BackgroundTasks(), bot, settings
    )
    await client.close()
    await database.close()


async def upload(bulk: BulkService) -> Prepared:
    return await bulk.prepare(STATEMENT, "выписка.csv", manager=MANAGER, chat_id=1, lang="ru")


async def drafts(bulk: BulkService) -> list[dict[str, str | None]]:
    run = (await bulk.runs.with_status(RunStatus.DRAFT))[0]
    return [row.draft for row in await bulk.runs.pending(run.id)]


async def test_the_first_of_two_sums_is_taken_and_the_other_offered(bulk: BulkService) -> None:
    prepared = await upload(bulk)
    summary = prepared.summary
    assert summary.columns.fields[Field.AMOUNT] == 2
    assert summary.columns.alternatives == {Field.AMOUNT: [3], Field.PHONE: [4]}
    # Every debit is 0: nothing to issue, but the draft waits for the manager's choice.
    assert prepared.ready == 0
    assert summary.can_choose
    assert await bulk.runs.upload_of(prepared.run.id) == STATEMENT


async def test_another_column_reads_the_same_draft_again(bulk: BulkService) -> None:
    first = await upload(bulk)
    chosen = await bulk.choose_column(first.run.id, MANAGER, Field.AMOUNT, 3, "ru")
    assert chosen is not None
    assert chosen.run.id == first.run.id
    assert chosen.run.choices == {"amount": 3}
    assert chosen.ready == 2
    assert [d["amount"] for d in await drafts(bulk)] == ["1500.00", "2500.50"]
    assert [d["phone"] for d in await drafts(bulk)] == ["+79100000001", "+79100000002"]
    # Choices add up: now the phone too, left out.
    again = await bulk.choose_column(first.run.id, MANAGER, Field.PHONE, NONE, "ru")
    assert again is not None
    assert again.run.choices == {"amount": 3, "phone": NONE}
    assert again.summary.columns.dropped == [Field.PHONE]
    assert [d["phone"] for d in await drafts(bulk)] == [None, None]
    assert [d["amount"] for d in await drafts(bulk)] == ["1500.00", "2500.50"]


async def test_a_choice_on_a_started_cancelled_or_foreign_draft_changes_nothing(
    bulk: BulkService,
) -> None:
    first = await upload(bulk)
    stranger = Manager(6666, "Посторонний")
    assert await bulk.choose_column(first.run.id, stranger, Field.AMOUNT, 3, "ru") is None
    chosen = await bulk.choose_column(first.run.id, MANAGER, Field.AMOUNT, 3, "ru")
    assert chosen is not None
    assert await bulk.start(first.run.id, MANAGER.id, Delivery.LINK) is not None
    assert await bulk.runs.upload_of(first.run.id) is None  # the file is not kept any more
    assert await bulk.choose_column(first.run.id, MANAGER, Field.AMOUNT, 2, "ru") is None
    pending = await bulk.runs.pending(first.run.id)
    assert [row.draft["amount"] for row in pending] == ["1500.00", "2500.50"]

    second = await upload(bulk)
    assert await bulk.cancel(second.run.id, MANAGER.id) is not None
    assert await bulk.choose_column(second.run.id, MANAGER, Field.AMOUNT, 3, "ru") is None


async def test_a_file_with_nothing_to_choose_is_not_kept(bulk: BulkService) -> None:
    content = "Сумма;Почта\n100;a@example.com\n".encode()
    prepared = await bulk.prepare(content, "a.csv", manager=MANAGER, chat_id=1, lang="ru")
    assert not prepared.summary.can_choose
    assert await bulk.runs.upload_of(prepared.run.id) is None
    assert await bulk.choose_column(prepared.run.id, MANAGER, Field.AMOUNT, 0, "ru") is None
