"""Total rows: recognised by their words and by their structure.

A total is the worst row to issue: it bills one payer for everyone's invoices. Its label may
be anywhere in it and in many words («Итого:», «Общий итог», Excel's «Иванова Итог»,
«Итого по менеджеру …», «Всего к оплате», «в т.ч. НДС (22%)»), or absent altogether (a row of
numbers under a sheet's last row). What every total shares is its structure: it names no
payer and no order, and its amount is the sum of rows above it (all of them, or a group's).
So:

* a cell whose *first* word is a total's word makes any row a total (as before);
* in a row that names no payer, a short label with a total's word anywhere, or a VAT line
  («в т.ч. НДС», «НДС 22%»), makes it a total;
* a row that names no payer and holds the sum of the rows above (or since the last total)
  is a total, whatever its words.
"""

from __future__ import annotations

import re
from typing import Final

from bot.services.bulk.columns import normalize
from storage.bulk import Cell

TOTAL_WORDS: Final = frozenset(
    {"итого", "итог", "всего", "total", "totals", "subtotal", "grand", "итоги"}
)
LABEL_WORDS: Final = 6  # a longer text starting with "Всего" is a sentence, not a label
_VAT_LINE: Final = re.compile(r"^(в т ч|в том числе|including|incl|вкл)\b|^(ндс|vat)\b")


def first_word_label(cells: list[Cell]) -> str | None:
    """A cell whose first word is a total's («Итого», «Всего к оплате»)."""
    for cell in cells:
        if isinstance(cell, str):
            words = normalize(cell).split()
            if words and words[0] in TOTAL_WORDS and len(words) <= LABEL_WORDS:
                return " ".join(cell.split())
    return None


def payerless_label(cells: list[Cell]) -> str | None:
    """In a row naming no payer: a label with a total's word anywhere, or a VAT line."""
    for cell in cells:
        if isinstance(cell, str):
            text = normalize(cell)
            words = text.split()
            if not words or len(words) > LABEL_WORDS:
                continue
            if TOTAL_WORDS.intersection(words) or _VAT_LINE.search(text):
                return " ".join(cell.split())
    return None
