"""Texts: inline mode (`@bot ...` in any chat): results, drafts and the create button."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "inv.inline.invoice_title": Text(ru="{amount} · {service}", en="{amount} · {service}"),
    "inv.inline.invoice_description": Text(
        ru="{payer} · {until} · заказ {order_id}",
        en="{payer} · {until} · order {order_id}",
    ),
    "inv.inline.until": Text(ru="до {day}", en="until {day}"),
    "inv.inline.payment": Text(
        ru="🧾 <b>Счёт на оплату: {amount}</b>\nУслуга: {service}\nОплатить до: {last_day}",
        en="🧾 <b>Invoice: {amount}</b>\nService: {service}\nPayable until: {last_day}",
    ),
    "inv.inline.create_title": Text(
        ru="Создать счёт на {amount}", en="Create an invoice for {amount}"
    ),
    "inv.inline.create_description": Text(
        ru="{service} · {until}{contacts}",
        en="{service} · {until}{contacts}",
    ),
    "inv.inline.draft": Text(
        ru=(
            "🧾 <b>Счёт на {amount}</b>\n"
            "Услуга: {service}\n"
            "Оплатить до: {last_day}\n\n"
            "Ссылка на оплату появится здесь, когда менеджер создаст счёт."
        ),
        en=(
            "🧾 <b>Invoice for {amount}</b>\n"
            "Service: {service}\n"
            "Payable until: {last_day}\n\n"
            "The payment link will appear here once the manager creates the invoice."
        ),
    ),
    "inv.inline.creating": Text(
        ru="🧾 <b>Счёт на {amount}</b>\nУслуга: {service}\n\n⏳ Создаю счёт…",
        en="🧾 <b>Invoice for {amount}</b>\nService: {service}\n\n⏳ Creating the invoice…",
    ),
    "inv.inline.pending": Text(
        ru=(
            "🧾 <b>Счёт на {amount}</b>\nУслуга: {service}\n\n"
            "Счёт оформляется — ссылка на оплату будет отправлена отдельно."
        ),
        en=(
            "🧾 <b>Invoice for {amount}</b>\nService: {service}\n\n"
            "The invoice is being processed — the payment link will follow separately."
        ),
    ),
    "inv.inline.btn_create": Text(ru="✅ Создать счёт", en="✅ Create the invoice"),
    "inv.inline.not_yours": Text(
        ru="Создать этот счёт может только менеджер, который его подготовил.",
        en="Only the manager who prepared this invoice can create it.",
    ),
    "inv.inline.expired": Text(
        ru="Черновик устарел. Наберите запрос заново в строке ввода: @бот сумма e-mail услуга.",
        en="This draft has expired. Type the query again: @bot amount e-mail service.",
    ),
    "inv.inline.creating_toast": Text(ru="Создаю счёт…", en="Creating the invoice…"),
    "inv.inline.already": Text(ru="Счёт уже создан.", en="The invoice is already created."),
    "inv.inline.in_progress": Text(
        ru="Этот счёт уже создаётся: PayKeeper пока не ответил, бот сверится с ним сам.",
        en="This invoice is already being created: PayKeeper has not answered yet; "
        "the bot will check with it.",
    ),
    "inv.inline.failed": Text(
        ru="Счёт на {amount} (inline-режим) не создан.\n{reason}\n\nКнопка в чате снова активна.",
        en="The invoice for {amount} (inline mode) was not created.\n{reason}\n\n"
        "The button in the chat works again.",
    ),
    "inv.inline.refused": Text(
        ru="Счёт на {amount} (inline-режим) не создан.\n{reason}\n\n"
        "Кнопка в чате убрана: выставьте счёт заново с другой суммой.",
        en="The invoice for {amount} (inline mode) was not created.\n{reason}\n\n"
        "The button in the chat is gone: issue the invoice again with another amount.",
    ),
    "inv.inline.uncertain": Text(
        ru="Счёт на {amount} (inline-режим):\n{reason}",
        en="The invoice for {amount} (inline mode):\n{reason}",
    ),
    "inv.inline.syntax_title": Text(
        ru="Не получилось разобрать счёт", en="Could not read the invoice"
    ),
    "inv.inline.syntax_message": Text(
        ru=(
            "Счёт через inline-режим: <code>@{bot} сумма [e-mail] [телефон] [срок] [услуга]</code>"
            "\nНапример: <code>@{bot} 1500 ivan@example.com Консультация</code>"
        ),
        en=(
            "An invoice in inline mode: <code>@{bot} amount [e-mail] [phone] [expiry] "
            "[service]</code>\nFor example: <code>@{bot} 1500 ivan@example.com Consulting</code>"
        ),
    ),
    "inv.inline.no_unpaid": Text(
        ru="Неоплаченных счетов нет — открыть бота",
        en="No unpaid invoices — open the bot",
    ),
    "inv.inline.nothing_found": Text(
        ru="Ничего не найдено — открыть бота", en="Nothing found — open the bot"
    ),
    # A posted payment message once its invoice is settled: the pay button is gone.
    "inv.inline.followed": Text(
        ru="{payment}\n\n<b>{state}</b>", en="{payment}\n\n<b>{state}</b>"
    ),
    "inv.inline.state.paid": Text(ru="✅ Оплачено", en="✅ Paid"),
    "inv.inline.state.expired": Text(ru="⌛ Срок оплаты истёк", en="⌛ Payment period expired"),
    "inv.inline.state.cancelled": Text(ru="Отменён", en="Cancelled"),
}
