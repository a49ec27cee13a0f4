"""The manager's choices about how a draft file is read, as a run stores them.

A run keeps them as one small mapping of keys to numbers (``bulk_runs.choices``): a field's
name to a column index (``-1``: leave it empty), ``sheet`` to the index of a workbook's sheet,
``settled`` to 1 when rows already paid or cancelled are billed too, and ``asked`` to 1 while
a question about the reading is open (nothing may be issued then). Buttons carry these keys
and indexes, never an amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final

from bot.services.bulk.columns import Field
from bot.services.bulk.reading import Reading
from bot.services.bulk.skipping import SETTLED

SHEET: Final = "sheet"
SETTLED_KEY: Final = "settled"
ASKED: Final = "asked"
_FIELDS: Final = frozenset(column.value for column in Field)


@dataclass(frozen=True, slots=True)
class Choices:
    columns: dict[Field, int] = field(default_factory=dict)
    sheet: int | None = None
    include_settled: bool = False
    asked: bool = False

    @classmethod
    def stored(cls, data: dict[str, int]) -> Choices:
        return cls(
            columns={Field(key): value for key, value in data.items() if key in _FIELDS},
            sheet=data.get(SHEET),
            include_settled=bool(data.get(SETTLED_KEY)),
            asked=bool(data.get(ASKED)),
        )

    def changed(self, key: str, index: int) -> Choices | None:
        """With one choice made; None for a key or index no button offers."""
        if key in _FIELDS:
            return replace(self, columns={**self.columns, Field(key): index})
        if key == SHEET and index >= 0:
            return replace(self, sheet=index)
        if key == SETTLED_KEY and index in (0, 1):
            return replace(self, include_settled=bool(index))
        return None

    def to_stored(self, reading: Reading) -> dict[str, int]:
        data = {column.value: index for column, index in self.columns.items()}
        if self.sheet is not None:
            data[SHEET] = self.sheet
        if self.include_settled:
            data[SETTLED_KEY] = 1
        if reading.questions:
            data[ASKED] = 1
        return data


def can_choose(reading: Reading) -> bool:
    """Whether the manager may have the file read otherwise (so its upload is kept)."""
    return bool(
        reading.columns.alternatives
        or reading.questions
        or len(reading.sheets) > 1
        or any(row.kind in SETTLED for row in reading.skipped)
    )
