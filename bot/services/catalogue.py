"""The service catalogue's rules: what a service line may hold, reading one typed
by an admin or a row of an imported CSV/XLSX, and writing the catalogue out again."""

from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from bot.parsing import InputError, parse_amount
from bot.services.bulk.file_reader import read_table
from bot.services.bulk.table import BulkFileError, cell_text
from bot.services.workbook import Table, write_workbook
from paykeeper.cart import NAME_LIMIT, CartError, clean_name, parse_tax
from paykeeper.receipt_codes import ItemType, PaymentType, TaxCode
from storage.bulk import Cell
from storage.catalogue import (
    DuplicateServiceError,
    ServiceEntry,
    ServiceRepository,
    StoredService,
)

HEADER = ("Название", "Цена", "Ставка НДС", "Предмет расчёта", "Способ расчёта")
_COLUMNS = {
    "name": ("название", "услуга", "наименование", "name", "service"),
    "price": ("цена", "price", "стоимость"),
    "tax": ("ставка ндс", "ндс", "vat", "tax"),
    "item_type": ("предмет расчёта", "предмет расчета", "тип", "item type", "item_type"),
    "payment_type": ("способ расчёта", "способ расчета", "payment type", "payment_type"),
}
MAX_IMPORT_ROWS = 1000
MAX_IMPORT_BYTES = 2 * 1024 * 1024
FORM_BUTTONS = 6  # most used services offered in the form


class CatalogueError(InputError):
    """A service line that cannot be one; ``key`` names a text, ``params`` fill it."""


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    replaced_rates: int = 0  # rows with a pre-2026 20% rate, saved at the 22% one
    problems: list[tuple[int, CatalogueError]] = field(default_factory=list)


def _price(text: str, maximum: Decimal) -> Decimal | None:
    """A price read as the form reads an amount (bot.parsing.parse_amount); None when empty."""
    if text.strip() in ("", "-"):
        return None
    try:
        return parse_amount(text, maximum)
    except InputError as error:
        raise CatalogueError(error.key, **error.params) from None


def _choice(kind: type[StrEnum], text: str, default: StrEnum) -> str:
    text = text.strip().casefold()
    if not text or text == "-":
        return default.value
    try:
        return kind(text).value
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise CatalogueError("svc.err.choice", value=text, choices=choices) from None


def make_entry(
    name: str,
    price: str = "",
    tax: str = "",
    item_type: str = "",
    payment_type: str = "",
    *,
    default_tax: TaxCode,
    default_item_type: ItemType,
    default_payment_type: PaymentType = PaymentType.FULL,
    max_amount: Decimal,
) -> ServiceEntry:
    """A service line; a pre-2026 20% rate is saved as the 22% one (:func:`replaced_rate`
    tells the admin so)."""
    clean = clean_name(name)
    if not clean:
        raise CatalogueError("svc.err.name")
    if len(" ".join(name.split())) > NAME_LIMIT:
        raise CatalogueError("svc.err.name_long", limit=NAME_LIMIT)
    try:
        code = parse_tax(tax) if tax.strip() and tax.strip() != "-" else default_tax
    except CartError:
        raise CatalogueError("svc.err.tax", value=tax.strip()) from None
    return ServiceEntry(
        name=clean,
        price=_price(price, max_amount),
        tax=code.current.value,
        item_type=_choice(ItemType, item_type, default_item_type),
        payment_type=_choice(PaymentType, payment_type, default_payment_type),
    )


def replaced_rate(tax: str) -> TaxCode | None:
    """The legacy code a typed or imported VAT cell names (vat20, «20%», «20/120»), which is
    saved as its 2026 replacement; None for anything else."""
    try:
        code = parse_tax(tax) if tax.strip() else None
    except CartError:
        return None
    return code if code is not None and code.replaced_by is not None else None


