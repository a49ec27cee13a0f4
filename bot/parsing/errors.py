"""The one error every parser raises, and how a manager's text is quoted back in it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from bot.formatting import format_amount, format_date

# Longest piece of the manager's own text quoted back in an error message.
_EXCERPT_LENGTH: Final = 40


class InputError(ValueError):
    """Bad input: ``key`` names a text in ``bot/texts/input_errors/``; ``params`` fill it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, object] = params

    def params_for(self, lang: str) -> dict[str, object]:
        """The params with amounts and dates formatted for ``lang`` (``"ru"`` or ``"en"``)."""
        shown: dict[str, object] = {}
        for name, value in self.params.items():
            if isinstance(value, Decimal):
                shown[name] = format_amount(value, lang)
            elif isinstance(value, date):
                shown[name] = format_date(value, lang)
            else:
                shown[name] = value
        return shown

    def __repr__(self) -> str:
        return f"InputError({self.key!r}, **{self.params!r})"


def excerpt(text: str) -> str:
    """The manager's text, shortened for quoting in a message."""
    text = " ".join(text.split())
    if len(text) <= _EXCERPT_LENGTH:
        return text
    return text[: _EXCERPT_LENGTH - 1] + "…"
