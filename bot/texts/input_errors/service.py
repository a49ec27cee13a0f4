"""Texts: what is wrong with a typed service name."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
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
}
