"""Texts: what is wrong with a typed last day."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    # ---- expiry ---------------------------------------------------------------------------
    "input.expiry.empty": Text(
        ru=(
            "Пришлите последний день оплаты: дату, например 31.12.2026, "
            "или число дней вперёд, например +7."
        ),
        en=(
            "Send the last day to pay: a date such as 31.12.2026, "
            "or a number of days ahead such as +7."
        ),
    ),
    "input.expiry.format": Text(
        ru=(
            "Не понял дату «{text}». Пришлите её как 31.12.2026, 31.12.26 или 31.12, "
            "либо число дней вперёд: +7."
        ),
        en=(
            "I can't read «{text}» as a date. Send it as 31.12.2026 (day.month.year), "
            "31.12.26 or 31.12, or a number of days ahead: +7."
        ),
    ),
    "input.expiry.no_such_date": Text(
        ru="Такой даты нет: «{text}». Проверьте день и месяц и пришлите дату снова.",
        en="There is no such date: «{text}» (day.month.year). Check the day and month.",
    ),
    "input.expiry.past": Text(
        ru=(
            "Эта дата уже прошла, а сегодня {today}. Пришлите сегодняшнюю или более позднюю "
            "дату, например +7 — через неделю."
        ),
        en=(
            "That day has passed; today is {today}. Send today or a later date, "
            "e.g. +7 for a week from now."
        ),
    ),
    "input.expiry.too_far": Text(
        ru=(
            "Слишком далёкая дата: счёт можно выставить со сроком оплаты не позже {latest}. "
            "Проверьте год."
        ),
        en=(
            "That date is too far ahead: the last day to pay can be {latest} at most. "
            "Check the year."
        ),
    ),
}
