"""Texts: approval of large invoices (APPROVAL_AMOUNT) — the manager's wait, the admins' card,
the decision and what the manager is told."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    # The manager
    "appr.waiting": Text(
        ru=(
            "⏳ Счёт на <b>{amount}</b> ждёт одобрения администратора: сумма больше {limit}."
            "{payer_total}\nВ PayKeeper он пока не отправлен. Я сообщу, когда его одобрят или "
            "отклонят."
        ),
        en=(
            "⏳ The invoice for <b>{amount}</b> is waiting for an administrator's approval: it "
            "is above {limit}.{payer_total}\nNothing has been sent to PayKeeper yet. I will "
            "tell you when it is approved or rejected."
        ),
    ),
    "appr.payer_total": Text(
        ru="\nВместе с сегодняшними счетами этому плательщику: {total}.",
        en="\nWith today's invoices to this payer: {total}.",
    ),
    "appr.file_locked": Text(
        ru=(
            "Файл ждёт одобрения и не меняется. Чтобы выбрать другую колонку, отзовите запрос "
            "и пришлите файл снова."
        ),
        en=(
            "The file is waiting for approval and cannot change. To pick another column, "
            "withdraw the request and send the file again."
        ),
    ),
    "appr.waiting_toast": Text(ru="Ждёт одобрения", en="Waiting for approval"),
    "appr.already_waiting": Text(
        ru="Этот счёт уже ждёт одобрения.", en="This invoice is already waiting for approval."
    ),
    "appr.quick_refused": Text(
        ru=(
            "Сумма больше {limit}: такой счёт выставляется после одобрения администратора. "
            "Выставьте его в боте через /invoice."
        ),
        en=(
            "The amount is above {limit}: such an invoice needs an administrator's approval. "
            "Issue it in the bot with /invoice."
        ),
    ),
    "appr.btn.withdraw": Text(ru="↩️ Отозвать запрос", en="↩️ Withdraw the request"),
    "appr.withdrawn": Text(
        ru="↩️ Запрос отозван, счёт на {amount} не выставлен.",
        en="↩️ Request withdrawn; the invoice for {amount} was not issued.",
    ),
    "appr.too_late": Text(
        ru="Администратор уже решил — отозвать нельзя.",
        en="An administrator has already decided; it cannot be withdrawn.",
    ),
    "appr.manager_approved": Text(
        ru="✅ {admin} одобрил(а) счёт на {amount}.",
        en="✅ {admin} approved the invoice for {amount}.",
    ),
    "appr.manager_rejected": Text(
        ru=(
            "❌ {admin} отклонил(а) счёт на {amount}.{reason}\n"
            "Ответы сохранены: исправьте и отправьте снова."
        ),
        en=(
            "❌ {admin} rejected the invoice for {amount}.{reason}\n"
            "Your answers are kept: edit and send it again."
        ),
    ),
    "appr.reason_line": Text(ru="\nПричина: {reason}", en="\nReason: {reason}"),
    # The admins
    "appr.card": Text(
        ru=(
            "🔒 <b>Нужно одобрение</b> (больше {limit}){payer_total}\n\n"
            "Менеджер: {manager}\nСумма: <b>{amount}</b>\nE-mail плательщика: {email}\n"
            "Телефон: {phone}\nКлиент: {client}\nОплатить до: {last_day}\nУслуга: {service}\n"
            "Как передать: {delivery}"
        ),
        en=(
            "🔒 <b>Approval needed</b> (above {limit}){payer_total}\n\n"
            "Manager: {manager}\nAmount: <b>{amount}</b>\nPayer's e-mail: {email}\n"
            "Phone: {phone}\nClient: {client}\nLast day payable: {last_day}\n"
            "Service: {service}\n"
            "Delivery: {delivery}"
        ),
    ),
    "appr.delivery.email": Text(ru="PayKeeper отправит на e-mail", en="PayKeeper e-mails it"),
    "appr.delivery.link": Text(ru="ссылка в чат менеджеру", en="the link, to the manager"),
    "appr.btn.approve": Text(ru="✅ Одобрить", en="✅ Approve"),
    "appr.btn.reject": Text(ru="❌ Отклонить", en="❌ Reject"),
    "appr.btn.reason": Text(ru="❌ Отклонить с причиной", en="❌ Reject with a reason"),
    "appr.ask_reason": Text(
        ru="Причина отказа по счёту на {amount} ({manager}): ответьте на это сообщение.",
        en="The reason for rejecting the invoice for {amount} ({manager}): reply to this message.",
    ),
    "appr.approved_by": Text(
        ru="✅ {admin} одобрил(а): счёт № {number}",
        en="✅ Approved by {admin}: invoice no. {number}",
    ),
    "appr.approved_refused": Text(
        ru=(
            "⛔ {admin} одобрил(а), но счёт № {number} не создан: правила бота его не "
            "пропускают.\n{message}\nВ PayKeeper ничего не отправлено."
        ),
        en=(
            "⛔ Approved by {admin}, but invoice no. {number} was not created: the bot's rules "
            "refuse it.\n{message}\nNothing was sent to PayKeeper."
        ),
    ),
    "appr.rejected_by": Text(
        ru="❌ {admin} отклонил(а){reason}", en="❌ Rejected by {admin}{reason}"
    ),
    "appr.withdrawn_card": Text(
        ru="↩️ Менеджер отозвал запрос", en="↩️ The manager withdrew the request"
    ),
    # A bulk file with rows above the limit: one request for the whole file
    "appr.file_waiting": Text(
        ru=(
            "⏳ Файл {file} ждёт одобрения администратора: {above} из {rows} счетов — "
            "плательщикам, которым за день выставлено больше {limit}. Пока ничего не "
            "выставлено, и файл не меняется. Я сообщу, когда его одобрят или отклонят."
        ),
        en=(
            "⏳ The file {file} is waiting for an administrator's approval: {above} of {rows} "
            "invoices are to payers billed above {limit} in the day. Nothing has been issued "
            "yet, and the file cannot change. I will tell you when it is approved or rejected."
        ),
    ),
    "appr.file_card": Text(
        ru=(
            "🔒 <b>Нужно одобрение: файл</b>\n\nМенеджер: {manager}\nФайл: {file}\n"
            "Счетов: {rows}, из них плательщикам больше {limit} за день: {above}\n"
            "Всего: <b>{amount}</b>\n"
            "Как передать: {delivery}"
        ),
        en=(
            "🔒 <b>Approval needed: a file</b>\n\nManager: {manager}\nFile: {file}\n"
            "Invoices: {rows}, to payers above {limit} in the day: {above}\n"
            "Total: <b>{amount}</b>\n"
            "Delivery: {delivery}"
        ),
    ),
    "appr.file_approved_by": Text(
        ru="✅ {admin} одобрил(а): файл выставляется", en="✅ Approved by {admin}: being issued"
    ),
    "appr.manager_gone": Text(
        ru="{manager} приостановлен(а) или больше не в команде — счёт не выставлен. Верните "
        "доступ в /team, чтобы одобрить, или отклоните запрос.",
        en="{manager} is suspended or no longer on the team — nothing was issued. Restore "
        "their access in /team to approve, or reject the request.",
    ),
    "appr.refused_viewer": Text(
        ru="❌ Вы теперь наблюдатель: запрос на {amount}, ждавший одобрения, отклонён — "
        "ничего не выставлено.",
        en="❌ You are a viewer now: your request for {amount} waiting for approval was "
        "refused — nothing was issued.",
    ),
    "appr.file_gone": Text(
        ru="Файл отменён или изменён после запроса — ничего не выставлено.",
        en="The file was cancelled or changed after the request — nothing was issued.",
    ),
    "appr.file_rejected": Text(
        ru=(
            "❌ {admin} отклонил(а) файл {file} на {amount}.{reason}\n"
            "Ничего не выставлено: исправьте файл и пришлите снова."
        ),
        en=(
            "❌ {admin} rejected the file {file} for {amount}.{reason}\n"
            "Nothing was issued: fix the file and send it again."
        ),
    ),
    "appr.decided_toast": Text(ru="Готово", en="Done"),
    "appr.decided_before": Text(ru="Уже решено: {admin}.", en="Already decided by {admin}."),
    "appr.cancelled_before": Text(
        ru="Менеджер отозвал этот запрос — ничего не выставлено.",
        en="The manager withdrew this request — nothing was issued.",
    ),
}
