"""Texts: what is wrong with a manager's answer in the invoice form, and how to fix it; one
module per parser in bot/parsing.

One entry per :class:`bot.parsing.InputError` key. Fields: ``text``/``email``/``phone`` quote
(a shortened) answer back; ``maximum`` and ``latest``/``today`` are an amount and dates,
formatted for the reader by ``InputError.params_for``.
"""

from bot.texts.input_errors import amount, contacts, expiry, one_line, quantity, service, whole
from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    **amount.TEXTS,
    **contacts.TEXTS,
    **expiry.TEXTS,
    **service.TEXTS,
    **one_line.TEXTS,
    **quantity.TEXTS,
    **whole.TEXTS,
}
