"""Texts: how a file was read where it could be read otherwise (its sheet, rows already paid
or cancelled, the questions the manager answers before issuing), and what was read other
than as written."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "bulk.summary.sheet": Text(
        ru="📑 Лист: «{sheet}». Другие листы: {others}",
        en="📑 Sheet: “{sheet}”. Other sheets: {others}",
    ),
    "bulk.summary.settled": Text(
        ru="⏸ Не выставляю — уже оплачены: <b>{paid}</b>, отменены: <b>{cancelled}</b>",
        en="⏸ Not issued — paid already: <b>{paid}</b>, cancelled: <b>{cancelled}</b>",
    ),
    "bulk.summary.settled_included": Text(
        ru="⚠️ Оплаченные и отменённые строки выставляются тоже (вы так выбрали).",
        en="⚠️ Paid and cancelled rows are issued too (as you chose).",
    ),
    "bulk.summary.partly_paid": Text(
        ru="💳 Частично оплачены: {count} — выставляю остаток.",
        en="💳 Partly paid: {count} — the rest is billed.",
    ),
    "bulk.summary.joined": Text(
        ru="🔗 Объединены в один счёт (один заказ и плательщик): строки {rows}",
        en="🔗 Joined into one invoice (one order and payer): rows {rows}",
    ),
    "bulk.ask.sheet": Text(
        ru="❓ Заказы есть на нескольких листах. На каком листе выставлять счета?",
        en="❓ Several sheets hold orders. Which sheet should be billed?",
    ),
    "bulk.ask.amount_column": Text(
        ru="❓ Колонки {columns} дают разные суммы. Какую выставлять?",
        en="❓ Columns {columns} bill different amounts. Which one is to be billed?",
    ),
    "bulk.ask.first": Text(
        ru="Выберите кнопкой ниже — до ответа ничего не выставляется.",
        en="Choose below — nothing is issued until you answer.",
    ),
    "bulk.skip.paid": Text(
        ru="• строка {row}: уже оплачена — не выставляется",
        en="• row {row}: paid already — not issued",
    ),
    "bulk.skip.cancelled": Text(
        ru="• строка {row}: отменена — не выставляется",
        en="• row {row}: cancelled — not issued",
    ),
    "bulk.btn.sheet": Text(ru="📑 Лист «{sheet}»", en="📑 Sheet “{sheet}”"),
    "bulk.btn.amount": Text(ru="💰 Сумма: «{column}»", en="💰 Amount: “{column}”"),
    "bulk.btn.include_settled": Text(
        ru="➕ Выставить и оплаченные/отменённые", en="➕ Issue paid/cancelled rows too"
    ),
    "bulk.btn.exclude_settled": Text(
        ru="➖ Не выставлять оплаченные/отменённые", en="➖ Leave paid/cancelled rows out"
    ),
    # In the result file's status, after what happened to the row.
    "bulk.note.first_email": Text(
        ru="в ячейке несколько e-mail — взят первый",
        en="several e-mails in the cell — the first was used",
    ),
    "bulk.note.phone_extension": Text(
        ru="добавочный номер телефона отброшен", en="the phone's extension was dropped"
    ),
    "bulk.note.partly_paid": Text(
        ru="частично оплачен — выставлен остаток", en="partly paid — the rest was billed"
    ),
}
