"""The dashboard in tests: initData signed as Telegram signs it, a team with known money, and
the bot's HTTP server (with /app/) started on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from bot.dashboard.auth import sign
from bot.drafts import InvoiceDraft, new_order_id, today_in_moscow
from bot.services.issue_outcomes import Manager
from storage import Delivery, InvoiceRecord, InvoiceStatus
from storage.ledger import LedgerRepository, MovementKind, NewMovement, Source
from tests.fakes.telegram import User
from tests.support.chat import ADMIN, MANAGER, Chat


def init_data(token: str, user: User, *, signed_at: datetime | None = None) -> str:
    """What Telegram hands a Mini App opened by ``user``."""
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(
            {"id": user.id, "first_name": user.first_name, "language_code": user.language_code},
            ensure_ascii=False,
        ),
        "auth_date": str(int((signed_at or datetime.now(UTC)).timestamp())),
    }
    return urlencode({**fields, "hash": sign(token, fields)})


@asynccontextmanager
async def served(chat: Chat) -> AsyncIterator[str]:
    """The bot's HTTP server on a free port; yields its base URL."""
    web = chat.services.web
    if web is None:
        raise RuntimeError("the settings need WEB_PORT for the dashboard")
    base = await web.start("127.0.0.1", 0)
    try:
        yield base
    finally:
        await web.stop()


@dataclass(frozen=True, slots=True)
class Book:
    """What was seeded: the numbers a page must show."""

    admin_invoices: list[InvoiceRecord]
    manager_invoices: list[InvoiceRecord]
    card: Decimal  # this month's card payments, the whole team
    cash: Decimal
    refunded: Decimal
    manager_card: Decimal  # MANAGER's own
    open_amount: Decimal  # CREATED, the team's


async def issue(chat: Chat, user: User, amount: str, service: str, client: str) -> InvoiceRecord:
    outcome = await chat.services.issuer.issue(
        InvoiceDraft(
            amount=Decimal(amount),
            service=service,
            email=f"{client}@example.com",
            client_name=client,
            last_day=today_in_moscow() + timedelta(days=30),
        ),
        order_id=new_order_id(),
        manager=Manager(user.id, user.first_name),
        delivery=Delivery.LINK,
    )
    return outcome.invoice


async def move(
    chat: Chat, invoice: InvoiceRecord, kind: MovementKind, amount: str, n: int
) -> None:
    ledger = LedgerRepository(chat.services.database)
    await ledger.record(
        NewMovement(
            invoice_id=invoice.id,
            kind=kind,
            amount=Decimal(amount),
            paykeeper_id=f"{kind.value}-{invoice.id}-{n}",
            moved_at=datetime.now(UTC),
            source=Source.NOTIFICATION,
            payment_id=f"payment-{invoice.id}-1" if kind is MovementKind.REFUND else None,
        )
    )


async def seed(chat: Chat) -> Book:
    """Two people's invoices, paid by card and cash, one partly refunded, some still open."""
    admin = [
        await issue(chat, ADMIN, "15000.00", "Аудит", "roga"),
        await issue(chat, ADMIN, "2500.50", "Консультация", "kopyta"),
    ]
    manager = [
        await issue(chat, MANAGER, "1200.00", "Консультация", "ivanov"),
        await issue(chat, MANAGER, "800.00", "Обучение", "petrov"),
        await issue(chat, MANAGER, "333.33", "Обучение", "sidorov"),
    ]
    await move(chat, admin[0], MovementKind.PAYMENT, "15000.00", 1)
    await move(chat, manager[0], MovementKind.PAYMENT, "1200.00", 1)
    await move(chat, manager[1], MovementKind.CASH, "800.00", 1)
    await move(chat, admin[0], MovementKind.REFUND, "1000.00", 2)
    for paid in (admin[0], manager[0], manager[1]):
        await chat.services.tracker.change(paid, InvoiceStatus.PAID)
    return Book(
        admin,
        manager,
        card=Decimal("16200.00"),
        cash=Decimal("800.00"),
        refunded=Decimal("1000.00"),
        manager_card=Decimal("1200.00"),
        open_amount=Decimal("2833.83"),
    )
