"""Seed a database with a busy company's years, through the bot's own storage.

    python -m tests.benchmarks.seed_busy_year /tmp/busy.sqlite3             # 1 000 000 invoices
    python -m tests.benchmarks.seed_busy_year /tmp/small.sqlite3 --size 20000

20 managers, five years of invoices (oldest first, so ids follow time), one in a hundred still
open (created or sent, payable for days to come, issued in the last month), the rest mostly
paid (a few in fifty of those partly or wholly refunded), expired, cancelled or failed. Payers
repeat (a client pays many times), as do services. The database is opened with
:meth:`storage.Database.open`, which migrates it, and the rows go through
:class:`storage.history.HistoryRepository`, so a migration keeps the seed valid.
Deterministic for a given ``--size`` and ``--seed``, except that time ends today.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from storage import Database, Delivery, InvoiceStatus
from storage.history import HistoryRepository, PastInvoice
from tests.benchmarks.standins import load, out

MANAGERS = 20
FIRST_MANAGER = 5_000_001
YEARS = 5
BATCH = 5_000
SERVICES = (
    "Консультация",
    "Годовое обслуживание",
    "Поставка оборудования",
    "Монтаж",
    "Обучение персонала",
    "Аудит",
    "Подписка",
    "Доставка",
)
FIRST_NAMES = ("Иван", "Мария", "Пётр", "Анна", "Сергей", "Ольга", "Алексей", "Елена")
LAST_NAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Новиков")
_CLOSED = (
    (InvoiceStatus.PAID, 70),
    (InvoiceStatus.EXPIRED, 20),
    (InvoiceStatus.CANCELLED, 8),
    (InvoiceStatus.FAILED, 2),
)


def manager_ids() -> list[int]:
    return [FIRST_MANAGER + n for n in range(MANAGERS)]


def _client(rng: random.Random, clients: int) -> tuple[str, str, str]:
    n = rng.randrange(clients)
    first = FIRST_NAMES[n % len(FIRST_NAMES)]
    last = LAST_NAMES[n // len(FIRST_NAMES) % len(LAST_NAMES)]
    name = f"{first} {last}" if n % 3 else f"ООО «{last} и партнёры {n}»"
    return name, f"client{n}@example.com", f"+7999{n:07d}"


def invoices(
    size: int, seed: int, today: date, open_count: int, days: int = 365 * YEARS
) -> Iterator[PastInvoice]:
    """``size`` invoices over ``days`` days, oldest first, the last ``open_count`` open."""
    rng = random.Random(seed)
    managers = manager_ids()
    now = datetime.combine(today, datetime.min.time(), UTC)
    start = now - timedelta(days=days)
    closed_count = size - open_count
    # Settled invoices before the last month (within it, for a seed of a month or two).
    settled_until = now - timedelta(days=31) if days > 62 else now
    span = (settled_until - start).total_seconds()
    moments = sorted(rng.uniform(0, span) for _ in range(closed_count))
    recent = sorted(rng.uniform(0, 30 * 86_400) for _ in range(open_count))
    clients = max(10, size // 5)
    statuses = [status for status, _ in _CLOSED]
    weights = [weight for _, weight in _CLOSED]
    for number in range(size):
        is_open = number >= closed_count
        if is_open:
            created = now - timedelta(days=31) + timedelta(seconds=recent[number - closed_count])
            status = rng.choice((InvoiceStatus.CREATED, InvoiceStatus.SENT))
            last_day: date | None = today + timedelta(days=rng.randint(1, 30))
        else:
            created = start + timedelta(seconds=moments[number])
            status = rng.choices(statuses, weights)[0]
            last_day = created.date() + timedelta(days=rng.randint(1, 14))
        manager = rng.choice(managers)
        name, email, phone = _client(rng, clients)
        amount = Decimal(rng.randrange(500_00, 500_000_00)) / 100
        made = status is not InvoiceStatus.FAILED
        paykeeper_id = f"{20_000_000_000_000_000 + number}" if made else None
        paid = status is InvoiceStatus.PAID
        refunded = None
        if paid and rng.random() < 0.04:
            refunded = amount if rng.random() < 0.5 else (amount / 2).quantize(Decimal("0.01"))
        yield PastInvoice(
            order_id=f"sy{number:08d}",
            manager_id=manager,
            manager_name=f"Менеджер {manager - FIRST_MANAGER + 1}",
            amount=amount,
            service_name=rng.choice(SERVICES),
            delivery=Delivery.EMAIL if number % 2 else Delivery.LINK,
            status=status,
            created_at=created,
            client_email=email,
            client_phone=phone,
            client_name=name,
            last_day=last_day,
            paykeeper_id=paykeeper_id,
            invoice_url=f"https://pk.example/bill/{paykeeper_id}/" if made else None,
            payment_id=f"{30_000_000_000_000_000 + number}" if paid else None,
            paid_at=created + timedelta(hours=rng.randint(1, 72)) if paid else None,
            refunded=refunded,
            refund_id=f"{40_000_000_000_000_000 + number}" if refunded is not None else None,
        )


async def seed(
    path: Path,
    size: int,
    *,
    open_count: int | None = None,
    seed: int = 28,
    today: date | None = None,
    days: int = 365 * YEARS,
) -> None:
    """Create (and migrate) the database at ``path`` and load ``size`` invoices into it,
    ``open_count`` of them open (one in a hundred unless given)."""
    open_count = max(1, size // 100) if open_count is None else min(open_count, size)
    database = await Database.open(path)
    try:
        history = HistoryRepository(database)
        batch: list[PastInvoice] = []
        today = today or datetime.now(UTC).date()
        for invoice in invoices(size, seed, today, open_count, days):
            batch.append(invoice)
            if len(batch) == BATCH:
                await history.add_many(batch)
                batch = []
        if batch:
            await history.add_many(batch)
        await database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, help="open invoices (default: one in a hundred)")
    parser.add_argument("--days", type=int, default=365 * YEARS, help="the span (5 years)")
    parser.add_argument("--seed", type=int, default=28)
    args = parser.parse_args()
    if args.path.exists():
        parser.error(f"{args.path} exists: seed a new file")
    started, cpu = time.perf_counter(), time.process_time()
    asyncio.run(seed(args.path, args.size, open_count=args.open, seed=args.seed, days=args.days))
    out(
        f"{args.size} invoices in {time.perf_counter() - started:.0f} s "
        f"({time.process_time() - cpu:.0f} s CPU), {args.path.stat().st_size / 1e6:.0f} MB; "
        f"{load()}"
    )


if __name__ == "__main__":
    main()
