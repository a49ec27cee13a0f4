"""Texts: a whole number out of its question's bounds (bot/parsing/whole.py)."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "input.whole.not_number": Text(
        ru="«{text}» — не целое число. Напишите число от {low} до {high}.",
        en="“{text}” is not a whole number. Type a number from {low} to {high}.",
    ),
    "input.whole.out_of_range": Text(
        ru="{value} — вне допустимого. Напишите число от {low} до {high}.",
        en="{value} is out of range. Type a number from {low} to {high}.",
    ),
}
