"""Texts: a bulk run in progress, how it ended, and its result file."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    # --- The run -------------------------------------------------------------------------------
    "bulk.delivery.email": Text(
        ru="PayKeeper отправит счета на e-mail", en="PayKeeper e-mails the invoices"
    ),
    "bulk.delivery.link": Text(ru="ссылки — в файле результата", en="links in the result file"),
    "bulk.progress": Text(
        ru="⏳ «{file}»: выставляю счета ({delivery})\n<b>{done} / {total}</b> · ошибок: {failed}",
        en="⏳ “{file}”: issuing invoices ({delivery})\n<b>{done} / {total}</b> · {failed} failed",
    ),
    "bulk.done": Text(
        ru="✅ «{file}»: готово\n<b>{done} / {total}</b> · ошибок: {failed}",
        en="✅ “{file}”: done\n<b>{done} / {total}</b> · {failed} failed",
    ),
    "bulk.paused": Text(
        ru=(
            "⏸ «{file}»: бот перезапускается, выставление на паузе на <b>{done} / {total}</b> "
            "· ошибок: {failed}\nПосле запуска продолжу с того же места."
        ),
        en=(
            "⏸ “{file}”: the bot is restarting; paused at <b>{done} / {total}</b> "
            "· {failed} failed\nIt carries on from here once the bot is back."
        ),
    ),
    "bulk.stopped": Text(
        ru="⛔ «{file}»: остановлено на <b>{done} / {total}</b> · ошибок: {failed}\n{reason}",
        en="⛔ “{file}”: stopped at <b>{done} / {total}</b> · {failed} failed\n{reason}",
    ),
    "bulk.stop.auth": Text(
        ru=(
            "PayKeeper не принял логин и пароль бота — остальные строки не отправлялись. "
            "Сообщите администратору; потом пришлите файл снова."
        ),
        en=(
            "PayKeeper did not accept the bot's login and password, so the remaining rows "
            "were not sent. Tell an administrator, then send the file again."
        ),
    ),
    "bulk.stop.access": Text(
        ru="Доступ к боту отозван администратором — остальные строки не отправлялись.",
        en="An administrator revoked access to the bot, so the remaining rows were not sent.",
    ),
    "bulk.stop.unreachable": Text(
        ru=(
            "PayKeeper перестал отвечать — остальные строки не отправлялись. "
            "Пришлите файл снова позже: выставленные повторно не выставятся."
        ),
        en=(
            "PayKeeper stopped answering, so the remaining rows were not sent. "
            "Send the file again later: issued rows will not be issued twice."
        ),
    ),
    "bulk.resumed": Text(
        ru=(
            "🔄 Бот перезапускался, пока выставлял счета по файлу «{file}». Продолжаю с того "
            "же места: уже выставленные повторно не выставляются."
        ),
        en=(
            "🔄 The bot restarted while issuing invoices from “{file}”. Carrying on where it "
            "stopped: rows already issued are not issued again."
        ),
    ),
    "bulk.crashed": Text(
        ru=(
            "❌ Выставление по файлу «{file}» прервалось из-за внутренней ошибки. "
            "Оно продолжится после перезапуска бота; сообщите администратору."
        ),
        en=(
            "❌ Issuing from “{file}” stopped on an internal error. It carries on when the "
            "bot restarts; please tell an administrator."
        ),
    ),
    "bulk.result.caption": Text(
        ru="📄 Результат по «{file}»: по каждой строке — номер счёта, ссылка и статус.\n{lines}",
        en="📄 Result for “{file}”: the invoice id, link and status of every row.\n{lines}",
    ),
    "bulk.result.issued": Text(ru="✅ Создано: {count}", en="✅ Created: {count}"),
    "bulk.result.existing": Text(
        ru="↩️ Были выставлены раньше: {count}", en="↩️ Issued earlier: {count}"
    ),
    "bulk.result.email_failed": Text(
        ru="⚠️ Создано, но письмо не ушло: {count} — передайте ссылку сами",
        en="⚠️ Created, but not e-mailed: {count} — pass the link on yourself",
    ),
    "bulk.result.failed": Text(
        ru="❌ PayKeeper отказал: {count}", en="❌ Refused by PayKeeper: {count}"
    ),
    "bulk.result.uncertain": Text(
        ru=(
            "⚠️ Без ответа PayKeeper: {count} — не выставляйте повторно, "
            "бот сверится с PayKeeper сам"
        ),
        en=(
            "⚠️ No answer from PayKeeper: {count} — do not issue them again, the bot checks "
            "them with PayKeeper itself"
        ),
    ),
    "bulk.result.not_tried": Text(ru="⏸ Не отправлялись: {count}", en="⏸ Not sent: {count}"),
    "bulk.result.access_revoked": Text(
        ru="⛔ Остановлено, доступ отозван: {count}", en="⛔ Stopped, access revoked: {count}"
    ),
    "bulk.result.invalid": Text(
        ru="❌ Строк с ошибками: {count}", en="❌ Rows with errors: {count}"
    ),
    "bulk.result.name": Text(ru="{stem}-результат", en="{stem}-result"),
    # --- Result file columns and statuses ------------------------------------------------------
    "bulk.col.invoice_id": Text(ru="Номер счёта PayKeeper", en="PayKeeper invoice id"),
    "bulk.col.link": Text(ru="Ссылка на оплату", en="Payment link"),
    "bulk.col.status": Text(ru="Статус", en="Status"),
    "bulk.col.error": Text(ru="Ошибка", en="Error"),
    "bulk.col.order_id": Text(ru="Заказ в PayKeeper", en="PayKeeper order id"),
    "bulk.status.created": Text(ru="создан", en="created"),
    "bulk.status.sent": Text(ru="отправлен на e-mail", en="e-mailed"),
    "bulk.status.paid": Text(ru="оплачен", en="paid"),
    "bulk.status.expired": Text(ru="срок истёк", en="expired"),
    "bulk.status.cancelled": Text(ru="отменён", en="cancelled"),
    "bulk.status.failed": Text(
        ru="не создан: отказ PayKeeper", en="not created: PayKeeper refused"
    ),
    "bulk.status.requested": Text(
        ru="нет ответа PayKeeper — бот проверяет, не выставляйте повторно",
        en="no answer from PayKeeper — being checked, do not issue again",
    ),
    "bulk.status.email_failed": Text(
        ru="создан, письмо не отправлено", en="created, not e-mailed"
    ),
    "bulk.status.refused": Text(
        ru="не выставлен: в PayKeeper не отправлялся", en="not issued: not sent to PayKeeper"
    ),
    "bulk.row.unexpected": Text(
        ru="сбой бота при выставлении этой строки; остальные строки выставлены без неё",
        en="the bot failed on this row; the other rows went on without it",
    ),
    "bulk.status.invalid": Text(ru="не выставлен: ошибка в строке", en="not issued: bad row"),
    "bulk.status.not_tried": Text(ru="не отправлялся", en="not sent"),
    "bulk.status.access_revoked": Text(
        ru="остановлено: доступ отозван", en="stopped: access revoked"
    ),
    "bulk.status.earlier": Text(ru="{status} (выставлен раньше)", en="{status} (issued earlier)"),
}
