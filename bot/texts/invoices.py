"""Texts: /invoices (the list and search), the invoice card and its actions, the history,
inline mode (sharing an invoice, quick creation)."""

from bot.texts.catalog import T

TEXTS: dict[str, T] = {
    "cmd.invoices": T(ru="Мои счета", en="My invoices"),
    # ---- statuses -------------------------------------------------------------------------
    "inv.status.requested": T(ru="⏳ создаётся", en="⏳ being created"),
    "inv.status.created": T(ru="🕓 ждёт оплаты", en="🕓 awaiting payment"),
    "inv.status.sent": T(ru="📧 отправлен, ждёт оплаты", en="📧 e-mailed, awaiting payment"),
    "inv.status.paid": T(ru="✅ оплачен", en="✅ paid"),
    "inv.status.expired": T(ru="⌛ срок истёк", en="⌛ expired"),
    "inv.status.cancelled": T(ru="✖️ отменён", en="✖️ cancelled"),
    "inv.status.failed": T(ru="❌ не создан", en="❌ not created"),
    # ---- the list -------------------------------------------------------------------------
    "inv.list.own": T(ru="Мои счета", en="My invoices"),
    "inv.list.everyone": T(ru="Счета всех менеджеров", en="All managers' invoices"),
    "inv.list.header": T(
        ru="<b>{title}</b> · {filter}\nСтраница {page} из {pages}, всего {total}",
        en="<b>{title}</b> · {filter}\nPage {page} of {pages}, {total} in all",
    ),
    "inv.list.search": T(ru="Поиск: «{text}»", en="Search: “{text}”"),
    "inv.list.empty": T(ru="Здесь пока нет счетов.", en="No invoices here yet."),
    "inv.list.hint": T(
        ru=(
            "Номер на кнопке открывает карточку счёта. "
            "Поиск: <code>/invoices текст</code> — e-mail, плательщик, услуга, заказ или сумма."
        ),
        en=(
            "Press a number to open the invoice card. "
            "Search: <code>/invoices text</code> — e-mail, payer, service, order or amount."
        ),
    ),
    "inv.list.line": T(
        ru="{n}. <b>{amount}</b> · {payer} · {service} · {date} · {status}",
        en="{n}. <b>{amount}</b> · {payer} · {service} · {date} · {status}",
    ),
    "inv.list.line_manager": T(ru="{line} · 👤 {manager}", en="{line} · 👤 {manager}"),
    "inv.filter.unpaid": T(ru="Неоплаченные", en="Unpaid"),
    "inv.filter.paid": T(ru="Оплаченные", en="Paid"),
    "inv.filter.closed": T(ru="Истёкшие и отменённые", en="Expired and cancelled"),
    "inv.filter.all": T(ru="Все", en="All"),
    "inv.btn.filter_current": T(ru="• {name} •", en="• {name} •"),
    "inv.btn.prev": T(ru="‹ Назад", en="‹ Back"),
    "inv.btn.next": T(ru="Вперёд ›", en="Next ›"),
    "inv.btn.page": T(ru="{page} / {pages}", en="{page} / {pages}"),
    "inv.btn.everyone": T(ru="👥 Счета всех менеджеров", en="👥 All managers' invoices"),
    "inv.btn.own": T(ru="👤 Только мои счета", en="👤 Only my invoices"),
    "inv.list.search_gone": T(
        ru="Этот поиск устарел — показываю все счета.",
        en="This search has expired — showing all invoices.",
    ),
    # ---- the card -------------------------------------------------------------------------
    "inv.card": T(
        ru=(
            "🧾 <b>Счёт №{id}</b> — {status}\n\n"
            "Сумма: <b>{amount}</b>\n"
            "Услуга: {service}\n"
            "Плательщик: {payer}\n"
            "E-mail: {email}\n"
            "Телефон: {phone}\n"
            "Оплатить до: {last_day}\n"
            "Заказ: <code>{order_id}</code>\n"
            "Счёт в PayKeeper: {paykeeper_id}\n"
            "Выставлен: {created}"
        ),
        en=(
            "🧾 <b>Invoice #{id}</b> — {status}\n\n"
            "Amount: <b>{amount}</b>\n"
            "Service: {service}\n"
            "Payer: {payer}\n"
            "E-mail: {email}\n"
            "Phone: {phone}\n"
            "Payable until: {last_day}\n"
            "Order: <code>{order_id}</code>\n"
            "PayKeeper invoice: {paykeeper_id}\n"
            "Issued: {created}"
        ),
    ),
    "inv.card.manager": T(ru="Менеджер: {name}", en="Manager: {name}"),
    "inv.card.paid": T(ru="Оплачен: {when}", en="Paid: {when}"),
    "inv.card.error": T(ru="Ошибка: {message}", en="Error: {message}"),
    "inv.card.link": T(ru="Ссылка на оплату:\n{url}", en="Payment link:\n{url}"),
    "inv.card.history": T(ru="<b>История</b>", en="<b>History</b>"),
    "inv.card.history_more": T(ru="… и ещё {count} ранее", en="… and {count} earlier"),
    "inv.card.confirm_cancel": T(
        ru=(
            "<b>Отменить этот счёт?</b> PayKeeper отзовёт его, "
            "и по ссылке больше нельзя будет оплатить."
        ),
        en=(
            "<b>Cancel this invoice?</b> PayKeeper will revoke it, "
            "and the link will no longer accept payment."
        ),
    ),
    "inv.btn.refresh": T(ru="🔄 Обновить статус", en="🔄 Refresh status"),
    "inv.btn.resend": T(ru="📧 Отправить ещё раз", en="📧 Send again"),
    "inv.btn.email": T(ru="📧 Отправить на e-mail", en="📧 Send by e-mail"),
    "inv.btn.cancel": T(ru="✖️ Отменить счёт", en="✖️ Cancel invoice"),
    "inv.btn.cancel_yes": T(ru="Да, отменить счёт", en="Yes, cancel it"),
    "inv.btn.cancel_no": T(ru="Нет, оставить", en="No, keep it"),
    "inv.btn.repeat": T(ru="🔁 Повторить", en="🔁 Repeat"),
    "inv.btn.qr": T(ru="📱 QR-код", en="📱 QR code"),
    "inv.btn.share": T(ru="↗️ Переслать клиенту", en="↗️ Share with a client"),
    # ---- history --------------------------------------------------------------------------
    "inv.hist.line": T(ru="{when} — {what}{who}", en="{when} — {what}{who}"),
    "inv.hist.who": T(ru=" ({name})", en=" ({name})"),
    "inv.hist.auto": T(ru=" (автоматически)", en=" (automatically)"),
    "inv.hist.unknown_user": T(ru="ID {id}", en="ID {id}"),
    "inv.hist.requested": T(ru="запрошен", en="requested"),
    "inv.hist.created": T(ru="создан в PayKeeper", en="created in PayKeeper"),
    "inv.hist.emailed": T(
        ru="PayKeeper отправил на {detail}", en="PayKeeper e-mailed it to {detail}"
    ),
    "inv.hist.email_failed": T(ru="письмо не отправлено: {detail}", en="not e-mailed: {detail}"),
    "inv.hist.failed": T(ru="PayKeeper отказал: {detail}", en="PayKeeper refused: {detail}"),
    "inv.hist.no_answer": T(
        ru="PayKeeper не ответил: {detail}", en="no answer from PayKeeper: {detail}"
    ),
    "inv.hist.sent": T(ru="отправлен плательщику", en="sent to the payer"),
    "inv.hist.paid": T(ru="оплачен", en="paid"),
    "inv.hist.expired": T(ru="срок оплаты истёк", en="expired"),
    "inv.hist.cancelled": T(ru="отменён", en="cancelled"),
    "inv.hist.resent": T(
        ru="PayKeeper отправил на {detail} по запросу",
        en="PayKeeper e-mailed it to {detail} on request",
    ),
    "inv.hist.shared": T(ru="отправлен в чат", en="shared in a chat"),
    "inv.hist.repeated": T(ru="повторён новым счётом", en="repeated as a new invoice"),
    "inv.hist.other": T(ru="{kind}", en="{kind}"),
    # ---- answers to card buttons ----------------------------------------------------------
    "inv.not_found": T(
        ru="Счёт не найден — возможно, он удалён.",
        en="Invoice not found — it may have been deleted.",
    ),
    "inv.forbidden": T(
        ru="Это счёт другого менеджера: с ним может работать только он или администратор.",
        en="This is another manager's invoice: only they or an admin can act on it.",
    ),
    "inv.stale": T(
        ru="Карточка устарела: счёт сейчас «{status}». Показываю актуальную.",
        en="This card is outdated: the invoice is now “{status}”. Here is the current one.",
    ),
    "inv.paid_cannot_cancel": T(
        ru="Счёт уже оплачен — отменить его нельзя.",
        en="The invoice is already paid — it cannot be cancelled.",
    ),
    "inv.not_payable": T(
        ru="Счёт уже не принимает оплату: «{status}».",
        en="The invoice no longer accepts payment: “{status}”.",
    ),
    "inv.refreshed": T(ru="Статус обновлён: {status}", en="Status updated: {status}"),
    "inv.unchanged": T(ru="Без изменений: {status}", en="No change: {status}"),
    "inv.resent": T(
        ru="PayKeeper отправил счёт на {email}.", en="PayKeeper e-mailed it to {email}."
    ),
    "inv.resend_failed": T(
        ru="PayKeeper не отправил письмо: {message}",
        en="PayKeeper did not send the e-mail: {message}",
    ),
    "inv.cancelled": T(ru="Счёт отменён.", en="The invoice is cancelled."),
    "inv.cancel_failed": T(
        ru="PayKeeper не отменил счёт: {message}",
        en="PayKeeper did not cancel the invoice: {message}",
    ),
    "inv.pk_rejected": T(ru="PayKeeper ответил: {message}", en="PayKeeper answered: {message}"),
    "inv.pk_auth": T(
        ru="{message}. Сообщите администратору.",
        en="{message}. Tell an administrator.",
    ),
    "inv.pk_uncertain": T(
        ru="Запрос дошёл до PayKeeper, но {message}: возможно, он выполнен. Не повторяйте его.",
        en=(
            "The request reached PayKeeper, but {message}: it may have been carried out. "
            "Do not repeat it."
        ),
    ),
    "inv.pk_unreachable": T(
        ru="Не удалось связаться с PayKeeper ({message}). Попробуйте позже.",
        en="Could not reach PayKeeper ({message}). Please try again later.",
    ),
    "inv.repeat_intro": T(
        ru=(
            "🔁 Новый счёт по образцу счёта №{id}: те же плательщик, услуга и сумма, "
            "новый номер заказа. Проверьте и подтвердите или измените."
        ),
        en=(
            "🔁 A new invoice modelled on invoice #{id}: the same payer, service and amount, "
            "a new order number. Check it, then confirm or edit."
        ),
    ),
    "inv.qr_caption": T(
        ru="QR-код для оплаты счёта №{id}: <b>{amount}</b> · {service}\n{url}",
        en="QR code to pay invoice #{id}: <b>{amount}</b> · {service}\n{url}",
    ),
    "inv.share_prompt": T(
        ru="Нажмите кнопку и выберите чат с клиентом — счёт №{id} будет готов к отправке.",
        en="Press the button and pick the chat with the client — invoice #{id} will be ready.",
    ),
    "inv.btn.pick_chat": T(ru="↗️ Выбрать чат", en="↗️ Pick a chat"),
    "inv.unknown_action": T(
        ru="Эта кнопка больше не работает. /invoices — список счетов.",
        en="This button no longer works. /invoices — the invoice list.",
    ),
    # ---- inline mode ----------------------------------------------------------------------
    "inv.inline.invoice_title": T(ru="{amount} · {service}", en="{amount} · {service}"),
    "inv.inline.invoice_description": T(
        ru="{payer} · {until} · заказ {order_id}",
        en="{payer} · {until} · order {order_id}",
    ),
    "inv.inline.until": T(ru="до {day}", en="until {day}"),
    "inv.inline.payment": T(
        ru="🧾 <b>Счёт на оплату: {amount}</b>\nУслуга: {service}\nОплатить до: {last_day}",
        en="🧾 <b>Invoice: {amount}</b>\nService: {service}\nPayable until: {last_day}",
    ),
    "inv.inline.create_title": T(
        ru="Создать счёт на {amount}", en="Create an invoice for {amount}"
    ),
    "inv.inline.create_description": T(
        ru="{service} · {until}{contacts}",
        en="{service} · {until}{contacts}",
    ),
    "inv.inline.draft": T(
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
    "inv.inline.creating": T(
        ru="🧾 <b>Счёт на {amount}</b>\nУслуга: {service}\n\n⏳ Создаю счёт…",
        en="🧾 <b>Invoice for {amount}</b>\nService: {service}\n\n⏳ Creating the invoice…",
    ),
    "inv.inline.pending": T(
        ru=(
            "🧾 <b>Счёт на {amount}</b>\nУслуга: {service}\n\n"
            "Счёт оформляется — ссылка на оплату будет отправлена отдельно."
        ),
        en=(
            "🧾 <b>Invoice for {amount}</b>\nService: {service}\n\n"
            "The invoice is being processed — the payment link will follow separately."
        ),
    ),
    "inv.inline.btn_create": T(ru="✅ Создать счёт", en="✅ Create the invoice"),
    "inv.inline.not_yours": T(
        ru="Создать этот счёт может только менеджер, который его подготовил.",
        en="Only the manager who prepared this invoice can create it.",
    ),
    "inv.inline.expired": T(
        ru="Черновик устарел. Наберите запрос заново в строке ввода: @бот сумма e-mail услуга.",
        en="This draft has expired. Type the query again: @bot amount e-mail service.",
    ),
    "inv.inline.creating_toast": T(ru="Создаю счёт…", en="Creating the invoice…"),
    "inv.inline.already": T(ru="Счёт уже создан.", en="The invoice is already created."),
    "inv.inline.in_progress": T(
        ru="Этот счёт уже создаётся: PayKeeper пока не ответил, бот сверится с ним сам.",
        en="This invoice is already being created: PayKeeper has not answered yet; "
        "the bot will check with it.",
    ),
    "inv.inline.failed": T(
        ru="Счёт на {amount} (inline-режим) не создан.\n{reason}\n\nКнопка в чате снова активна.",
        en="The invoice for {amount} (inline mode) was not created.\n{reason}\n\n"
        "The button in the chat works again.",
    ),
    "inv.inline.uncertain": T(
        ru="Счёт на {amount} (inline-режим):\n{reason}",
        en="The invoice for {amount} (inline mode):\n{reason}",
    ),
    "inv.inline.syntax_title": T(
        ru="Не получилось разобрать счёт", en="Could not read the invoice"
    ),
    "inv.inline.syntax_message": T(
        ru=(
            "Счёт через inline-режим: <code>@{bot} сумма [e-mail] [телефон] [срок] [услуга]</code>"
            "\nНапример: <code>@{bot} 1500 ivan@example.com Консультация</code>"
        ),
        en=(
            "An invoice in inline mode: <code>@{bot} amount [e-mail] [phone] [expiry] "
            "[service]</code>\nFor example: <code>@{bot} 1500 ivan@example.com Consulting</code>"
        ),
    ),
    "inv.inline.no_unpaid": T(
        ru="Неоплаченных счетов нет — открыть бота",
        en="No unpaid invoices — open the bot",
    ),
    "inv.inline.nothing_found": T(
        ru="Ничего не найдено — открыть бота", en="Nothing found — open the bot"
    ),
}
