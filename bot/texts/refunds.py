"""Texts: fiscal receipts, refunds and cash payments."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "pk.reason.cart": Text(
        ru="строки корзины не сходятся с суммой счёта",
        en="the cart's lines do not add up to the invoice's amount",
    ),
    "rcpt.contact_needed": Text(
        ru=(
            "🧾 Для чека нужен e-mail или телефон плательщика: по закону (54-ФЗ) PayKeeper "
            "отправляет чек на один из них. E-mail пропущен — пришлите телефон."
        ),
        en=(
            "🧾 The receipt needs the payer's e-mail or phone: by law (54-FZ) PayKeeper sends "
            "the receipt to one of them. The e-mail was skipped: send the phone."
        ),
    ),
}

TEXTS.update(
    {
        "rf.btn.refund": Text(ru="↩️ Возврат", en="↩️ Refund"),
        "rf.btn.cash": Text(ru="💵 Оплачен наличными", en="💵 Paid in cash"),
        "rf.btn.full": Text(ru="Вернуть всё: {amount}", en="Refund all: {amount}"),
        "rf.btn.part": Text(ru="Вернуть часть", en="Refund a part"),
        "rf.btn.no": Text(ru="Не возвращать", en="Do not refund"),
        "rf.btn.confirm": Text(ru="Да, вернуть {amount}", en="Yes, refund {amount}"),
        "rf.btn.cash_confirm": Text(ru="Да, оплачен наличными", en="Yes, paid in cash"),
        "rf.btn.cash_no": Text(ru="Нет", en="No"),
        "rf.btn.refund_again": Text(
            ru="↩️ Вернуть второй платёж", en="↩️ Refund the second payment"
        ),
        "rf.btn.card": Text(ru="Карточка счёта", en="Invoice card"),
        "inv.money.cash": Text(
            ru=(
                "💵 Оплачен наличными: {amount}. Наличные возвращают из рук в руки, "
                "не через PayKeeper."
            ),
            en="💵 Paid in cash: {amount}. Cash is returned by hand, not through PayKeeper.",
        ),
        "inv.money.refunded": Text(
            ru="↩️ Возвращено по платежу {payment}: {amount}",
            en="↩️ Refunded of payment {payment}: {amount}",
        ),
        "inv.money.refunding": Text(
            ru="↩️ Возвращено по платежу {payment}: {amount} (возврат ещё идёт)",
            en="↩️ Refunded of payment {payment}: {amount} (still under way)",
        ),
        "rf.btn.made": Text(
            ru="В кабинете: возврат прошёл", en="The cabinet shows the refund was made"
        ),
        "rf.btn.not_made": Text(
            ru="В кабинете: возврата не было", en="The cabinet shows no such refund"
        ),
        "rf.doubt_admin": Text(
            ru=(
                "Если в личном кабинете PayKeeper видно, прошёл ли возврат {amount} "
                "(запрос № {request}), отметьте это кнопкой ниже: отметка записывается с вашим "
                "именем."
            ),
            en=(
                "If PayKeeper's cabinet shows whether the refund of {amount} (request no. "
                "{request}) was made, say so below: it is recorded under your name."
            ),
        ),
        "rf.resolved_made": Text(
            ru="Записано: возврат по запросу № {request} прошёл.",
            en="Recorded: the refund of request no. {request} was made.",
        ),
        "rf.resolved_not_made": Text(
            ru="Записано: возврата по запросу № {request} не было. Можно вернуть заново.",
            en="Recorded: the refund of request no. {request} was not made. It may be sent anew.",
        ),
        "rf.resolved_no_longer": Text(
            ru="Этот возврат уже не под вопросом.", en="That refund is no longer in doubt."
        ),
        "rf.again_stale": Text(
            ru="Эта кнопка устарела: верните второй платёж по счёту № {id} в кабинете PayKeeper.",
            en="This button is out of date: refund invoice No. {id}'s second payment in "
            "PayKeeper's cabinet.",
        ),
        "rf.again_done": Text(
            ru="Второй платёж {payment} уже возвращён или возвращается.",
            en="The second payment {payment} is refunded already, or being refunded.",
        ),
        "rf.status.refunding": Text(
            ru="возврат ещё идёт в PayKeeper", en="the refund is still under way at PayKeeper"
        ),
        "rf.choose": Text(
            ru=(
                "↩️ Возврат по счёту № {id}\nОплачено: {paid}\nУже возвращено: {refunded}\n"
                "Можно вернуть: {left}\nВернуть всё или часть?"
            ),
            en=(
                "↩️ Refund of invoice no. {id}\nPaid: {paid}\nRefunded already: {refunded}\n"
                "Can be refunded: {left}\nRefund all or a part?"
            ),
        ),
        "rf.ask_amount": Text(
            ru="Сколько вернуть по счёту № {id}? Не больше {left}. /cancel — не возвращать.",
            en="How much to refund of invoice no. {id}? At most {left}. /cancel: no refund.",
        ),
        "rf.confirm": Text(
            ru=(
                "Вернуть плательщику {amount} по счёту № {id}? Деньги уйдут на его карту, "
                "отменить возврат будет нельзя."
            ),
            en=(
                "Refund {amount} of invoice no. {id} to the payer? The money goes back to "
                "their card; a refund cannot be undone."
            ),
        ),
        "rf.confirm_again": Text(
            ru=(
                "Вернуть второй платёж {payment} ({amount}) по счёту № {id}? Деньги уйдут "
                "плательщику, отменить возврат будет нельзя."
            ),
            en=(
                "Refund the second payment {payment} ({amount}) of invoice no. {id}? The "
                "money goes back to the payer; a refund cannot be undone."
            ),
        ),
        "rf.done": Text(
            ru="✅ Возвращено {amount} по счёту № {id}. Всего возвращено {total}: {status}.",
            en="✅ Refunded {amount} of invoice no. {id}. Refunded in total {total}: {status}.",
        ),
        "rf.done_again": Text(
            ru="✅ Второй платёж {payment} по счёту № {id} возвращён: {amount}.",
            en="✅ The second payment {payment} of invoice no. {id} was refunded: {amount}.",
        ),
        "rf.status.refunded": Text(ru="возвращён полностью", en="refunded"),
        "rf.status.partially_refunded": Text(ru="возвращён частично", en="partially refunded"),
        "rf.pk_refused": Text(
            ru="❌ PayKeeper отказал в возврате: {message}\nДеньги не возвращены.",
            en="❌ PayKeeper refused the refund: {message}\nNothing was refunded.",
        ),
        "rf.no_right": Text(
            ru=(
                "Пользователю PayKeeper, под которым работает бот, не разрешены возвраты: "
                "разрешите их в личном кабинете PayKeeper или сделайте возврат там."
            ),
            en=(
                "The PayKeeper user the bot logs in as may not make refunds: allow it in "
                "PayKeeper's cabinet, or refund there."
            ),
        ),
        "rf.uncertain": Text(
            ru=(
                "⚠️ Запрос на возврат дошёл до PayKeeper, но его ответ не прочитать ({message}): "
                "деньги, возможно, уже возвращены. Не повторяйте возврат — проверьте платёж в "
                "личном кабинете PayKeeper."
            ),
            en=(
                "⚠️ The refund request reached PayKeeper but its answer could not be read "
                "({message}): the money may have been refunded. Do not refund again: check the "
                "payment in PayKeeper's cabinet."
            ),
        ),
        "rf.already": Text(
            ru=(
                "Эта кнопка уже нажата: запрос № {request} — {state}. Второй раз он не "
                "отправляется."
            ),
            en=(
                "This button was already pressed: request no. {request} is {state}. It is "
                "never sent twice."
            ),
        ),
        "rf.state.sent": Text(ru="отправлен, ответа ещё нет", en="sent, no answer yet"),
        "rf.state.done": Text(ru="выполнен", en="done"),
        "rf.state.refused": Text(ru="отклонён", en="refused"),
        "rf.state.uncertain": Text(
            ru="ответ PayKeeper не прочитан, проверьте в кабинете",
            en="PayKeeper's answer unreadable, check the cabinet",
        ),
        "rf.cancelled": Text(ru="Возврат не делался.", en="Nothing was refunded."),
        "rf.cash_cancelled": Text(
            ru="Счёт не отмечен оплаченным наличными.",
            en="The invoice was not marked paid in cash.",
        ),
        "rf.refusal.not_allowed": Text(
            ru="Возвраты и отметку об оплате наличными делают администраторы.",
            en="Refunds and cash payments are for admins.",
        ),
        "rf.refusal.not_paid": Text(
            ru="Счёт не оплачен: возвращать нечего.",
            en="The invoice is not paid: nothing to refund.",
        ),
        "rf.refusal.nothing_left": Text(
            ru="По счёту уже всё возвращено.", en="Everything was refunded already."
        ),
        "rf.refusal.too_much": Text(
            ru="Столько не вернуть: можно не больше {left}.",
            en="That is more than can be refunded: at most {left}.",
        ),
        "rf.refusal.no_payment_id": Text(
            ru="PayKeeper не сообщил номер платежа по этому счёту: сделайте возврат в кабинете.",
            en="PayKeeper gave no payment id for this invoice: refund it in the cabinet.",
        ),
        "rf.refusal.not_open": Text(
            ru="Счёт уже не ждёт оплаты: отметить оплату наличными нельзя.",
            en="The invoice no longer awaits payment: it cannot be marked paid in cash.",
        ),
        "rf.refusal.no_cash": Text(
            ru="Этот сервер PayKeeper не умеет отмечать оплату наличными.",
            en="This PayKeeper server cannot mark invoices paid in cash.",
        ),
        "rf.refusal.pending": Text(
            ru=(
                "Другой возврат по этому платежу сейчас отправляется или его исход ещё не "
                "известен: новый возврат не отправлен, чтобы не вернуть деньги дважды. "
                "Откройте карточку счёта через минуту; если так и останется, проверьте "
                "платёж в личном кабинете PayKeeper."
            ),
            en=(
                "Another refund of this payment is being sent right now, or its outcome is "
                "not known yet: no new refund was sent, so the money is not returned twice. "
                "Open the invoice's card again in a minute; if it stays so, check the payment "
                "in PayKeeper's cabinet."
            ),
        ),
        "rf.cash_ask": Text(
            ru=(
                "Отметить счёт № {id} на {amount} оплаченным наличными? PayKeeper закроет "
                "ссылку на оплату и сделает чек."
            ),
            en=(
                "Mark invoice no. {id} for {amount} paid in cash? PayKeeper closes the payment "
                "link and makes the receipt."
            ),
        ),
        "rf.cash_done": Text(
            ru="✅ Счёт № {id} отмечен оплаченным наличными.",
            en="✅ Invoice no. {id} is marked paid in cash.",
        ),
        "rf.cash_refused": Text(
            ru="❌ PayKeeper не отметил оплату наличными: {message}",
            en="❌ PayKeeper did not mark it paid in cash: {message}",
        ),
        "rf.cash_uncertain": Text(
            ru=(
                "⚠️ Запрос дошёл до PayKeeper, но его ответ не прочитать ({message}): счёт, "
                "возможно, уже отмечен оплаченным. Не повторяйте — обновите карточку."
            ),
            en=(
                "⚠️ The request reached PayKeeper but its answer could not be read "
                "({message}): the invoice may be marked paid already. Do not repeat it: "
                "refresh the card."
            ),
        ),
        "inv.hist.refund_requested": Text(
            ru="запрошен возврат {detail} ₽", en="refund of {detail} RUB requested"
        ),
        "inv.hist.refunded": Text(ru="возвращено {detail} ₽", en="{detail} RUB refunded"),
        "inv.hist.refund_refused": Text(
            ru="возврат отклонён: {detail}", en="refund refused: {detail}"
        ),
        "inv.hist.refund_uncertain": Text(
            ru="возврат: ответ PayKeeper не прочитан", en="refund: PayKeeper's answer unreadable"
        ),
        "inv.hist.cash_requested": Text(
            ru="запрошена отметка об оплате наличными", en="cash payment requested"
        ),
        "inv.hist.paid_again": Text(
            ru="оплачен ещё раз: платёж {detail}", en="paid again: payment {detail}"
        ),
        "inv.hist.cash_paid": Text(ru="оплачен наличными", en="paid in cash"),
        "inv.hist.cash_refused": Text(
            ru="оплата наличными отклонена: {detail}", en="cash payment refused: {detail}"
        ),
        "inv.hist.cash_uncertain": Text(
            ru="оплата наличными: ответ PayKeeper не прочитан",
            en="cash payment: PayKeeper's answer unreadable",
        ),
    }
)
