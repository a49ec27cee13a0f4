"""Texts: notify."""

from bot.texts.catalog import T

TEXTS: dict[str, T] = {}