class Catalogue:
    def __init__(
        self,
        repository: ServiceRepository,
        *,
        default_tax: TaxCode,
        default_item_type: ItemType,
        default_payment_type: PaymentType = PaymentType.FULL,
        max_amount: Decimal,
    ) -> None:
        self.repository = repository
        self.default_tax = default_tax
        self.default_item_type = default_item_type
        self.default_payment_type = default_payment_type
        self.max_amount = max_amount  # a price is an invoice's amount: the same limit

    def entry(self, line: str) -> ServiceEntry:
        """«Название; цена; НДС; предмет расчёта; способ расчёта», all but the name optional."""
        parts = [part.strip() for part in line.split(";")]
        if len(parts) > len(HEADER):
            raise CatalogueError("svc.err.parts")
        return make_entry(
            *parts,
            default_tax=self.default_tax,
            default_item_type=self.default_item_type,
            default_payment_type=self.default_payment_type,
            max_amount=self.max_amount,
        )

    @staticmethod
    def replaced_rate(line: str) -> TaxCode | None:
        """The pre-2026 rate a typed service line names (saved at its 2026 replacement)."""
        parts = line.split(";")
        return replaced_rate(parts[2]) if len(parts) > 2 else None

    async def add(self, line: str) -> StoredService:
        try:
            return await self.repository.add(self.entry(line))
        except DuplicateServiceError as error:
            raise CatalogueError("svc.err.duplicate", name=str(error)) from None

    async def edit(self, service_id: int, line: str) -> StoredService | None:
        try:
            return await self.repository.update(service_id, self.entry(line))
        except DuplicateServiceError as error:
            raise CatalogueError("svc.err.duplicate", name=str(error)) from None

    async def archive(self, service_id: int) -> bool:
        return await self.repository.archive(service_id)

    async def active(self) -> list[StoredService]:
        return await self.repository.active()

    async def has_priced(self) -> bool:
        """Whether the form may take its amount from a service's price."""
        return any(service.entry.price is not None for service in await self.repository.active())

    async def for_form(self) -> list[StoredService]:
        return await self.repository.active(FORM_BUTTONS)

    async def pick(self, service_id: int) -> StoredService | None:
        found = await self.repository.get(service_id)
        return found if found is not None and not found.archived else None

    async def used(self, service_id: int) -> None:
        await self.repository.used(service_id)

    # -- files -----------------------------------------------------------------------------

    async def import_file(self, content: bytes, file_name: str) -> ImportResult:
        """Add or update (by name) every row of a CSV or XLSX with a «Название» column."""
        try:
            # openpyxl and the XLSX guard take real CPU time: off the event loop, as /bulk does.
            table = await asyncio.to_thread(
                read_table,
                content,
                file_name,
                max_rows=MAX_IMPORT_ROWS,
                max_bytes=MAX_IMPORT_BYTES,
            )
        except BulkFileError as error:
            raise CatalogueError(error.key, **error.params) from None
        (_, header), *rows = table.records
        names = [cell_text(cell).strip().casefold() for cell in header]
        where = {
            key: next((i for i, name in enumerate(names) if name in aliases), None)
            for key, aliases in _COLUMNS.items()
        }
        if where["name"] is None:
            raise CatalogueError("svc.err.no_name_column")
        result = ImportResult()
        for number, cells in rows:

            def value(key: str, cells: list[Cell] = cells) -> str:
                index = where[key]
                return cell_text(cells[index]) if index is not None and index < len(cells) else ""

            try:
                entry = make_entry(
                    value("name"),
                    value("price"),
                    value("tax"),
                    value("item_type"),
                    value("payment_type"),
                    default_tax=self.default_tax,
                    default_item_type=self.default_item_type,
                    default_payment_type=self.default_payment_type,
                    max_amount=self.max_amount,
                )
            except CatalogueError as problem:
                result.problems.append((number, problem))
                continue
            if replaced_rate(value("tax")) is not None:
                result.replaced_rates += 1
            existing = await self.repository.by_name(entry.name)
            if existing is None:
                await self.repository.add(entry)
                result.added += 1
            else:
                await self.repository.update(existing.id, entry)
                result.updated += 1
        return result

    async def export_rows(self) -> list[list[str]]:
        rows = [list(HEADER)]
        for service in await self.repository.active():
            entry = service.entry
            price = f"{entry.price:.2f}" if entry.price is not None else ""
            rows.append([entry.name, price, entry.tax, entry.item_type, entry.payment_type])
        return rows

    async def export_csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        for row in await self.export_rows():
            # A name Excel would run as a formula stays text.
            writer.writerow(["'" + cell if cell and cell[0] in "=+-@" else cell for cell in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    async def export_xlsx(self) -> bytes:
        rows: list[list[Cell]] = [list(row) for row in await self.export_rows()]
        return await asyncio.to_thread(write_workbook, [Table("Услуги", rows)])
