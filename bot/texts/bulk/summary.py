"""Texts: what an upload holds before anything is issued, its rows' problems, its buttons."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
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
}
