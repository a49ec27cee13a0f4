"""Texts: what is wrong with a manager's answer in the invoice form, and how to fix it.

One entry per :class:`bot.parsing.InputError` key. Fields: ``text``/``email``/``phone`` quote
(a shortened) answer back; ``maximum`` and ``latest``/``today`` are an amount and dates,
formatted for the reader by ``InputError.params_for``.
"""

from bot.texts.catalog import Text

TEXTS: dict[str, Text] = {
    # ---- amount ---------------------------------------------------------------------------
    "input.amount.empty": Text(
        ru="Пришлите сумму счёта числом, например 1500 или 1 500,50.",
        en="Send the invoice amount as a number, e.g. 1500 or 1 500.50.",
    ),
    "input.amount.not_number": Text(
        ru="Не понял сумму «{text}». Пришлите число, например 1500 или 1 500,50.",
        en="I can't read «{text}» as an amount. Send a number, e.g. 1500 or 1 500.50.",
    ),
    "input.amount.foreign_currency": Text(
        ru="Счета выставляются только в рублях. Пришлите сумму в рублях, например 1500.",
        en="Invoices are issued in roubles only. Send the amount in roubles, e.g. 1500.",
    ),
    "input.amount.not_positive": Text(
        ru="Сумма должна быть больше нуля. Пришлите, например, 1500 или 1 500,50.",
        en="The amount must be greater than zero. Send e.g. 1500 or 1 500.50.",
    ),
    "input.amount.too_many_decimals": Text(
        ru=(
            "В сумме «{text}» больше двух знаков после запятой, а копеек всего две цифры. "
            "Пришлите, например, 1500,50."
        ),
        en=(
            "«{text}» has more than two digits after the decimal point; kopecks take two. "
            "Send e.g. 1500.50."
        ),
    ),
    "input.amount.ambiguous": Text(
        ru=(
            "Не понял, что значит «{text}»: тысячи или рубли с копейками. "
            "Тысячи пишите без разделителя или через пробел (1500 или 1 500), "
            "копейки — двумя цифрами после запятой (1,50)."
        ),
        en=(
            "«{text}» is ambiguous: thousands, or roubles and kopecks? "
            "Write thousands without a separator or with a space (1500 or 1 500), "
            "kopecks as two digits after the point (1.50)."
        ),
    ),
    "input.amount.bad_grouping": Text(
        ru=(
            "В сумме «{text}» цифры разделены неправильно: между разделителями тысяч должно быть "
            "ровно по три цифры. Пришлите, например, 1 500 000 или 1500000."
        ),
        en=(
            "The digits in «{text}» are grouped wrongly: thousands separators must split off "
            "exactly three digits. Send e.g. 1 500 000 or 1500000."
        ),
    ),
    "input.amount.too_large": Text(
        ru="Сумма слишком большая: один счёт — не больше {maximum}. Пришлите сумму поменьше.",
        en="The amount is too large: one invoice can be at most {maximum}. Send a smaller one.",
    ),
    # ---- e-mail ---------------------------------------------------------------------------
    "input.email.empty": Text(
        ru="Пришлите e-mail клиента, например ivan@example.com.",
        en="Send the client's e-mail, e.g. ivan@example.com.",
    ),
    "input.email.spaces": Text(
        ru=(
            "В адресе «{email}» есть пробел. "
            "Пришлите e-mail без пробелов, например ivan@example.com."
        ),
        en="«{email}» contains a space. Send the e-mail without spaces, e.g. ivan@example.com.",
    ),
    "input.email.no_at": Text(
        ru="В адресе «{email}» нет знака @. Пришлите e-mail целиком, например ivan@example.com.",
        en="«{email}» has no @ sign. Send the whole e-mail, e.g. ivan@example.com.",
    ),
    "input.email.many_at": Text(
        ru=(
            "В адресе «{email}» больше одного знака @. "
            "Пришлите один адрес, например ivan@example.com."
        ),
        en="«{email}» has more than one @ sign. Send a single address, e.g. ivan@example.com.",
    ),
    "input.email.nothing_before_at": Text(
        ru=(
            "В адресе «{email}» нет имени перед @. "
            "Пришлите e-mail целиком, например ivan@example.com."
        ),
        en="«{email}» has no name before the @. Send the whole e-mail, e.g. ivan@example.com.",
    ),
    "input.email.nothing_after_at": Text(
        ru=(
            "В адресе «{email}» нет домена после @. "
            "Пришлите e-mail целиком, например ivan@example.com."
        ),
        en="«{email}» has no domain after the @. Send the whole e-mail, e.g. ivan@example.com.",
    ),
    "input.email.domain_no_dot": Text(
        ru=(
            "В адресе «{email}» после @ должен быть домен с точкой, например example.com. "
            "Проверьте адрес и пришлите его снова."
        ),
        en=(
            "In «{email}» the part after the @ must be a domain with a dot, like example.com. "
            "Check the address and send it again."
        ),
    ),
    "input.email.dots": Text(
        ru=(
            "В адресе «{email}» лишняя или неуместная точка либо дефис: они не могут стоять "
            "в начале, в конце, рядом с @ или два подряд. Проверьте адрес и пришлите его снова."
        ),
        en=(
            "«{email}» has a misplaced dot or hyphen: they cannot come first, last, next to "
            "the @ or twice in a row. Check the address and send it again."
        ),
    ),
    "input.email.too_long": Text(
        ru="Адрес «{email}» слишком длинный для e-mail. Проверьте его и пришлите снова.",
        en="«{email}» is too long for an e-mail address. Check it and send it again.",
    ),
    "input.email.reserved_domain": Text(
        ru=(
            "Домен в адресе «{email}» служебный, на него письма не доставляются. "
            "Пришлите настоящий адрес клиента."
        ),
        en=(
            "The domain of «{email}» is reserved and receives no mail. "
            "Send the client's real address."
        ),
    ),
    "input.email.non_ascii_local": Text(
        ru=(
            "В адресе «{email}» до @ есть русские или другие не латинские буквы — такие адреса "
            "многие почтовые серверы не принимают. Пришлите адрес латиницей."
        ),
        en=(
            "«{email}» has non-Latin letters before the @, which many mail servers reject. "
            "Send an address in Latin letters."
        ),
    ),
    "input.email.invalid_chars": Text(
        ru=(
            "В адресе «{email}» есть недопустимые символы. В e-mail бывают латинские буквы, "
            "цифры, точка, дефис, подчёркивание и @. Проверьте адрес и пришлите его снова."
        ),
        en=(
            "«{email}» contains characters not allowed in an e-mail: use Latin letters, digits, "
            "dots, hyphens, underscores and the @. Check the address and send it again."
        ),
    ),
    "input.email.bad_domain": Text(
        ru=(
            "Часть адреса «{email}» после @ не похожа на домен. Проверьте её (например, "
            "example.com) и пришлите адрес снова."
        ),
        en=(
            "The part of «{email}» after the @ is not a valid domain. Check it (e.g. "
            "example.com) and send the address again."
        ),
    ),
    "input.email.invalid": Text(
        ru="«{email}» не похоже на e-mail. Пришлите адрес вида ivan@example.com.",
        en="«{email}» doesn't look like an e-mail. Send an address like ivan@example.com.",
    ),
    # ---- phone ----------------------------------------------------------------------------
    "input.phone.empty": Text(
        ru="Пришлите телефон клиента, например +7 910 123-45-67 или 8 910 123-45-67.",
        en="Send the client's phone, e.g. +7 910 123-45-67 or 8 910 123-45-67.",
    ),
    "input.phone.invalid_chars": Text(
        ru=(
            "В номере «{phone}» лишние символы: можно только цифры, пробелы, скобки, дефисы "
            "и + в начале. Пришлите, например, +7 910 123-45-67."
        ),
        en=(
            "«{phone}» has characters a phone number can't have: only digits, spaces, "
            "brackets, hyphens and a leading + are allowed. Send e.g. +7 910 123-45-67."
        ),
    ),
    "input.phone.wrong_length_ru": Text(
        ru=(
            "В российском номере 11 цифр (+7 или 8 и ещё 10), а в «{phone}» — {count}. "
            "Проверьте номер; номер другой страны пришлите с + и кодом страны."
        ),
        en=(
            "A Russian number has 11 digits (+7 or 8 and 10 more), but «{phone}» has {count}. "
            "Check it; send a foreign number with + and the country code."
        ),
    ),
    "input.phone.invalid": Text(
        ru=(
            "Номер «{phone}» не существует: проверьте код и количество цифр. "
            "Пришлите, например, +7 910 123-45-67 или 8 910 123-45-67."
        ),
        en=(
            "«{phone}» is not a valid phone number: check the code and the number of digits. "
            "Send e.g. +7 910 123-45-67 or 8 910 123-45-67."
        ),
    ),
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
    # ---- service --------------------------------------------------------------------------
    "input.service.empty": Text(
        ru="Пришлите название услуги, например «Консультация».",
        en="Send the name of the service, e.g. «Consultation».",
    ),
    "input.service.control_chars": Text(
        ru="В названии услуги есть невидимые служебные символы. Наберите название заново.",
        en="The service name contains invisible control characters. Type it again.",
    ),
    "input.service.too_long": Text(
        ru=(
            "Название услуги слишком длинное: {length} симв., а можно не больше {maximum}. "
            "Сократите его."
        ),
        en=(
            "The service name is too long: {length} characters, at most {maximum} allowed. "
            "Shorten it."
        ),
    ),
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
