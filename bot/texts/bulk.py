"""Texts: issuing many invoices from a CSV or XLSX file (/bulk)."""

from bot.texts.catalog import Text

TEXTS: dict[str, Text] = {
    "cmd.bulk": Text(ru="Счета по файлу CSV/XLSX", en="Invoices from a CSV/XLSX file"),
    "bulk.help": Text(
        ru=(
            "<b>Счета по файлу</b>\n"
            "Пришлите сюда файл CSV или XLSX (выгрузку из 1С, банка, CRM или таблицу Excel) — "
            "по счёту на строку. Колонки я узнаю по названиям:\n"
            "• <b>Сумма</b> (или «К оплате», «Итого к оплате») — обязательно;\n"
            "• Почта (e-mail), Телефон, Срок (последний день оплаты), Услуга, Клиент "
            "(контрагент, покупатель), Заказ — по желанию.\n"
            "Заголовки не обязательно в первой строке: название отчёта и период над ними я "
            "пропущу, как и строки «Итого», повторы заголовков и пустые строки. "
            "Значения — как в форме /invoice: <code>1 500,50</code>, <code>31.12.2026</code>, "
            "<code>+7</code>. CSV — с разделителем <code>;</code> или <code>,</code>, "
            "в UTF-8, UTF-16 или Windows-1251. Не больше {max_rows} строк и {max_size}.\n\n"
            "Сначала я покажу, как прочитал файл: какая колонка чем стала и какие строки "
            "пропущены; выставлю только после вашего подтверждения. Если в файле есть номер "
            "заказа, повторная отправка того же заказа не создаст второй счёт; без номера "
            "заказа то же самое обеспечивает содержимое файла."
        ),
        en=(
            "<b>Invoices from a file</b>\n"
            "Send a CSV or XLSX file here (an export from 1C, a bank or a CRM, or an Excel "
            "sheet), one invoice a row. I recognise the columns by their names:\n"
            "• <b>Amount</b> (or «К оплате», “Amount due”) — required;\n"
            "• Email, Phone, Expiry (the last day to pay), Service, Client (customer, payer), "
            "Order — optional.\n"
            "The column names need not be in the first row: I skip a report's title and "
            "period above them, and “Total” rows, repeated headers and blank rows too. "
            "Values as in the /invoice form: <code>1 500.50</code>, <code>31.12.2026</code>, "
            "<code>+7</code>. CSV with <code>;</code> or <code>,</code> between values, in "
            "UTF-8, UTF-16 or Windows-1251. At most {max_rows} rows and {max_size}.\n\n"
            "First I show how I read the file: which column became what, and which rows were "
            "skipped; nothing is issued until you confirm. With an order number in the file, "
            "sending the same order again never makes a second invoice; without one, the "
            "file's content does the same."
        ),
    ),
    # --- The file as a whole ---------------------------------------------------------------
    "bulk.file.failed": Text(
        ru="❌ Файл «{file}» не подходит: {reason}\n\n/bulk — как подготовить файл.",
        en="❌ “{file}” cannot be used: {reason}\n\n/bulk — how to prepare the file.",
    ),
    "bulk.file.too_big": Text(
        ru="он весит {size}, а можно не больше {maximum}. Разбейте его на части.",
        en="it is {size}, and at most {maximum} is accepted. Split it into parts.",
    ),
    "bulk.file.empty": Text(ru="он пустой.", en="it is empty."),
    "bulk.file.no_rows": Text(
        ru="в нём есть заголовки, но нет ни одной строки со счётом.",
        en="it has the column names but no rows with invoices.",
    ),
    "bulk.file.old_excel": Text(
        ru=(
            "это старый формат Excel (.xls). Сохраните файл как «Книга Excel (.xlsx)» "
            "или CSV и пришлите снова."
        ),
        en=(
            "this is the old Excel format (.xls). Save it as “Excel Workbook (.xlsx)” "
            "or CSV and send it again."
        ),
    ),
    "bulk.file.bad_xlsx": Text(
        ru="не получается открыть его как таблицу XLSX. Сохраните его из Excel ещё раз.",
        en="it does not open as an XLSX workbook. Save it from Excel again.",
    ),
    "bulk.file.unreadable": Text(
        ru=(
            "это не похоже на таблицу CSV или XLSX. Пришлите выгрузку в CSV "
            "(UTF-8 или Windows-1251) или файл Excel .xlsx."
        ),
        en=(
            "it does not look like a CSV or XLSX table. Send a CSV export "
            "(UTF-8 or Windows-1251) or an Excel .xlsx file."
        ),
    ),
    "bulk.file.too_many_rows": Text(
        ru="в нём больше {maximum} строк. Разбейте его на части по {maximum}.",
        en="it has more than {maximum} rows. Split it into parts of {maximum}.",
    ),
    "bulk.file.no_amount_column": Text(
        ru=(
            "не нашёл колонку с суммой ни в одной из первых 20 строк. Вижу колонки: "
            "{columns}. Назовите колонку с суммой «Сумма» (или «К оплате», «Amount»)."
        ),
        en=(
            "there is no amount column in any of the first 20 rows. The columns I see: "
            "{columns}. Name the amount column “Amount” (or «Сумма»)."
        ),
    ),
    "bulk.file.too_wide": Text(
        ru="в строке {row} больше {maximum} ячеек — столько не бывает даже в Excel.",
        en="row {row} has more than {maximum} cells — more than even Excel allows.",
    ),
    "bulk.file.xlsx_too_wide": Text(
        ru="в одной из строк больше {maximum} ячеек — столько не бывает даже в Excel.",
        en="a row has more than {maximum} cells — more than even Excel allows.",
    ),
    "bulk.file.cell_too_long": Text(
        ru="в нём есть ячейка длиннее {maximum} символов — столько не вмещает даже Excel.",
        en="it has a cell longer than {maximum} characters — more than even Excel allows.",
    ),
    "bulk.file.too_much_text": Text(
        ru=(
            "в нём больше {maximum} символов текста — для таблицы счетов это слишком много. "
            "Оставьте в файле только нужные колонки."
        ),
        en=(
            "it holds more than {maximum} characters of text — too much for a table of "
            "invoices. Keep only the columns needed."
        ),
    ),
    "bulk.file.too_many_cells": Text(
        ru=(
            "в нём больше {maximum} ячеек — для таблицы счетов это слишком много. Скопируйте "
            "нужные строки на новый лист или сохраните его как CSV."
        ),
        en=(
            "it has more than {maximum} cells — too many for a table of invoices. Copy the "
            "rows needed to a new sheet, or save it as CSV."
        ),
    ),
    "bulk.file.too_complex": Text(
        ru=(
            "он устроен сложнее, чем таблица счетов (слишком много стилей, объединений или "
            "частей). Сохраните лист как CSV или скопируйте значения в новую книгу."
        ),
        en=(
            "it is more complex than a table of invoices (too many styles, merged ranges or "
            "parts). Save the sheet as CSV, or copy the values to a new workbook."
        ),
    ),
    "bulk.file.xlsx_too_large": Text(
        ru=(
            "в распакованном виде он занимает {size}, а таблица счетов столько не весит "
            "(можно до {maximum}). Скорее всего, файл повреждён; сохраните лист как CSV."
        ),
        en=(
            "unpacked it takes {size}, more than a table of invoices ever does (at most "
            "{maximum}). The file is likely damaged; save the sheet as CSV."
        ),
    ),
    "bulk.file.download_failed": Text(
        ru="не удалось скачать его из Telegram. Пришлите ещё раз.",
        en="it could not be downloaded from Telegram. Please send it again.",
    ),
    # --- Row problems ------------------------------------------------------------------------
    "bulk.row.no_amount": Text(ru="сумма не указана.", en="the amount is missing."),
    "bulk.row.control_chars": Text(
        ru="в значении есть непечатаемые символы.",
        en="the value has non-printable characters.",
    ),
    "bulk.row.client_too_long": Text(
        ru="имя клиента длиннее {maximum} символов.",
        en="the client's name is longer than {maximum} characters.",
    ),
    "bulk.row.order_too_long": Text(
        ru="номер заказа длиннее {maximum} символов.",
        en="the order number is longer than {maximum} characters.",
    ),
    "bulk.row.order_repeated": Text(
        ru="заказ {order} уже есть в строке {row} — один заказ, один счёт.",
        en="order {order} is already in row {row} — one order, one invoice.",
    ),
    "bulk.row.problem": Text(ru="«{column}»: {message}", en="“{column}”: {message}"),
    # --- The summary before issuing ----------------------------------------------------------
    "bulk.summary.title": Text(
        ru="📄 <b>{file}</b> — строк со счетами: {rows}",
        en="📄 <b>{file}</b> — rows with invoices: {rows}",
    ),
    "bulk.summary.columns": Text(
        ru="Колонки (заголовки в строке {row}): {columns}",
        en="Columns (names in row {row}): {columns}",
    ),
    "bulk.summary.alternatives": Text(
        ru="↔️ Для поля «{field}» взял «{chosen}», но подходит и {others} — выберите кнопкой ниже.",
        en="↔️ For the {field} I took “{chosen}”, but {others} would do too — pick one below.",
    ),
    "bulk.summary.dropped": Text(
        ru="🚫 Поле «{field}» не заполняю — вы так выбрали.",
        en="🚫 The {field} is left empty, as you chose.",
    ),
    "bulk.summary.skipped": Text(
        ru="⏭ Пропустил строки, это не счета: <b>{count}</b>",
        en="⏭ Rows skipped as not invoices: <b>{count}</b>",
    ),
    "bulk.summary.more_skipped": Text(ru="…и ещё {count}.", en="…and {count} more."),
    "bulk.skip.header": Text(
        ru="• строка {row}: заголовки ещё раз — пропущена",
        en="• row {row}: the column names again — skipped",
    ),
    "bulk.skip.column_numbers": Text(
        ru="• строка {row}: номера колонок — пропущена",
        en="• row {row}: column numbers — skipped",
    ),
    "bulk.skip.total": Text(
        ru="• строка {row}: «{label}» — итоговая строка, пропущена",
        en="• row {row}: “{label}” — a total, skipped",
    ),
    "bulk.skip.total_amount": Text(
        ru="• строка {row}: «{label}» {amount} — итоговая строка, пропущена",
        en="• row {row}: “{label}” {amount} — a total, skipped",
    ),
    "bulk.skip.sum": Text(
        ru="• строка {row}: итог {amount} — пропущена, он равен сумме строк выше",
        en="• row {row}: a total of {amount} — skipped; it matches the rows above",
    ),
    "bulk.skip.note": Text(
        ru="• строка {row}: «{label}» — без суммы, это не счёт; пропущена",
        en="• row {row}: “{label}” — no amount, not an invoice; skipped",
    ),
    "bulk.summary.column": Text(ru="{field} — «{name}»", en="{field} — “{name}”"),
    "bulk.summary.ignored": Text(
        ru="Не использую колонки: {columns}", en="Columns not used: {columns}"
    ),
    "bulk.summary.ready": Text(
        ru="✅ Можно выставить: <b>{count}</b> на сумму <b>{total}</b>",
        en="✅ Ready to issue: <b>{count}</b> for <b>{total}</b> in all",
    ),
    "bulk.summary.emails": Text(
        ru="📧 E-mail есть у {emails} из {count}; остальным — только ссылка.",
        en="📧 {emails} of {count} have an e-mail; the rest can only get a link.",
    ),
    "bulk.summary.retry": Text(
        ru="🔁 Из них повторно, после прошлой ошибки: {count}",
        en="🔁 Of these, retried after an earlier failure: {count}",
    ),
    "bulk.summary.existing": Text(
        ru="↩️ Уже выставлены раньше, повторно не выставляю: {count}",
        en="↩️ Already issued earlier, not issued again: {count}",
    ),
    "bulk.summary.uncertain": Text(
        ru=(
            "⚠️ В прошлый раз PayKeeper не ответил по {count} из них — бот сверится с "
            "PayKeeper сам, повторно не выставляйте."
        ),
        en=(
            "⚠️ PayKeeper did not answer for {count} of them last time — the bot checks them "
            "with PayKeeper itself; do not issue them again."
        ),
    ),
    "bulk.summary.invalid": Text(
        ru="❌ С ошибками, выставлены не будут: <b>{count}</b>",
        en="❌ With errors, will not be issued: <b>{count}</b>",
    ),
    "bulk.summary.problem": Text(ru="• строка {row}: {reasons}", en="• row {row}: {reasons}"),
    "bulk.summary.more_problems": Text(
        ru="…и ещё {count}. Все строки с ошибками — в файле ниже.",
        en="…and {count} more. Every row with errors is in the file below.",
    ),
    "bulk.summary.ask": Text(
        # "Label: number" reads right for any number, unlike "{count} счетов".
        ru="Выставить? Счетов к выставлению: <b>{count}</b>",
        en="Issue them? Invoices to issue: <b>{count}</b>",
    ),
    "bulk.summary.nothing": Text(
        ru="Выставлять нечего.",
        en="There is nothing to issue.",
    ),
    "bulk.summary.choose_column": Text(
        ru="Если я взял не ту колонку, выберите другую кнопкой ниже.",
        en="If I took the wrong column, pick another one below.",
    ),
    "bulk.summary.fix_and_resend": Text(
        ru=(
            "Исправьте строки с ошибками и пришлите файл снова — "
            "выставленные повторно не выставятся."
        ),
        en=(
            "Fix the rows with errors and send the file again — issued rows are not issued twice."
        ),
    ),
    "bulk.problems.caption": Text(
        ru="Строки с ошибками: {count}. Исправьте их и пришлите файл снова.",
        en="Rows with errors: {count}. Fix them and send the file again.",
    ),
    "bulk.problems.name": Text(ru="{stem}-ошибки", en="{stem}-errors"),
    "bulk.col.row": Text(ru="Строка", en="Row"),
    "bulk.col.problem": Text(ru="Ошибка", en="Error"),
    "bulk.field.amount": Text(ru="сумма", en="amount"),
    "bulk.field.email": Text(ru="e-mail", en="e-mail"),
    "bulk.field.phone": Text(ru="телефон", en="phone"),
    "bulk.field.expiry": Text(ru="срок", en="expiry"),
    "bulk.field.service": Text(ru="услуга", en="service"),
    "bulk.field.client": Text(ru="клиент", en="client"),
    "bulk.field.order": Text(ru="заказ", en="order"),
    # --- Buttons and answers ------------------------------------------------------------------
    "bulk.btn.email": Text(
        ru="📧 Выставить и отправить на e-mail", en="📧 Issue and have them e-mailed"
    ),
    "bulk.btn.link": Text(ru="🔗 Выставить и вернуть ссылки", en="🔗 Issue and return the links"),
    "bulk.btn.cancel": Text(ru="✖️ Отмена", en="✖️ Cancel"),
    "bulk.btn.use_column": Text(ru="↔️ {field}: «{column}»", en="↔️ {field}: “{column}”"),
    "bulk.btn.drop_field": Text(ru="🚫 {field}: не заполнять", en="🚫 {field}: leave empty"),
    "bulk.cancelled": Text(
        ru="Отменено: по файлу «{file}» ничего не выставлено.",
        en="Cancelled: nothing was issued from “{file}”.",
    ),
    "bulk.stale": Text(
        ru="Этот файл уже выставляется или отменён.",
        en="This file is already being issued, or was cancelled.",
    ),
    "bulk.not_yours": Text(
        ru="Этот файл прислал другой менеджер.", en="Another manager sent this file."
    ),
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
    "bulk.status.invalid": Text(ru="не выставлен: ошибка в строке", en="not issued: bad row"),
    "bulk.status.not_tried": Text(ru="не отправлялся", en="not sent"),
    "bulk.status.earlier": Text(ru="{status} (выставлен раньше)", en="{status} (issued earlier)"),
}
