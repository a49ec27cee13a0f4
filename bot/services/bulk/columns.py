"""Which column holds what: recognised by its header, in Russian or English.

A header matches a field when, lower-cased with punctuation dropped, it is one of the field's
names or starts with one as a whole word ("Сумма, руб." and "Сумма документа" are amounts,
"E-mail клиента" an e-mail). Two columns for one field are reported rather than guessed
between (1C exports often carry both "Сумма" and "Сумма НДС").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final


class Field(StrEnum):
    AMOUNT = "amount"
    EMAIL = "email"
    PHONE = "phone"
    EXPIRY = "expiry"
    SERVICE = "service"
    CLIENT = "client"
    ORDER = "order"


NAMES: Final[dict[Field, tuple[str, ...]]] = {
    Field.AMOUNT: ("сумма", "сумма счета", "к оплате", "amount", "sum", "pay amount", "total"),
    Field.EMAIL: (
        "email",
        "e mail",
        "почта",
        "эл почта",
        "электронная почта",
        "емейл",
        "емэйл",
        "mail",
        "client email",
    ),
    Field.PHONE: ("телефон", "тел", "phone", "tel", "telephone", "mobile", "client phone"),
    Field.EXPIRY: (
        "срок",
        "срок оплаты",
        "оплатить до",
        "действует до",
        "expiry",
        "expires",
        "due",
        "due date",
        "pay by",
        "last day",
    ),
    Field.SERVICE: (
        "услуга",
        "наименование",
        "наименование услуги",
        "назначение",
        "назначение платежа",
        "описание",
        "service",
        "service name",
        "description",
    ),
    Field.CLIENT: (
        "клиент",
        "плательщик",
        "покупатель",
        "контрагент",
        "фио",
        "client",
        "client name",
        "payer",
        "customer",
        "clientid",
    ),
    Field.ORDER: (
        "заказ",
        "номер заказа",
        "номер",
        "order",
        "order number",
        "order no",
        "order id",
        "orderid",
    ),
}
REQUIRED: Final = (Field.AMOUNT,)
# Row counters ("№ п/п") look like order numbers but are not: using one as the order's identity
# would make the next file's row 1 look like this file's row 1, already issued.
NOT_FIELDS: Final = frozenset({"номер п п", "номер по порядку", "номер строки", "row", "row no"})

_LOOKUP: Final = {name: column for column, names in NAMES.items() for name in names}
_LONGEST_FIRST: Final = sorted(_LOOKUP, key=len, reverse=True)
_NOT_WORD = re.compile(r"[^\w№]+")


def normalize(header: str) -> str:
    text = header.casefold().replace("ё", "е").replace("№", " номер ")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def field_of(header: str) -> Field | None:
    name = normalize(header)
    if name in NOT_FIELDS:
        return None
    if name in _LOOKUP:
        return _LOOKUP[name]
    for known in _LONGEST_FIRST:
        if name.startswith(known + " "):
            return _LOOKUP[known]
    return None


@dataclass(frozen=True, slots=True)
class Columns:
    fields: dict[Field, int] = field(default_factory=dict)  # field -> column index
    duplicates: dict[Field, list[int]] = field(default_factory=dict)  # every column, in order
    ignored: list[int] = field(default_factory=list)  # named columns that match nothing


def match_columns(header: list[str]) -> Columns:
    found: dict[Field, list[int]] = {}
    ignored: list[int] = []
    for index, name in enumerate(header):
        column = field_of(name)
        if column is not None:
            found.setdefault(column, []).append(index)
        elif name.strip():
            ignored.append(index)
    return Columns(
        fields={column: indexes[0] for column, indexes in found.items() if len(indexes) == 1},
        duplicates={column: indexes for column, indexes in found.items() if len(indexes) > 1},
        ignored=ignored,
    )
