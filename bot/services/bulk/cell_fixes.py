"""Optional cells that are almost right: read what the manager meant, and say so.

A CRM puts every e-mail of a contact in one cell ("buh@alfa.ru, o.smirnov@alfa.ru") and a
phone with its extension ("+7 (495) 123-45-67 доб. 2201"). Neither should withhold an
invoice: the first e-mail is the one the CRM lists first, and PayKeeper has no room for an
extension. The row's result says what was taken (see ``CheckedRow.notes``).
"""

from __future__ import annotations

import re
from typing import Final

FIRST_EMAIL: Final = "bulk.note.first_email"
NO_EXTENSION: Final = "bulk.note.phone_extension"

_SEPARATORS: Final = re.compile(r"[\s,;]+")
_EXTENSION: Final = re.compile(
    r"[\s,;(]*(?:доб\.?|добавочный|вн\.?|ext\.?|extension|x)\s*\d{1,6}\)?\s*$", re.IGNORECASE
)


def first_email(text: str) -> tuple[str, str | None]:
    """The first of several e-mails in a cell, with a note; one e-mail is left as it is."""
    parts = [part for part in _SEPARATORS.split(text) if part]
    if len(parts) > 1 and all("@" in part for part in parts):
        return parts[0], FIRST_EMAIL
    return text, None


def without_extension(text: str) -> tuple[str, str | None]:
    """The number without a trailing extension («доб. 2201», «ext. 12»), with a note."""
    stripped = _EXTENSION.sub("", text)
    if stripped != text and any(character.isdigit() for character in stripped):
        return stripped, NO_EXTENSION
    return text, None
