"""Texts: the /invoice form, its summary and the delivery of the result."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    # Questions, in the order asked.
    "form.ask_amount": Text(
        ru="Сумма счёта в рублях? Например: <code>1500</code> или <code>1 500,50</code>",
        en="Invoice amount in roubles? For example: <code>1500</code> or <code>1 500.50</code>",
    ),
    "form.ask_email": Text(
        ru=(
            "E-mail плательщика? На него PayKeeper может отправить счёт.\n"
            "Если нужна только ссылка на оплату — пропустите."
        ),
        en=(
            "The payer's e-mail? PayKeeper can e-mail the invoice to it.\n"
            "If you only need the payment link, skip this."
        ),
    ),
    "form.ask_phone": Text(
        ru="Телефон плательщика? Например: <code>+7 910 123-45-67</code>. Можно пропустить.",
        en="The payer's phone? For example: <code>+7 910 123-45-67</code>. You can skip this.",
    ),
    "form.ask_expiry": Text(
        ru=(
            "До какого дня включительно счёт можно оплатить?\n"
            "<code>31.12.2026</code>, <code>31.12</code>, <code>+7</code> (дней) — или кнопка."
        ),
        en=(
            "What is the last day the invoice can be paid?\n"
            "<code>31.12.2026</code>, <code>31.12</code>, <code>+7</code> (days) — or a button."
        ),
    ),
    "form.ask_service": Text(
        ru="Название услуги (до 128 символов)? Если пропустить — «{default}».",
        en="The service name (up to 128 characters)? If skipped: “{default}”.",
    ),
    "form.text_expected": Text(
        ru="Пришлите, пожалуйста, ответ текстом.",
        en="Please send your answer as text.",
    ),
    "form.restarted": Text(
        ru="Начинаем новый счёт, прежний черновик отброшен.",
        en="Starting a new invoice; the previous draft is discarded.",
    ),
    "form.cancelled": Text(
        ru="Заполнение счёта прервано. Ничего не создано.",
        en="The invoice form is cancelled. Nothing was created.",
    ),
    "form.one_line_error": Text(
        ru=(
            "{reason}\n\nФормат: <code>/invoice сумма [e-mail] [телефон] [срок] [услуга]</code>\n"
            "Например: <code>/invoice 1500 ivan@example.com 31.12 Консультация</code>"
        ),
        en=(
            "{reason}\n\n"
            "Format: <code>/invoice amount [e-mail] [phone] [expiry] [service]</code>\n"
            "For example: <code>/invoice 1500 ivan@example.com 31.12 Consulting</code>"
        ),
    ),
    # The summary.
    "form.summary": Text(
        ru=(
            "<b>Проверьте счёт</b>\n\n"
            "Сумма: <b>{amount}</b>\n"
            "E-mail плательщика: {email}\n"
            "Телефон: {phone}\n"
            "Оплатить до: {last_day}\n"
            "Услуга: {service}\n\n"
            "Как передать счёт плательщику?"
        ),
        en=(
            "<b>Check the invoice</b>\n\n"
            "Amount: <b>{amount}</b>\n"
            "Payer's e-mail: {email}\n"
            "Phone: {phone}\n"
            "Payable until: {last_day}\n"
            "Service: {service}\n\n"
            "How should the payer get it?"
        ),
    ),
    "form.not_given": Text(ru="—", en="—"),
    "form.no_expiry": Text(ru="без срока", en="no expiry"),
    "form.until_day": Text(ru="{day} включительно", en="{day} inclusive"),
    "form.issuing": Text(
        ru="⏳ Создаю счёт в PayKeeper…", en="⏳ Creating the invoice in PayKeeper…"
    ),
    "form.outdated": Text(
        ru="Эта сводка устарела — пользуйтесь последней.",
        en="This summary is outdated — use the latest one.",
    ),
    "form.finished": Text(
        ru="Эта форма уже закрыта. /invoice — новый счёт.",
        en="This form is already closed. /invoice — a new invoice.",
    ),
    "form.retry_hint": Text(
        ru="Ответы сохранены: можно повторить или изменить данные.",
        en="Your answers are kept: you can try again or change them.",
    ),
    # Buttons.
    "btn.skip": Text(ru="Пропустить", en="Skip"),
    "btn.remind_on": Text(ru="🔔 Напомнить плательщику", en="🔔 Remind the payer"),
    "btn.remind_off": Text(ru="🔕 Не напоминать", en="🔕 No reminder"),
    "form.reminder_on": Text(
        ru="\n🔔 Не оплатит — PayKeeper ещё раз отправит счёт за {days} дн. до срока",
        en="\n🔔 If unpaid, PayKeeper e-mails it again {days} days before the last day",
    ),
    "form.reminder_off": Text(
        ru="\n🔕 Без напоминания плательщику", en="\n🔕 No reminder to the payer"
    ),
    "btn.skip_email": Text(ru="Пропустить — нужна только ссылка", en="Skip — link only"),
    "btn.tomorrow": Text(ru="Завтра", en="Tomorrow"),
    "btn.days3": Text(ru="3 дня", en="3 days"),
    "btn.days7": Text(ru="7 дней", en="7 days"),
    "btn.month_end": Text(ru="До конца месяца", en="End of month"),
    "btn.no_expiry": Text(ru="Без срока", en="No expiry"),
    "btn.default_service": Text(ru="«{default}»", en="“{default}”"),
    "btn.send_email": Text(ru="📧 Отправить на e-mail", en="📧 Send by e-mail"),
    "btn.get_link": Text(ru="🔗 Получить ссылку", en="🔗 Get the link"),
    "btn.edit": Text(ru="✏️ Изменить", en="✏️ Edit"),
    "btn.cancel": Text(ru="✖️ Отмена", en="✖️ Cancel"),
    "btn.back": Text(ru="← Назад", en="← Back"),
    "btn.pay": Text(ru="Оплатить {amount}", en="Pay {amount}"),
    "field.amount": Text(ru="Сумма", en="Amount"),
    "field.email": Text(ru="E-mail", en="E-mail"),
    "field.phone": Text(ru="Телефон", en="Phone"),
    "field.expiry": Text(ru="Срок", en="Expiry"),
    "field.service": Text(ru="Услуга", en="Service"),
    # Results.
    "result.link": Text(
        ru=(
            "✅ <b>Счёт создан</b>\n\n"
            "Сумма: <b>{amount}</b>\nУслуга: {service}\nОплатить до: {last_day}\n\n"
            "Ссылка на оплату:\n{url}"
        ),
        en=(
            "✅ <b>Invoice created</b>\n\n"
            "Amount: <b>{amount}</b>\nService: {service}\nPayable until: {last_day}\n\n"
            "Payment link:\n{url}"
        ),
    ),
    "result.emailed": Text(
        ru=(
            "✅ <b>Счёт создан, PayKeeper отправил его на {email}</b>\n\n"
            "Сумма: <b>{amount}</b>\nУслуга: {service}\nОплатить до: {last_day}\n\n"
            "Ссылка на оплату:\n{url}"
        ),
        en=(
            "✅ <b>Invoice created and e-mailed by PayKeeper to {email}</b>\n\n"
            "Amount: <b>{amount}</b>\nService: {service}\nPayable until: {last_day}\n\n"
            "Payment link:\n{url}"
        ),
    ),
    "result.email_failed": Text(
        ru=(
            "⚠️ <b>Счёт создан, но PayKeeper не отправил письмо на {email}:</b> {message}\n\n"
            "Сумма: <b>{amount}</b>\nУслуга: {service}\nОплатить до: {last_day}\n\n"
            "Передайте ссылку плательщику сами:\n{url}"
        ),
        en=(
            "⚠️ <b>Invoice created, but PayKeeper did not e-mail it to {email}:</b> {message}\n\n"
            "Amount: <b>{amount}</b>\nService: {service}\nPayable until: {last_day}\n\n"
            "Pass the link to the payer yourself:\n{url}"
        ),
    ),
    "fail.refused": Text(
        ru="❌ {message}\nСчёт не создан: в PayKeeper ничего не отправлено.",
        en="❌ {message}\nThe invoice was not created: nothing was sent to PayKeeper.",
    ),
    "issue.cart_mismatch": Text(
        ru=(
            "Строки чека дают {lines}, а сумма счёта — {amount}: такой чек не сложится. "
            "Исправьте строки или сумму."
        ),
        en=(
            "The receipt lines add up to {lines}, the invoice is for {amount}: that receipt "
            "cannot add up. Correct the lines or the amount."
        ),
    ),
    "form.lines_dropped": Text(
        ru=(
            "Сумма задана вручную, поэтому строки чека убраны: счёт пойдёт одной строкой "
            "на всю сумму. Нужны строки — добавьте их заново кнопкой «➕ Добавить строку»."
        ),
        en=(
            "The amount was set by hand, so the receipt lines were dropped: the invoice goes "
            "as one line for the whole amount. To bill by lines, add them again with "
            "«➕ Add a line»."
        ),
    ),
    "fail.rejected": Text(
        ru="❌ PayKeeper отказал: <b>{message}</b>\nСчёт не создан.",
        en="❌ PayKeeper refused: <b>{message}</b>\nThe invoice was not created.",
    ),
    "fail.auth": Text(
        ru="❌ {message}. Счёт не создан. Сообщите администратору бота.",
        en="❌ {message}. The invoice was not created. Please tell the bot's administrator.",
    ),
    "fail.unreachable": Text(
        ru="❌ Не удалось связаться с PayKeeper ({message}). Счёт не создан.",
        en="❌ Could not reach PayKeeper ({message}). The invoice was not created.",
    ),
    "fail.uncertain": Text(
        ru=(
            "⚠️ Запрос дошёл до PayKeeper, но {message}, и счёт мог быть создан. "
            "Не выставляйте его повторно: бот сам сверится с PayKeeper по заказу "
            "<code>{order_id}</code> и сообщит результат."
        ),
        en=(
            "⚠️ The request reached PayKeeper, but {message}, so the invoice may have been "
            "created. Do not issue it again: the bot will check order <code>{order_id}</code> "
            "with PayKeeper and tell you the result."
        ),
    ),
    "result.email_uncertain": Text(
        ru=(
            "⚠️ <b>Счёт создан. Письмо на {email} PayKeeper, возможно, отправил:</b> {message}."
            "\n\nСумма: <b>{amount}</b>\nУслуга: {service}\nОплатить до: {last_day}\n\n"
            "Прежде чем отправлять ещё раз, уточните у плательщика. Ссылка на оплату:\n{url}"
        ),
        en=(
            "⚠️ <b>Invoice created. PayKeeper may have e-mailed it to {email}:</b> {message}."
            "\n\nAmount: <b>{amount}</b>\nService: {service}\nPayable until: {last_day}\n\n"
            "Check with the payer before sending it again. Payment link:\n{url}"
        ),
    ),
    "form.issued_before": Text(
        ru="ℹ️ По этой сводке счёт №{id} уже выставлен, второй не создаётся. Статус: {status}.",
        en=(
            "ℹ️ Invoice no. {id} was already issued from this summary; no second one is made. "
            "Status: {status}."
        ),
    ),
    "form.issued_before_link": Text(
        ru=(
            "Сумма: <b>{amount}</b>\nУслуга: {service}\nОплатить до: {last_day}\n\n"
            "Ссылка на оплату:\n{url}"
        ),
        en=(
            "Amount: <b>{amount}</b>\nService: {service}\nPayable until: {last_day}\n\n"
            "Payment link:\n{url}"
        ),
    ),
    "form.issued_before_checking": Text(
        ru=(
            "Бот ещё сверяется с PayKeeper по заказу <code>{order_id}</code>: "
            "не выставляйте счёт повторно, результат придёт сообщением."
        ),
        en=(
            "The bot is still checking order <code>{order_id}</code> with PayKeeper: do not "
            "issue it again, the result will come as a message."
        ),
    ),
    "form.issued_before_toast": Text(
        ru="Этот счёт уже выставлен — показываю его.",
        en="This invoice was already issued — here it is.",
    ),
}
