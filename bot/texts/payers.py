"""Texts: the payer book (/payers, a payer's card, payers offered in the form)."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "cmd.payers": Text(ru="Плательщики", en="Payers"),
    "payer.matches": Text(
        ru="Плательщики по «{text}» — нажмите, чтобы подставить, или введите e-mail:",
        en="Payers matching “{text}” — tap one to fill it in, or type an e-mail:",
    ),
    "payer.filled": Text(
        ru="👤 Плательщик: {label}\nE-mail: {email}\nТелефон: {phone}",
        en="👤 Payer: {label}\nE-mail: {email}\nPhone: {phone}",
    ),
    "payer.none": Text(ru="—", en="—"),
    "payer.gone": Text(
        ru="Этого плательщика нет в вашей книге (его удалили или он не ваш).",
        en="This payer is not in your book (removed, or not yours).",
    ),
    "payer.form_only": Text(
        ru="Эта кнопка работает на шаге e-mail в /invoice.",
        en="This button works at the e-mail step of /invoice.",
    ),
    "payers.title": Text(
        ru="👥 <b>Плательщики</b>{search} — страница {page}\nНайти: <code>/payers текст</code>",
        en="👥 <b>Payers</b>{search} — page {page}\nTo search: <code>/payers text</code>",
    ),
    "payers.search": Text(ru=" по «{text}»", en=" matching “{text}”"),
    "payers.empty": Text(
        ru="В книге пока нет плательщиков: они появляются с каждым выставленным счётом.",
        en="No payers in the book yet: each invoice issued adds its payer.",
    ),
    "payers.not_found": Text(ru="Никого не нашлось по «{text}».", en="Nobody matches “{text}”."),
    "payer.card": Text(
        ru=(
            "👤 <b>{label}</b>\nE-mail: {email}\nТелефон: {phone}\n\n"
            "Счетов: {count}\nОплачено: {paid}\nЖдёт оплаты: {open}"
        ),
        en=(
            "👤 <b>{label}</b>\nE-mail: {email}\nPhone: {phone}\n\n"
            "Invoices: {count}\nPaid: {paid}\nAwaiting payment: {open}"
        ),
    ),
    "payer.card_latest": Text(ru="\n\nПоследние счета:", en="\n\nLatest invoices:"),
    "payer.card_line": Text(
        ru="\n• {day} · {amount} · {status}", en="\n• {day} · {amount} · {status}"
    ),
    "payer.btn.issue": Text(ru="🧾 Новый счёт", en="🧾 New invoice"),
    "payer.btn.edit_email": Text(ru="✏️ E-mail", en="✏️ E-mail"),
    "payer.btn.edit_phone": Text(ru="✏️ Телефон", en="✏️ Phone"),
    "payer.btn.edit_name": Text(ru="✏️ Имя", en="✏️ Name"),
    "payer.btn.forget": Text(ru="🗑 Удалить из книги", en="🗑 Remove from the book"),
    "payer.btn.forget_yes": Text(ru="Да, удалить", en="Yes, remove"),
    "payer.btn.back": Text(ru="« К списку", en="« Back to the list"),
    "payer.btn.prev": Text(ru="« Назад", en="« Previous"),
    "payer.btn.next": Text(ru="Дальше »", en="Next »"),
    "payer.forget_confirm": Text(
        ru=(
            "Удалить «{label}» из книги? Бот перестанет его предлагать; "
            "выставленные счета останутся как были."
        ),
        en=(
            "Remove “{label}” from the book? The bot will stop offering them; "
            "invoices already issued stay as they were."
        ),
    ),
    "payer.forgotten": Text(ru="🗑 «{label}» удалён из книги.", en="🗑 “{label}” removed."),
    "payer.ask_email": Text(
        ru="Новый e-mail плательщика? «-» — убрать.",
        en="The payer's new e-mail? “-” removes it.",
    ),
    "payer.ask_phone": Text(
        ru="Новый телефон плательщика? «-» — убрать.",
        en="The payer's new phone? “-” removes it.",
    ),
    "payer.ask_name": Text(
        ru="Новое имя (клиент) плательщика? «-» — убрать.",
        en="The payer's new name (client)? “-” removes it.",
    ),
    "payer.corrected": Text(ru="✅ Исправлено.", en="✅ Corrected."),
    "payer.email_taken": Text(
        ru="Этот e-mail уже у другого плательщика в книге: найдите его через /payers.",
        en="Another payer in the book has this e-mail: find them with /payers.",
    ),
    "payer.needs_contact": Text(
        ru="У плательщика должен остаться e-mail или телефон.",
        en="A payer must keep an e-mail or a phone.",
    ),
}
