"""Texts: /invoices (the list and search), the invoice card and its actions, the history,
inline mode (sharing an invoice, quick creation)."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "cmd.invoices": Text(ru="Мои счета", en="My invoices"),
    # ---- statuses -------------------------------------------------------------------------
    "inv.status.requested": Text(ru="⏳ создаётся", en="⏳ being created"),
    "inv.status.created": Text(ru="🕓 ждёт оплаты", en="🕓 awaiting payment"),
    "inv.status.sent": Text(ru="📧 отправлен, ждёт оплаты", en="📧 e-mailed, awaiting payment"),
    "inv.status.paid": Text(ru="✅ оплачен", en="✅ paid"),
    "inv.status.expired": Text(ru="⌛ срок истёк", en="⌛ expired"),
    "inv.status.cancelled": Text(ru="✖️ отменён", en="✖️ cancelled"),
    "inv.status.failed": Text(ru="❌ не создан", en="❌ not created"),
    # ---- the list -------------------------------------------------------------------------
    "inv.list.own": Text(ru="Мои счета", en="My invoices"),
    "inv.list.everyone": Text(ru="Счета всех менеджеров", en="All managers' invoices"),
    "inv.list.header": Text(
        ru="<b>{title}</b> · {filter}\nСтраница {page} из {pages}, всего {total}",
        en="<b>{title}</b> · {filter}\nPage {page} of {pages}, {total} in all",
    ),
    "inv.list.search": Text(ru="Поиск: «{text}»", en="Search: “{text}”"),
    "inv.list.empty": Text(ru="Здесь пока нет счетов.", en="No invoices here yet."),
    "inv.list.hint": Text(
        ru=(
            "Номер на кнопке открывает карточку счёта. "
            "Поиск: <code>/invoices текст</code> — e-mail, плательщик, услуга, заказ или сумма."
        ),
        en=(
            "Press a number to open the invoice card. "
            "Search: <code>/invoices text</code> — e-mail, payer, service, order or amount."
        ),
    ),
    "inv.list.line": Text(
        ru="{n}. <b>{amount}</b> · {payer} · {service} · {date} · {status}",
        en="{n}. <b>{amount}</b> · {payer} · {service} · {date} · {status}",
    ),
    "inv.list.line_manager": Text(ru="{line} · 👤 {manager}", en="{line} · 👤 {manager}"),
    "inv.filter.unpaid": Text(ru="Неоплаченные", en="Unpaid"),
    "inv.filter.paid": Text(ru="Оплаченные", en="Paid"),
    "inv.filter.closed": Text(ru="Истёкшие и отменённые", en="Expired and cancelled"),
    "inv.filter.all": Text(ru="Все", en="All"),
    "inv.btn.filter_current": Text(ru="• {name} •", en="• {name} •"),
    "inv.btn.prev": Text(ru="‹ Назад", en="‹ Back"),
    "inv.btn.next": Text(ru="Вперёд ›", en="Next ›"),
    "inv.btn.page": Text(ru="{page} / {pages}", en="{page} / {pages}"),
    "inv.btn.everyone": Text(ru="👥 Счета всех менеджеров", en="👥 All managers' invoices"),
    "inv.btn.own": Text(ru="👤 Только мои счета", en="👤 Only my invoices"),
    "inv.list.search_gone": Text(
        ru="Этот поиск устарел — показываю все счета.",
        en="This search has expired — showing all invoices.",
    ),
    # ---- the card -------------------------------------------------------------------------
    "inv.card": Text(
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
    "inv.card.manager": Text(ru="Менеджер: {name}", en="Manager: {name}"),
    "inv.card.paid": Text(ru="Оплачен: {when}", en="Paid: {when}"),
    "inv.card.error": Text(ru="Ошибка: {message}", en="Error: {message}"),
    "inv.card.link": Text(ru="Ссылка на оплату:\n{url}", en="Payment link:\n{url}"),
    "inv.card.history": Text(ru="<b>История</b>", en="<b>History</b>"),
    "inv.card.history_more": Text(ru="… и ещё {count} ранее", en="… and {count} earlier"),
    "inv.card.confirm_cancel": Text(
        ru=(
            "<b>Отменить этот счёт?</b> PayKeeper отзовёт его, "
            "и по ссылке больше нельзя будет оплатить."
        ),
        en=(
            "<b>Cancel this invoice?</b> PayKeeper will revoke it, "
            "and the link will no longer accept payment."
        ),
    ),
    "inv.btn.refresh": Text(ru="🔄 Обновить статус", en="🔄 Refresh status"),
    "inv.btn.resend": Text(ru="📧 Отправить ещё раз", en="📧 Send again"),
    "inv.btn.email": Text(ru="📧 Отправить на e-mail", en="📧 Send by e-mail"),
    "inv.btn.cancel": Text(ru="✖️ Отменить счёт", en="✖️ Cancel invoice"),
    "inv.btn.cancel_yes": Text(ru="Да, отменить счёт", en="Yes, cancel it"),
    "inv.btn.cancel_no": Text(ru="Нет, оставить", en="No, keep it"),
    "inv.btn.repeat": Text(ru="🔂 Повторить разово", en="🔂 Repeat once"),
    "inv.btn.qr": Text(ru="📱 QR-код", en="📱 QR code"),
    "inv.btn.share": Text(ru="↗️ Переслать клиенту", en="↗️ Share with a client"),
    # ---- history --------------------------------------------------------------------------
    "inv.hist.line": Text(ru="{when} — {what}{who}", en="{when} — {what}{who}"),
    "inv.hist.who": Text(ru=" ({name})", en=" ({name})"),
    "inv.hist.auto": Text(ru=" (автоматически)", en=" (automatically)"),
    "inv.hist.unknown_user": Text(ru="ID {id}", en="ID {id}"),
    "inv.hist.requested": Text(ru="запрошен", en="requested"),
    "inv.hist.created": Text(ru="создан в PayKeeper", en="created in PayKeeper"),
    "inv.hist.emailed": Text(
        ru="PayKeeper отправил на {detail}", en="PayKeeper e-mailed it to {detail}"
    ),
    "inv.hist.email_failed": Text(
        ru="письмо не отправлено: {detail}", en="not e-mailed: {detail}"
    ),
    "inv.hist.failed": Text(ru="PayKeeper отказал: {detail}", en="PayKeeper refused: {detail}"),
    "inv.hist.no_answer": Text(
        ru="PayKeeper не ответил: {detail}", en="no answer from PayKeeper: {detail}"
    ),
    "inv.hist.sent": Text(ru="отправлен плательщику", en="sent to the payer"),
    "inv.hist.paid": Text(ru="оплачен", en="paid"),
    "inv.hist.expired": Text(ru="срок оплаты истёк", en="expired"),
    "inv.hist.cancelled": Text(ru="отменён", en="cancelled"),
    "inv.hist.resent": Text(
        ru="PayKeeper отправил на {detail} по запросу",
        en="PayKeeper e-mailed it to {detail} on request",
    ),
    "inv.hist.shared": Text(ru="отправлен в чат", en="shared in a chat"),
    "inv.hist.repeated": Text(ru="повторён новым счётом", en="repeated as a new invoice"),
    "inv.hist.retried": Text(
        ru="запрошен снова: PayKeeper был недоступен",
        en="requested again: PayKeeper was unreachable",
    ),
    "inv.hist.payer_reminded": Text(
        ru="напоминание: PayKeeper снова отправил на {detail}",
        en="reminder: PayKeeper e-mailed it to {detail} again",
    ),
    "inv.hist.payer_reminder_unclear": Text(
        ru="напоминание: ответ PayKeeper неясен, письмо могло уйти ({detail})",
        en="reminder: PayKeeper's answer was unclear, it may have gone out ({detail})",
    ),
    "inv.hist.payer_reminder_failed": Text(
        ru="напоминание не отправлено: {detail}", en="reminder not e-mailed: {detail}"
    ),
    "inv.hist.other": Text(ru="{kind}", en="{kind}"),
    # ---- answers to card buttons ----------------------------------------------------------
    "inv.not_found": Text(
        ru="Счёт не найден — возможно, он удалён.",
        en="Invoice not found — it may have been deleted.",
    ),
    "inv.forbidden": Text(
        ru="Это счёт другого менеджера: с ним может работать только он или администратор.",
        en="This is another manager's invoice: only they or an admin can act on it.",
    ),
    "inv.stale": Text(
        ru="Карточка устарела: счёт сейчас «{status}». Показываю актуальную.",
        en="This card is outdated: the invoice is now “{status}”. Here is the current one.",
    ),
    "inv.paid_cannot_cancel": Text(
        ru="Счёт уже оплачен — отменить его нельзя.",
        en="The invoice is already paid — it cannot be cancelled.",
    ),
    "inv.not_payable": Text(
        ru="Счёт уже не принимает оплату: «{status}».",
        en="The invoice no longer accepts payment: “{status}”.",
    ),
    "inv.refreshed": Text(ru="Статус обновлён: {status}", en="Status updated: {status}"),
    "inv.unchanged": Text(ru="Без изменений: {status}", en="No change: {status}"),
    "inv.resent": Text(
        ru="PayKeeper отправил счёт на {email}.", en="PayKeeper e-mailed it to {email}."
    ),
    "inv.resend_failed": Text(
        ru="PayKeeper не отправил письмо: {message}",
        en="PayKeeper did not send the e-mail: {message}",
    ),
    "inv.cancelled": Text(ru="Счёт отменён.", en="The invoice is cancelled."),
    "inv.cancel_failed": Text(
        ru="PayKeeper не отменил счёт: {message}",
        en="PayKeeper did not cancel the invoice: {message}",
    ),
    "inv.pk_rejected": Text(ru="PayKeeper ответил: {message}", en="PayKeeper answered: {message}"),
    "inv.pk_auth": Text(
        ru="{message}. Сообщите администратору.",
        en="{message}. Tell an administrator.",
    ),
    "inv.pk_uncertain": Text(
        ru="Запрос дошёл до PayKeeper, но {message}: возможно, он выполнен. Не повторяйте его.",
        en=(
            "The request reached PayKeeper, but {message}: it may have been carried out. "
            "Do not repeat it."
        ),
    ),
    "inv.pk_unreachable": Text(
        ru="Не удалось связаться с PayKeeper ({message}). Попробуйте позже.",
        en="Could not reach PayKeeper ({message}). Please try again later.",
    ),
    "inv.repeat_intro": Text(
        ru=(
            "🔁 Новый счёт по образцу счёта №{id}: те же плательщик, услуга и сумма, "
            "новый номер заказа. Проверьте и подтвердите или измените."
        ),
        en=(
            "🔁 A new invoice modelled on invoice #{id}: the same payer, service and amount, "
            "a new order number. Check it, then confirm or edit."
        ),
    ),
    "inv.qr_caption": Text(
        ru="QR-код для оплаты счёта №{id}: <b>{amount}</b> · {service}\n{url}",
        en="QR code to pay invoice #{id}: <b>{amount}</b> · {service}\n{url}",
    ),
    "inv.share_prompt": Text(
        ru="Нажмите кнопку и выберите чат с клиентом — счёт №{id} будет готов к отправке.",
        en="Press the button and pick the chat with the client — invoice #{id} will be ready.",
    ),
    "inv.btn.pick_chat": Text(ru="↗️ Выбрать чат", en="↗️ Pick a chat"),
    "inv.unknown_action": Text(
        ru="Эта кнопка больше не работает. /invoices — список счетов.",
        en="This button no longer works. /invoices — the invoice list.",
    ),
}
