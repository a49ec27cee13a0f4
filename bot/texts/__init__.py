"""Localised texts: ``Texts(lang)("key", name=value)`` renders a catalogue entry safely.

Each feature keeps its texts in its own module (``bot/texts/<feature>.py``) as a ``TEXTS`` dict
of key -> :class:`Text`; they are merged here, and a test checks both languages of every entry use
the same fields.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Literal

from bot.texts import (
    approvals,
    bulk,
    catalogue,
    core,
    dashboard,
    form,
    inline,
    input_errors,
    invoices,
    notify,
    ops,
    payers,
    receipts,
    refunds,
    report,
    schedules,
    team,
)
from bot.texts.text import Text

Lang = Literal["ru", "en"]
LANGUAGES: tuple[Lang, ...] = ("ru", "en")


class Html(str):
    """A string that is already safe HTML and must not be escaped again."""

    __slots__ = ()


def _merge(*parts: Mapping[str, Text]) -> dict[str, Text]:
    merged: dict[str, Text] = {}
    for part in parts:
        clash = merged.keys() & part.keys()
        if clash:
            raise RuntimeError(f"duplicate text keys: {sorted(clash)}")
        merged.update(part)
    return merged


CATALOG: dict[str, Text] = _merge(
    core.TEXTS,
    form.TEXTS,
    input_errors.TEXTS,
    invoices.TEXTS,
    inline.TEXTS,
    notify.TEXTS,
    bulk.TEXTS,
    team.TEXTS,
    approvals.TEXTS,
    report.TEXTS,
    refunds.TEXTS,
    catalogue.TEXTS,
    receipts.TEXTS,
    schedules.TEXTS,
    ops.TEXTS,
    dashboard.TEXTS,
    payers.TEXTS,
)


def language_for(language_code: str | None) -> Lang:
    """English for users whose Telegram language is English, Russian for everyone else."""
    if language_code and language_code.lower().split("-")[0] == "en":
        return "en"
    return "ru"


def texts_for(language_code: str | None) -> Texts:
    """The catalogue in the language of a user whose Telegram language is ``language_code``
    (as Telegram reports it now, or as the people table remembers it)."""
    return Texts(language_for(language_code))


def escape(value: object) -> str:
    if isinstance(value, Html):
        return value
    return html.escape(str(value), quote=False)


class Texts:
    """The catalogue bound to one language."""

    __slots__ = ("lang",)

    def __init__(self, lang: Lang) -> None:
        self.lang: Lang = lang

    def __call__(self, key: str, /, **values: object) -> str:
        template: str = getattr(CATALOG[key], self.lang)
        if not values:
            return template
        return template.format(**{name: escape(value) for name, value in values.items()})

    def html(self, key: str, /, **values: object) -> Html:
        """The rendered text marked as safe, for embedding into another template."""
        return Html(self(key, **values))
