"""Texts: what is wrong with a typed e-mail or phone."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
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
}
