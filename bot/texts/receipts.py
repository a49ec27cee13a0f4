"""Texts: what the bot says about receipts' VAT and payment type."""

from bot.texts.catalog import Text

TEXTS: dict[str, Text] = {
    "rcpt.rate_replaced": Text(
        ru="ℹ️ Ставка {old} действовала до 2026 года: в чек пойдёт {new}.",
        en="ℹ️ {old} is the rate before 2026: the receipt gets {new}.",
    ),
    "rcpt.rates_replaced": Text(
        ru="ℹ️ Строк со ставкой НДС 20% (до 2026 года): {count}. В чек пойдёт 22%.",
        en="ℹ️ Lines with the pre-2026 20% VAT: {count}. The receipts get 22%.",
    ),
    "rcpt.prepaid": Text(
        ru="🧾 Чек: предоплата, НДС по расчётной ставке (22/122). Чек полного расчёта после "
        "оказания услуги пробивается в кабинете PayKeeper.",
        en="🧾 Receipt: prepayment, VAT at the included rate (22/122). The final-settlement "
        "receipt, once the service is delivered, is made in PayKeeper's cabinet.",
    ),
}
