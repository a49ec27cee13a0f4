"""Texts: what is wrong with an invoice typed as one line."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    # ---- one line -------------------------------------------------------------------------
    "input.one_line.empty": Text(
        ru=(
            "Пришлите счёт одной строкой: сначала сумма, затем в любом порядке e-mail, телефон, "
            "срок оплаты и название услуги — всё, кроме суммы, можно пропустить. Например:\n"
            "<code>1500 ivan@example.com +79101234567 31.12.2026 Консультация</code>"
        ),
        en=(
            "Send the invoice in one line: the amount first, then in any order the e-mail, "
            "phone, last day to pay and service name — all but the amount are optional. E.g.:\n"
            "<code>1500 ivan@example.com +79101234567 31.12.2026 Consultation</code>"
        ),
    ),
    "input.one_line.amount_first": Text(
        ru=(
            "Строка должна начинаться с суммы, а она начинается с «{text}». Например:\n"
            "<code>1500 ivan@example.com Консультация</code>"
        ),
        en=(
            "The line must start with the amount, but it starts with «{text}». E.g.:\n"
            "<code>1500 ivan@example.com Consultation</code>"
        ),
    ),
    "input.one_line.amount_split": Text(
        ru=(
            "Не понял, «{text}» — это одна сумма или сумма и начало названия услуги. "
            "В строке пишите сумму без пробелов: 1500. Если название начинается с числа, "
            "поставьте после суммы ₽: 5 ₽ 100 визиток."
        ),
        en=(
            "Is «{text}» one amount, or an amount and the start of the service name? "
            "In one line write the amount without spaces: 1500. If the name starts with a "
            "number, put ₽ after the amount: 5 ₽ 100 flyers."
        ),
    ),
    "input.one_line.two_emails": Text(
        ru="В строке два e-mail, а счёт отправляется на один. Оставьте один адрес.",
        en="The line has two e-mails, but an invoice goes to one. Keep one address.",
    ),
    "input.one_line.two_phones": Text(
        ru="В строке два телефона, а в счёте бывает один. Оставьте один номер.",
        en="The line has two phone numbers, but an invoice takes one. Keep one number.",
    ),
    "input.one_line.two_expiries": Text(
        ru="В строке два срока оплаты. Оставьте один: дату (31.12.2026) или число дней (+7).",
        en="The line has two last days to pay. Keep one: a date (31.12.2026) or days (+7).",
    ),
}
