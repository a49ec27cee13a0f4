"""Rows already settled: paid, or cancelled (a lost deal, a no-show).

CRMs export every deal, order and visit, whatever became of it; billing a paid one bills the
payer twice, a cancelled one bills for nothing. Two kinds of column tell:

* a status (a deal's stage, an order's or a visit's status): its words say paid («Оплачен»,
  «Завершён», «Успешно реализовано») or cancelled («Отменён», «Закрыто и не реализовано»,
  «Клиент не пришел»); a partly paid status says neither;
* a paid amount («Оплачено»): as much as the amount is paid; less is billed for the rest.

Such rows are not billed unless the manager includes them (``include_settled``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from bot.parsing import InputError, parse_amount
from bot.services.bulk.columns import normalize
from bot.services.bulk.table import cell_text
from storage.bulk import Cell

_STATUS_NAME: Final = re.compile(r"(^| )(статус\w*|этап\w*|стади\w*|status|stage)( |$)")
_PAID_NAME: Final = re.compile(r"(уже )?оплачено( руб\w*| rub)?|paid|amount paid|уплачено")
# Checked in this order: "не реализовано" and "не пришел" name cancelled, "частично" names
# neither (the rest is billed), and only then the words of a paid or finished row.
_CANCELLED: Final = re.compile(
    r"не реализ|не пришел|не состоял|провал|отмен|отклон|отказ|аннулир|cancel|declin|lost|no show"
)
_PARTIAL: Final = re.compile(r"частичн|partial")
_UNPAID: Final = re.compile(r"не оплач|неоплач|unpaid|not paid")
_PAID: Final = re.compile(r"оплачен|выполнен|завершен|успешно|\bpaid\b|complete|\bwon\b")
_ANY_AMOUNT: Final = Decimal("1e15")


class Settled(StrEnum):
    PAID = "paid"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class SettledColumns:
    status: int | None
    paid: int | None


def settled_columns(names: list[str]) -> SettledColumns:
    """The status column and the paid-amount column, by name (the first of each)."""
    normalized = [normalize(name) for name in names]
    status = next((i for i, n in enumerate(normalized) if _STATUS_NAME.search(n)), None)
    paid = next((i for i, n in enumerate(normalized) if _PAID_NAME.fullmatch(n)), None)
    return SettledColumns(status, paid)


def _text(cells: list[Cell], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return normalize(cell_text(cells[index]))


def paid_amount(cells: list[Cell], columns: SettledColumns) -> Decimal | None:
    text = cell_text(cells[columns.paid]).strip() if columns.paid is not None else ""
    if columns.paid is None or columns.paid >= len(cells) or not text:
        return None
    try:
        return parse_amount(text, _ANY_AMOUNT)
    except InputError:
        return None


def settled(cells: list[Cell], columns: SettledColumns, amount: Decimal | None) -> Settled | None:
    """Whether the row is paid or cancelled already (None: it is to be billed)."""
    status = _text(cells, columns.status)
    if status and _CANCELLED.search(status):
        return Settled.CANCELLED
    paid = paid_amount(cells, columns)
    if amount is not None and paid is not None and paid >= amount > 0:
        return Settled.PAID
    if (
        status
        and not _PARTIAL.search(status)
        and not _UNPAID.search(status)
        and _PAID.search(status)
    ):
        return Settled.PAID
    return None
