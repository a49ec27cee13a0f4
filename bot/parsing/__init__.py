"""Parsers for what a manager types into the invoice form, one module per kind of answer:
amount, contacts (e-mail, phone), expiry, service, the one-line form; errors and text
cleaning shared by all.

Every parser is a pure function of its text (and of ``today`` / ``maximum`` where it needs
them). For bad input it raises :class:`InputError` and nothing else, whatever the string; the
error's ``key`` names a message in :mod:`bot.texts.input_errors` and its ``params`` are that
message's fields. Render one with ``texts(err.key, **err.params_for(texts.lang))``: that formats
amounts and dates for the reader's language (``err.params`` holds the raw values; their ``str``
is readable too: ``1000000``, ``2026-12-31``).

Decisions worth knowing
-----------------------
Invisible characters
    Every parser first removes Unicode format characters (category Cf: direction overrides and
    isolates such as U+202E, zero-width spaces and joiners, U+FEFF, the soft hyphen...), see
    :func:`strip_invisible`. They are removed rather than refused: a stray zero-width space
    comes with text pasted from websites and messengers, and the manager cannot see it to fix
    it; removing them also means a service name cannot be made to display as something else
    (``U+202E`` reverses what follows). The one exception is a zero-width joiner between two
    pictographs: it glues an emoji sequence (👨‍👩‍👧, 🏳️‍🌈) into one picture, and there it can
    neither reorder nor hide letters. Everywhere else it goes, as does the non-joiner (only
    Persian and Indic spelling need it). Tag characters are dropped too (they can carry hidden
    ASCII), so a subdivision flag such as Scotland's shows as a plain 🏴.
Amounts
    Digits with an optional decimal part of one or two digits, separated by ``,`` or ``.``.
    Thousands may be grouped by spaces (any of space, U+00A0, U+2007, U+2009, U+202F), or by the
    other punctuation mark when both appear (``1,500.50`` and ``1.500,50`` are both 1500.50);
    groups after the first must have exactly three digits. A single ``,`` or ``.`` followed by
    exactly three digits after a one-to-three-digit number (``1,500``, ``2.000``) is refused as
    ambiguous: it is a thousand-separator to some people and a decimal comma to others, and a
    wrong guess changes the amount a thousandfold. One rouble sign or word may come before or
    after the number (``₽``, ``р``, ``р.``, ``руб``, ``руб.``, ``рубль``/``рубля``/``рублей``,
    ``rub``, ``rur``, and a Latin ``p`` typed for ``р``). Signs, exponents, NaN/Infinity,
    non-ASCII digits and foreign currencies are refused. Every amount a person types or a
    file carries goes through :func:`parse_amount`: the form's, a receipt line's price, a
    catalogue price (typed or imported), a refund, a bulk file's amount and price cells.
Quantities
    ASCII digits with at most one decimal mark and three decimals (``2``, ``2,5``, ``0.125``),
    taken exactly as written: no grouping, sign or exponent (:func:`parse_quantity`).
One-line form
    The amount is the first word only, optionally followed by one rouble word (``1500 ₽``).
    Spaces inside numbers are what separates words there, so ``1 500 ...`` cannot be told apart
    from "1 rouble, service '500 ...'"; rather than guess, a three-digit number right after a
    one-to-three-digit amount is refused with a message asking to write ``1500`` (or to put
    ``₽`` after the amount when the service really starts with a number). No-break and thin
    spaces do not split words, so an amount copied from the bot (``1 500,00 ₽``) still works.
    Words are then recognised by what they are, in any order:

    * a word with ``@`` is the e-mail;
    * a phone is one or more words made only of digits, brackets and dashes, the first starting
      with ``+``, ``7``, ``8``, ``9`` or ``(``, that together have 11 digits (``+7``/``7``/``8``
      ...), 10 digits starting with 9 (``9101234567``), or a valid number after ``+`` (other
      countries): ``+7 (910) 123-45-67`` and ``8 910 123 45 67`` are recognised whole. Digits
      after ``+7``/``7``/``8`` one short or one too many still count as a (mistyped) phone, so
      the manager is told, rather than the digits silently joining the service;
    * ``+N`` and the date forms of :func:`parse_expiry` are the expiry, except that the short
      ``DD.MM`` form needs two-digit day and month in range (``31.12``, ``01.05``), so ``1.5``
      or ``10.00`` stay part of the service;
    * everything else is the service, words joined by single spaces in their order; dashes at
      its start or end are dropped, so ``1500 — Консультация`` works.

    A trailing ``,`` or ``;`` on a word is ignored when recognising it (``1500, a@b.ru, ...``).
"""

from bot.parsing.amount import parse_amount
from bot.parsing.contacts import parse_email, parse_phone
from bot.parsing.errors import InputError
from bot.parsing.expiry import MAX_EXPIRY_YEARS, latest_expiry, parse_expiry
from bot.parsing.one_line import OneLine, parse_one_line
from bot.parsing.quantity import parse_quantity
from bot.parsing.service import SERVICE_MAX_LENGTH, parse_service
from bot.parsing.text import is_skip, strip_invisible

__all__ = [
    "MAX_EXPIRY_YEARS",
    "SERVICE_MAX_LENGTH",
    "InputError",
    "OneLine",
    "is_skip",
    "latest_expiry",
    "parse_amount",
    "parse_email",
    "parse_expiry",
    "parse_one_line",
    "parse_phone",
    "parse_quantity",
    "parse_service",
    "strip_invisible",
]
