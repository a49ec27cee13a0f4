"""Issue 13's tables in a real SQLite file: the catalogue, an invoice's lines, money requests
keyed by the press that asked for them, and the refunded total."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from storage import Database, Delivery, InvoiceRepository, NewInvoice
from storage.carts import CartRepository, StoredLine
from storage.catalogue import DuplicateServiceError, ServiceEntry, ServiceRepository
from storage.money import MoneyKind, MoneyRepository, RequestState


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    db = await Database.open(tmp_path / "money.db")
    yield db
    await db.close()


async def invoice(database: Database) -> int:
    new = NewInvoice(
        order_id="o-1",
        manager_id=1,
        manager_name="Иван",
        amount=Decimal("1500.00"),
        service_name="Аудит",
        delivery=Delivery.LINK,
    )
    return (await InvoiceRepository(database).create(new)).id


async def test_catalogue_names_are_unique_among_active_services(database: Database) -> None:
    services = ServiceRepository(database)
    audit = await services.add(ServiceEntry("Аудит", Decimal("1500"), "vat22", "service"))
    with pytest.raises(DuplicateServiceError):
        await services.add(ServiceEntry("Аудит", None, "none", "service"))
    assert await services.archive(audit.id)
    assert not await services.archive(audit.id)  # once
    again = await services.add(ServiceEntry("Аудит", None, "none", "service"))
    assert [s.id for s in await services.active()] == [again.id]
    archived = await services.get(audit.id)
    assert archived is not None
    assert archived.archived
    assert archived.entry.price == Decimal("1500.00")


async def test_most_used_services_come_first(database: Database) -> None:
    services = ServiceRepository(database)
    first = await services.add(ServiceEntry("Аудит", None, "vat22", "service"))
    second = await services.add(ServiceEntry("Бухгалтерия", None, "vat22", "service"))
    await services.used(second.id)
    assert [s.id for s in await services.active()] == [second.id, first.id]


async def test_lines_keep_exact_money(database: Database) -> None:
    invoice_id = await invoice(database)
    carts = CartRepository(database)
    lines = [
        StoredLine(
            "Аудит",
            Decimal("333.33"),
            Decimal("2.5"),
            Decimal("833.33"),
            "vat22",
            "service",
            "prepay",
        ),
        StoredLine(
            "Выезд", Decimal("666.67"), Decimal(1), Decimal("666.67"), "vat10", "service", "prepay"
        ),
    ]
    await carts.save(invoice_id, lines)
    assert await carts.lines(invoice_id) == lines


async def test_one_press_is_one_request_even_at_once(database: Database) -> None:
    invoice_id = await invoice(database)
    money = MoneyRepository(database)

    async def start() -> bool:
        _, fresh = await money.start(
            invoice_id=invoice_id,
            kind=MoneyKind.REFUND,
            request_key="y:1:abcd:",
            payment_id="300001",
            amount=Decimal("500"),
            partial=True,
            actor_id=7,
        )
        return fresh

    assert sorted(await asyncio.gather(start(), start(), start())) == [False, False, True]
    request = await money.by_key("y:1:abcd:")
    assert request is not None
    assert request.state is RequestState.SENT
    assert [r.id for r in await money.pending(invoice_id)] == [request.id]


async def test_a_service_by_name_follows_every_change(database: Database) -> None:
    """by_name is served from a cache: each write the bot makes shows in the next look-up."""
    services = ServiceRepository(database)
    assert await services.by_name("Аудит") is None  # remembered as not listed
    audit = await services.add(ServiceEntry("Аудит", Decimal("1500"), "vat22", "service"))
    assert await services.by_name("Аудит") == audit
    await services.used(audit.id)
    await services.used(audit.id)
    found = await services.by_name("Аудит")
    assert found is not None
    assert found.uses == 2
    assert found == await services.get(audit.id)
    renamed = await services.update(audit.id, ServiceEntry("Аудит+", None, "vat10", "service"))
    assert await services.by_name("Аудит") is None
    assert await services.by_name("Аудит+") == renamed
    assert await services.archive(audit.id)
    assert await services.by_name("Аудит+") is None


async def test_a_look_up_racing_an_add_ends_with_the_added_service(database: Database) -> None:
    services = ServiceRepository(database)
    # The read is queued first and finds nothing; the add behind it lists the service.
    before, added = await asyncio.gather(
        services.by_name("Аудит"),
        services.add(ServiceEntry("Аудит", None, "vat22", "service")),
    )
    assert before is None
    assert await services.by_name("Аудит") == added
