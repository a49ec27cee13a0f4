"""The message catalogue: every user-facing text, in Russian and English side by side.

Templates are HTML (the bot sends with parse_mode=HTML) with ``str.format`` fields. Values are
escaped when substituted, so a payer named ``<Рога & Копыта>`` or a PayKeeper message with ``&``
can never break a message; pre-built markup is passed wrapped in :class:`Html`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Text:
    """One text in both languages."""

    ru: str
    en: str
