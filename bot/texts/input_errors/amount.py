"""Texts: what is wrong with a typed amount."""

from bot.texts.text import Text

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
}
