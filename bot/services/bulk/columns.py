"""Which column holds what, decided from the column's whole name.

A name is lower-cased, ``ё`` read as ``е``, punctuation dropped (``№`` kept as a word of its
own), and then matched against :data:`RULES`. A rule is a phrase (words that must stand
together in the name, ``*`` ending a word that may go on) with a meaning and a weight; of all
the rules that match a name, the heaviest decides. So the more specific meaning wins:
"Номер телефона" matches "номер" (an order number, weight 5) and "телефон" (a phone, 25), and
is a phone; "ИНН контрагента" matches "контрагент" (the client, 20) and "ИНН" (never ours,
30), and is ignored. A meaning of ``None`` marks names that look like ours but are not
(VAT, bank details, row counters, the bot's own result columns).

To teach the reader a new name, add a rule and a line to the table test; nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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
    # A receipt line's: optional, one per row
    QUANTITY = "quantity"
    PRICE = "price"
    TAX = "tax"


NONE: Final = -1  # a choice of "no column" for an optional field
REQUIRED: Final = (Field.AMOUNT,)


@dataclass(frozen=True, slots=True)
class Rule:
    meaning: Field | None  # None: a column that is never one of ours
    phrase: tuple[re.Pattern[str], ...]  # consecutive words of the name
    weight: int
    whole: bool = False  # the phrase must be the whole name


def _rule(meaning: Field | None, phrases: str, weight: int, *, whole: bool = False) -> list[Rule]:
    """Rules from ``"phrase, phrase"``; in a phrase ``a|b`` is either word, ``*`` any ending."""
    rules = []
    for phrase in phrases.split(","):
        words = tuple(
            re.compile("(?:" + word.replace("*", r"\w*") + ")") for word in phrase.split()
        )
        rules.append(Rule(meaning, words, weight, whole))
    return rules


# Weights: 5-10 generic words ("номер", "наименование"), 15-25 the words that name one of our
# fields, 30 names that contain such a word but mean something else (VAT, bank details),
# 40+ phrases that overrule those again ("сумма с НДС"), 50+ names that are never ours.
RULES: Final[tuple[Rule, ...]] = (
    *_rule(Field.AMOUNT, "сумм*, стоимост*, задолженност*, долг, бюджет", 15),
    *_rule(Field.AMOUNT, "amount, sum, total, итого, всего", 15),
    *_rule(Field.AMOUNT, "к оплат*, amount due, total due, balance due, to pay", 25),
    *_rule(Field.AMOUNT, "с ндс, включая ндс, incl vat, including vat, with vat", 40),
    *_rule(Field.AMOUNT, "сумм* счет*, сумм* по счет*, invoice amount, invoice total", 45),
    # What is left to pay after a discount: over the amount before it.
    *_rule(Field.AMOUNT, "со скидк*, с учетом скидк*, после скидк*, after discount", 45),
    *_rule(None, "ндс, vat, tax, прописью, in words, скидк*, discount", 30),
    *_rule(None, "оплачен*, paid", 30),
    *_rule(Field.PRICE, "цен*, price", 45),  # a unit price, even "Цена с НДС": never the amount
    *_rule(Field.QUANTITY, "кол во, количеств*, qty, quantity", 20),
    *_rule(Field.TAX, "ставк* ндс, ставк* налог*, vat rate, tax rate", 35),
    *_rule(Field.EMAIL, "email*, e mail*, емейл, емэйл, имейл, мейл, mail, почт[аыуе]", 25),
    *_rule(Field.EMAIL, "email* для, e mail* для, почт* для", 45),  # "E-mail для счёта"
    *_rule(
        Field.PHONE, "телефон*, тел, моб, сотов*, phone*, tel, telephone, mobile, whatsapp", 25
    ),
    *_rule(Field.PHONE, "мобильн*", 26),  # of two phones, the one that takes SMS
    *_rule(None, "факс, fax", 20),
    *_rule(None, "адрес*, address", 15),  # postal; "адрес электронной почты" is an e-mail
    *_rule(Field.EXPIRY, "срок*, оплатить до, оплата до, действ* до, expir*, due, due date", 20),
    *_rule(Field.EXPIRY, "pay by, pay before, last day, valid until", 20),
    *_rule(Field.EXPIRY, "план* дат* оплат*, дат* план* оплат*", 25),
    *_rule(Field.SERVICE, "услуг*, наименован*, назначени*, описани*, товар*, номенклатур*", 10),
    *_rule(Field.SERVICE, "название, программ*, тема", 10),  # a deal's title, a course
    *_rule(Field.SERVICE, "состав заказа, состав", 30),  # over "заказ": the goods
    *_rule(
        Field.SERVICE, "содержани*, сделк*, service*, description, item*, product*, purpose", 10
    ),
    *_rule(Field.CLIENT, "клиент*, плательщик*, покупател*, контрагент*, заказчик*, фио", 20),
    *_rule(Field.CLIENT, "client*, payer*, customer*, buyer*", 20),
    # The company is the payer; its contact only where the company is empty (rows.py).
    *_rule(Field.CLIENT, "компани*, company", 17),
    *_rule(Field.CLIENT, "контакт, контактн* лиц*, contact", 15),
    *_rule(Field.CLIENT, "пользовател*, гость, guest, слушател*, студент*, ученик*", 16),
    *_rule(Field.CLIENT, "имя, name, full name", 12, whole=True),
    *_rule(None, "организаци*, organization, organisation", 18),  # 1C: our own company
    *_rule(Field.ORDER, "заказ|заказа|заказу|заказе|заказом|заказы|заказов, order*", 20),
    *_rule(Field.ORDER, "номер|№ сделк*, id сделк*, deal id", 20),
    *_rule(Field.ORDER, "заказ* покупател*, заказ* клиент*", 25),  # 1C's order documents
    *_rule(Field.ORDER, "номер|№", 5),
    *_rule(Field.ORDER, "id", 4, whole=True),  # a CRM's record id: its "Номер" is quoted
    *_rule(Field.ORDER, "№ счет*, номер счет* на оплат*, invoice no, invoice number", 35),
    *_rule(None, "дата заказа, order date", 30),
    *_rule(None, "id пользовател*, id клиент*, id контакт*, user id, client id, customer id", 30),
    *_rule(None, "этап*, стади*, статус*, stage, status", 20),  # a deal's stage: no service
    *_rule(None, "банк*, bank", 30),  # "Наименование банка" is no service
    # Bank and tax details, contracts and cards: numbers, but never the order's.
    *_rule(None, "счет*, р с, к с, кор* счет*, account*, iban, swift", 30),
    *_rule(None, "инн, кпп, бик, огрн*, окпо, снилс, паспорт*, договор*, контракт*", 30),
    *_rule(None, "карт*, card*, contract*, tax id, vat id", 30),
    # Row counters look like order numbers: taking one as an order's identity would make
    # the next file's row 1 look like this file's row 1, already issued.
    *_rule(None, "№, № №, n, nn, no, п п, № п п, n п п, номер п п", 50, whole=True),
    *_rule(None, "номер по порядку, номер строки, строка, row, row no, line", 50, whole=True),
    *_rule(None, "paykeeper", 60),  # the bot's own result columns, in a file sent back
)

_NOT_WORD: Final = re.compile(r"[^\w№]+")


def normalize(name: str) -> str:
    text = name.casefold().replace("ё", "е").replace("№", " № ")
    return " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split())


def _matches(rule: Rule, words: list[str]) -> bool:
    size = len(rule.phrase)
    if rule.whole and size != len(words):
        return False
    return any(
        all(
            pattern.fullmatch(word)
            for pattern, word in zip(rule.phrase, words[start : start + size], strict=True)
        )
        for start in range(len(words) - size + 1)
    )


@dataclass(frozen=True, slots=True)
class Meaning:
    field: Field | None
    weight: int


def meaning_of(name: str) -> Meaning | None:
    """What a column with this name holds; None when no rule knows the name at all."""
    words = normalize(name).split()
    best: Rule | None = None
    for rule in RULES:
        if (best is None or rule.weight > best.weight) and _matches(rule, words):
            best = rule
    return Meaning(best.meaning, best.weight) if best is not None else None


def field_of(name: str) -> Field | None:
    meaning = meaning_of(name)
    return meaning.field if meaning is not None else None


def is_column_name(name: str) -> bool:
    """Whether some rule knows this name (ours or not): what makes a row look like a header."""
    return meaning_of(name) is not None


@dataclass(frozen=True, slots=True)
class Columns:
    fields: dict[Field, int] = field(default_factory=dict)  # field -> the column chosen
    # Other columns that could hold the field, best first: the manager may pick one instead.
    alternatives: dict[Field, list[int]] = field(default_factory=dict)
    ignored: list[int] = field(default_factory=list)  # named columns used for nothing
    dropped: list[Field] = field(default_factory=list)  # fields the manager chose to leave out


def match_columns(
    header: list[str],
    choices: Mapping[Field, int] | None = None,
    filled: Sequence[int] = (),
) -> Columns:
    """Each field's column: the heaviest-matching one; among equals, the one with values in
    more rows (``filled``: per column, the rows below the header with something in it), then
    the leftmost; unless the manager chose another (a column index, or :data:`NONE` to leave
    an optional field out). So of "Сумма по дебету" and "Сумма по кредиту" in a bank
    statement, the one the statement filled in is the amount."""
    candidates: dict[Field, list[tuple[int, int, int]]] = {}
    ignored: list[int] = []
    for index, name in enumerate(header):
        meaning = meaning_of(name)
        if meaning is not None and meaning.field is not None:
            rows = filled[index] if index < len(filled) else 0
            candidates.setdefault(meaning.field, []).append((-meaning.weight, -rows, index))
        elif name.strip():
            ignored.append(index)
    # A column has one meaning, so the fields' candidates never share a column.
    ranked = {
        column: [index for *_, index in sorted(found)] for column, found in candidates.items()
    }
    wanted = {
        Field(column): index
        for column, index in (choices or {}).items()
        if index in ranked.get(column, []) or (index == NONE and column not in REQUIRED)
    }
    fields: dict[Field, int] = {}
    alternatives: dict[Field, list[int]] = {}
    for column in Field:
        indexes = ranked.get(column, [])
        if not indexes:
            continue
        index = wanted.get(column, indexes[0])
        if index != NONE:
            fields[column] = index
        if others := [other for other in indexes if other != index]:
            alternatives[column] = others
    return Columns(
        fields=fields,
        alternatives=alternatives,
        ignored=ignored,
        dropped=[column for column, index in wanted.items() if index == NONE and column in ranked],
    )
