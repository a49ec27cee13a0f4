"""Text cleaning every parser starts with (invisible characters) and the typed "skip"."""

from __future__ import annotations

import unicodedata
from typing import Final

_ZWJ: Final = "\u200d"
# What may stand between a pictograph and the joiner: variation selectors and skin tones.
_EMOJI_MODIFIERS: Final = frozenset(
    "\ufe0e\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"
)


def _joins_pictographs(text: str, index: int) -> bool:
    """Whether the joiner at ``index`` glues two pictographs (category So) of an emoji."""
    before = index - 1
    while before >= 0 and text[before] in _EMOJI_MODIFIERS:
        before -= 1
    after = index + 1
    return (
        before >= 0
        and after < len(text)
        and unicodedata.category(text[before]) == "So"
        and unicodedata.category(text[after]) == "So"
    )


def strip_invisible(text: str) -> str:
    """``text`` without format characters (Unicode category Cf) but a joiner inside an emoji.

    Applied by every parser here before anything else; the module docs say why.
    """
    if text.isascii() or text.isprintable():  # neither holds a format character
        return text
    return "".join(
        character
        for index, character in enumerate(text)
        if unicodedata.category(character) != "Cf"
        or (character == _ZWJ and _joins_pictographs(text, index))
    )


# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
_DASHES: Final = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")


def is_skip(text: str) -> bool:
    """A lone dash (``-``, ``–``, ``—``, with any spaces around) means "skip this answer"."""
    return strip_invisible(text).strip() in _DASHES
