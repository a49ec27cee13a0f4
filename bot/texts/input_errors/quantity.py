"""Texts: what is wrong with a typed quantity (a receipt line, a bulk file's cell)."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "input.quantity.not_number": Text(
        ru=(
            "Не понял количество «{text}». Пришлите число цифрами, например 2 или 2,5 "
            "(не больше трёх знаков после запятой)."
        ),
        en=(
            "I can't read «{text}» as a quantity. Send a number in digits, e.g. 2 or 2.5 "
            "(at most three decimals)."
        ),
    ),
    "input.quantity.too_many_decimals": Text(
        ru="В количестве «{text}» больше трёх знаков после запятой. Например, 2,125.",
        en="«{text}» has more than three decimals. E.g. 2.125.",
    ),
    "input.quantity.too_large": Text(
        ru="Количество «{text}» слишком большое: не больше 9 999 999.",
        en="The quantity «{text}» is too large: at most 9,999,999.",
    ),
    "input.quantity.not_positive": Text(
        ru="Количество должно быть больше нуля, а не «{text}».",
        en="The quantity must be above zero, not «{text}».",
    ),
}
