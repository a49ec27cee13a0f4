"""Texts: what the bot says about receipts: VAT, payment type, the final-settlement one."""

from bot.texts.text import Text

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
        ru="🧾 Чек: предоплата, НДС по расчётной ставке (22/122). Чек полного расчёта, когда "
        "услуга оказана, — кнопкой «🧾 Чек полного расчёта» в карточке оплаченного счёта.",
        en="🧾 Receipt: prepayment, VAT at the included rate (22/122). The final-settlement "
        "receipt, once the service is delivered: the «🧾 Final receipt» button on the paid "
        "invoice's card.",
    ),
    # The final-settlement receipt of a prepaid invoice.
    "rcpt.btn.final": Text(ru="🧾 Чек полного расчёта", en="🧾 Final receipt"),
    "rcpt.btn.final_yes": Text(ru="Да, пробить чек", en="Yes, make the receipt"),
    "rcpt.btn.final_no": Text(ru="Нет, к счёту", en="No, back to the invoice"),
    "rcpt.final_confirm": Text(
        ru="🧾 Пробить чек полного расчёта по счёту №{id} на {amount}?\n\nВ чеке те же строки, "
        "что в чеке предоплаты, с полным расчётом и НДС 22% (не 22/122); оплата — зачётом "
        "аванса. Пробивайте, когда услуга оказана: чек уйдёт покупателю ({contact}), отменить "
        "его будет нельзя.",
        en="🧾 Make the final-settlement receipt of invoice #{id} for {amount}?\n\nIt has the "
        "prepayment receipt's lines, paid in full at 22% VAT (not 22/122), settled against the "
        "advance. Make it once the service is delivered: it goes to the payer ({contact}) and "
        "cannot be undone.",
    ),
    "rcpt.final_done": Text(
        ru="✅ Чек полного расчёта по счёту №{id} пробит (чек PayKeeper №{receipt}).",
        en="✅ The final-settlement receipt of invoice #{id} is made (PayKeeper receipt "
        "#{receipt}).",
    ),
    "rcpt.final_not_due": Text(
        ru="ℹ️ Чек полного расчёта по счёту №{id} не нужен: счёт не оплачен картой по "
        "предоплате, или по платежу был возврат.",
        en="ℹ️ Invoice #{id} needs no final-settlement receipt: it was not prepaid by card, or "
        "its payment was refunded.",
    ),
    "rcpt.final_in_flight": Text(
        ru="⏳ Чек полного расчёта по счёту №{id} уже запрошен, PayKeeper ещё не ответил. "
        "Откройте карточку счёта чуть позже.",
        en="⏳ The final-settlement receipt of invoice #{id} is already asked for and PayKeeper "
        "has not answered yet. Open the invoice's card a little later.",
    ),
    "rcpt.final_refused": Text(
        ru="❌ Чек полного расчёта по счёту №{id} не пробит: {message}\nЧек не создан, можно "
        "попробовать ещё раз.",
        en="❌ The final-settlement receipt of invoice #{id} was not made: {message}\nNo "
        "receipt was created; you can try again.",
    ),
    "rcpt.final_uncertain": Text(
        ru="⚠️ Чек полного расчёта по счёту №{id} мог быть пробит: PayKeeper не ответил ясно, "
        "а среди чеков платежа {payment} его пока нет. Проверьте в кабинете PayKeeper; бот не "
        "будет пробивать его снова.",
        en="⚠️ The final-settlement receipt of invoice #{id} may have been made: PayKeeper gave "
        "no clean answer, and payment {payment} lists no such receipt yet. Check PayKeeper's "
        "cabinet; the bot will not send it again.",
    ),
    "inv.hist.final_receipt_requested": Text(
        ru="запрошен чек полного расчёта на {detail} ₽",
        en="final-settlement receipt asked for, {detail} RUB",
    ),
    "inv.hist.final_receipt_done": Text(
        ru="пробит чек полного расчёта (№{detail})", en="final-settlement receipt made (#{detail})"
    ),
    "inv.hist.final_receipt_refused": Text(
        ru="чек полного расчёта не пробит: {detail}",
        en="final-settlement receipt refused: {detail}",
    ),
    "inv.hist.final_receipt_uncertain": Text(
        ru="чек полного расчёта: нет ясного ответа — проверьте в кабинете PayKeeper",
        en="final-settlement receipt: no clean answer — check PayKeeper's cabinet",
    ),
}
