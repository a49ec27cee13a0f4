"""Texts: what the bot tells a manager on its own — payments, expiry, reminders, digests,
and the outcome of looking up an invoice whose creation went unanswered."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "notify.paid": Text(
        ru=(
            "💰 <b>Счёт оплачен</b>\n\n"
            "Сумма: <b>{amount}</b>\nПлательщик: {payer}\nУслуга: {service}\nОплачен: {paid_at}"
        ),
        en=(
            "💰 <b>Invoice paid</b>\n\n"
            "Amount: <b>{amount}</b>\nPayer: {payer}\nService: {service}\nPaid: {paid_at}"
        ),
    ),
    "notify.expired": Text(
        ru=(
            "⌛ <b>Срок оплаты счёта истёк</b>, оплаты не было.\n\n"
            "Сумма: <b>{amount}</b>\nПлательщик: {payer}\nУслуга: {service}\n"
            "Оплатить до: {last_day}"
        ),
        en=(
            "⌛ <b>The invoice expired unpaid.</b>\n\n"
            "Amount: <b>{amount}</b>\nPayer: {payer}\nService: {service}\n"
            "Payable until: {last_day}"
        ),
    ),
    "notify.cancelled": Text(
        ru=(
            "🚫 <b>Счёт отменён в PayKeeper</b> (не через бота).\n\n"
            "Сумма: <b>{amount}</b>\nПлательщик: {payer}\nУслуга: {service}"
        ),
        en=(
            "🚫 <b>The invoice was cancelled in PayKeeper</b> (not through the bot).\n\n"
            "Amount: <b>{amount}</b>\nPayer: {payer}\nService: {service}"
        ),
    ),
    "notify.reminder": Text(
        ru=(
            "⏰ <b>Завтра последний день оплаты счёта</b>, а оплаты пока нет.\n\n"
            "Сумма: <b>{amount}</b>\nПлательщик: {payer}\nУслуга: {service}\n"
            "Оплатить до: {last_day}\n\nСсылка на оплату:\n{url}"
        ),
        en=(
            "⏰ <b>Tomorrow is the last day to pay this invoice</b>, and it is still unpaid.\n\n"
            "Amount: <b>{amount}</b>\nPayer: {payer}\nService: {service}\n"
            "Payable until: {last_day}\n\nPayment link:\n{url}"
        ),
    ),
    "notify.reminder_payer_reminded": Text(
        ru="\n\n📧 Плательщику уже напомнили: PayKeeper ещё раз отправил счёт на {email}.",
        en="\n\n📧 The payer was reminded: PayKeeper e-mailed the invoice to {email} again.",
    ),
    "notify.payer_reminded": Text(
        ru=(
            "📧 <b>Напоминание плательщику отправлено</b>: счёт не оплачен, и PayKeeper "
            "ещё раз отправил его на {email}.\n\n"
            "Сумма: <b>{amount}</b>\nПлательщик: {payer}\nУслуга: {service}\n"
            "Оплатить до: {last_day}"
        ),
        en=(
            "📧 <b>Payer reminded</b>: the invoice is unpaid, and PayKeeper e-mailed it to "
            "{email} again.\n\n"
            "Amount: <b>{amount}</b>\nPayer: {payer}\nService: {service}\n"
            "Payable until: {last_day}"
        ),
    ),
    "notify.found": Text(
        ru=(
            "✅ <b>Счёт всё-таки создан.</b> PayKeeper получил запрос по заказу "
            "<code>{order_id}</code>, но ответ до бота не дошёл; второй счёт не выставлялся.\n\n"
            "Сумма: <b>{amount}</b>\nПлательщик: {payer}\nУслуга: {service}\n"
            "Оплатить до: {last_day}\n\nСсылка на оплату:\n{url}"
        ),
        en=(
            "✅ <b>The invoice was created after all.</b> PayKeeper received the request for "
            "order <code>{order_id}</code>, but its answer never reached the bot; no second "
            "invoice was issued.\n\n"
            "Amount: <b>{amount}</b>\nPayer: {payer}\nService: {service}\n"
            "Payable until: {last_day}\n\nPayment link:\n{url}"
        ),
    ),
    "notify.found_not_emailed": Text(
        ru="📧 На {email} счёт ещё не отправлен — отправьте его кнопкой ниже.",
        en="📧 It has not been e-mailed to {email} yet — use the button below to send it.",
    ),
    "notify.not_created": Text(
        ru=(
            "❌ <b>Счёт не создан.</b> В PayKeeper нет заказа <code>{order_id}</code>: "
            "запрос до него не дошёл. Если счёт ещё нужен, выставьте его заново.\n\n"
            "Сумма: <b>{amount}</b>\nПлательщик: {payer}\nУслуга: {service}"
        ),
        en=(
            "❌ <b>The invoice was not created.</b> PayKeeper has no order "
            "<code>{order_id}</code>: the request never reached it. If the invoice is still "
            "needed, issue it again.\n\n"
            "Amount: <b>{amount}</b>\nPayer: {payer}\nService: {service}"
        ),
    ),
    "notify.paid_again": Text(
        ru=(
            "⚠️ <b>Ещё один платёж по уже оплаченному счёту</b> — проверьте его в кабинете "
            "PayKeeper.\n\nСумма: <b>{amount}</b>\nПлательщик: {payer}\nУслуга: {service}\n"
            "Первый платёж: <code>{first_payment}</code>\nНовый платёж: <code>{payment}</code>"
        ),
        en=(
            "⚠️ <b>Another payment for an invoice that was already paid</b> — please check it "
            "in PayKeeper's cabinet.\n\nAmount: <b>{amount}</b>\nPayer: {payer}\n"
            "Service: {service}\n"
            "First payment: <code>{first_payment}</code>\nNew payment: <code>{payment}</code>"
        ),
    ),
    "notify.refunded_in_cabinet": Text(
        ru=(
            "↩️ <b>По счёту сделан возврат в кабинете PayKeeper:</b> {refunded}.\n\n"
            "Сумма счёта: <b>{amount}</b>\nПлательщик: {payer}\nУслуга: {service}"
        ),
        en=(
            "↩️ <b>A refund was made in PayKeeper's cabinet:</b> {refunded}.\n\n"
            "Invoice amount: <b>{amount}</b>\nPayer: {payer}\nService: {service}"
        ),
    ),
    "notify.digest": Text(
        ru=(
            "📊 <b>Счета за {day}</b>\n\n"
            "Выставлено: {issued_count} на {issued_sum}\n"
            "Оплачено: {paid_count} на {paid_sum}\n"
            "Истекло без оплаты: {expired_count} на {expired_sum}"
        ),
        en=(
            "📊 <b>Invoices on {day}</b>\n\n"
            "Issued: {issued_count} for {issued_sum}\n"
            "Paid: {paid_count} for {paid_sum}\n"
            "Expired unpaid: {expired_count} for {expired_sum}"
        ),
    ),
    "notify.digest.refunded": Text(
        ru="Возвращено: {count} на {amount}", en="Refunded: {count} for {amount}"
    ),
    "notify.no_payer": Text(ru="не указан", en="not given"),
    "notify.moment": Text(ru="{day} в {time} (МСК)", en="{day} at {time} (Moscow time)"),
    "notify.btn.open": Text(ru="📄 Открыть счёт", en="📄 Open the invoice"),
    "notify.btn.repeat": Text(ru="🔁 Выставить повторно", en="🔁 Issue it again"),
    "notify.btn.resend": Text(ru="📧 Отправить на e-mail", en="📧 Send by e-mail"),
    "notify.btn.cancel": Text(ru="✖️ Отменить счёт", en="✖️ Cancel the invoice"),
}
