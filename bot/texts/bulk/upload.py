"""Texts: /bulk, its help, and a file that cannot be used as a whole."""

from bot.texts.text import Text

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
}
