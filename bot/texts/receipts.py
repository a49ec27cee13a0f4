"""Texts: what the bot says about receipts' VAT and payment type, and the final-settlement
receipt of a prepaid invoice."""

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
        ru="🧾 Чек: предоплата, НДС по расчётной ставке (22/122). После оказания услуги "
        "на карточке оплаченного счёта будет «🧾 Чек полного расчёта».",
        en="🧾 Receipt: prepayment, VAT at the included rate (22/122). Once the service is "
        "delivered, the paid invoice's card offers «🧾 Final receipt».",
    ),
    "rcpt.btn.final": Text(ru="🧾 Чек полного расчёта", en="🧾 Final receipt"),
    "rcpt.final.done": Text(
        ru="🧾 Чек полного расчёта пробит.", en="🧾 The final-settlement receipt is made."
    ),
    "rcpt.final.already": Text(
        ru="🧾 Чек полного расчёта по этому счёту уже есть.",
        en="🧾 This invoice already has its final-settlement receipt.",
    ),
    "rcpt.final.busy": Text(
        ru="⏳ Чек полного расчёта уже запрошен, ждём ответа PayKeeper.",
        en="⏳ The final-settlement receipt is already requested; waiting for PayKeeper.",
    ),
    "rcpt.final.not_prepaid": Text(
        ru="Чек полного расчёта нужен только оплаченному счёту с чеком предоплаты.",
        en="A final-settlement receipt is only for a paid invoice with a prepayment receipt.",
    ),
    "rcpt.final.refused": Text(
        ru="PayKeeper не пробил чек полного расчёта: {message}",
        en="PayKeeper did not make the final-settlement receipt: {message}",
    ),
    "rcpt.final.uncertain": Text(
        ru="PayKeeper не ответил внятно ({message}), и в чеках платежа этого чека пока нет. "
        "Нажмите кнопку ещё раз позже: повтор с тем же ключом чека второй чек не пробьёт.",
        en="PayKeeper gave no clear answer ({message}) and the payment's receipts do not show "
        "it yet. Press the button again later: a repeat with the same receipt key makes no "
        "second receipt.",
    ),
    "inv.hist.final_receipt": Text(
        ru="чек полного расчёта: {detail}", en="final-settlement receipt: {detail}"
    ),
}
