"""Texts: the month-end report (/report)."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "report.ask": Text(
        ru=(
            "📊 <b>Отчёт за период</b> (XLSX): деньги по дате движения — оплаты картой и "
            "наличными, повторные оплаты, возвраты; итоги (всего, по менеджерам, по услугам) "
            "и все счета, созданные за период.\n"
            "Выберите период или пришлите даты: <code>/report 01.11.2026 30.11.2026</code> "
            "(не больше {days} дней)"
        ),
        en=(
            "📊 <b>Period report</b> (XLSX): the money by the date it moved — card and cash "
            "payments, second payments, refunds; totals (in all, by manager, by service) and "
            "every invoice created in the period.\n"
            "Choose a period or send the dates: <code>/report 2026-11-01 2026-11-30</code> "
            "(at most {days} days)"
        ),
    ),
    "report.btn.this_month": Text(ru="Этот месяц", en="This month"),
    "report.btn.last_month": Text(ru="Прошлый месяц", en="Last month"),
    "report.bad_period": Text(
        ru="Не понял период. Пример: <code>/report 01.11.2026 30.11.2026</code>",
        en="I did not understand the period. E.g. <code>/report 2026-11-01 2026-11-30</code>",
    ),
    "report.too_long": Text(
        ru=(
            "Период слишком длинный: {asked} дн., а отчёт строится не больше чем за {days} "
            "дней. Разбейте его на части, например по годам."
        ),
        en=(
            "The period is too long: {asked} days, and a report covers at most {days} days. "
            "Split it, e.g. by year."
        ),
    ),
    "report.building": Text(
        ru="⏳ Собираю отчёт с {first} по {last}, пришлю файлом.",
        en="⏳ Building the report from {first} to {last}; it will come as a file.",
    ),
    "report.busy": Text(
        ru="⏳ Ваш прошлый отчёт ещё собирается. Дождитесь файла и запросите снова.",
        en="⏳ Your previous report is still being built. Wait for the file, then ask again.",
    ),
    "report.failed": Text(
        ru="❌ Не удалось собрать отчёт. Попробуйте ещё раз; если повторится — сообщите админу.",
        en="❌ Could not build the report. Try again; if it happens again, tell an admin.",
    ),
    "report.caption": Text(
        ru=(
            "Отчёт с {first} по {last}\n"
            "Получено картой: {card}, наличными: {cash}\n"
            "Возвращено: {refunded}\n"
            "Итого: {net}\n"
            "Движений денег: {movements}, счетов создано: {invoices}"
        ),
        en=(
            "Report from {first} to {last}\n"
            "Received by card: {card}, in cash: {cash}\n"
            "Refunded: {refunded}\n"
            "Net: {net}\n"
            "Money movements: {movements}, invoices created: {invoices}"
        ),
    ),
    "report.file": Text(ru="отчёт", en="report"),
    "report.sheet.summary": Text(ru="Сводка", en="Summary"),
    "report.sheet.movements": Text(ru="Движения", en="Movements"),
    "report.sheet.invoices": Text(ru="Счета", en="Invoices"),
    "report.section.total": Text(ru="Всего", en="Total"),
    "report.section.manager": Text(ru="Менеджер", en="Manager"),
    "report.section.service": Text(ru="Услуга", en="Service"),
    "report.col.section": Text(ru="Разрез", en="Section"),
    "report.col.name": Text(ru="Название", en="Name"),
    "report.col.issued_count": Text(ru="Выставлено счетов", en="Invoices issued"),
    "report.col.issued": Text(ru="Выставлено на", en="Issued for"),
    "report.col.card": Text(ru="Получено картой", en="Received by card"),
    "report.col.cash": Text(ru="Получено наличными", en="Received in cash"),
    "report.col.refunded": Text(ru="Возвращено", en="Refunded"),
    "report.col.net": Text(ru="Итого", en="Net"),
    "report.col.moved_at": Text(ru="Дата (МСК)", en="Date (Moscow)"),
    "report.col.kind": Text(ru="Вид", en="Kind"),
    "report.col.payment_id": Text(ru="Платёж PayKeeper", en="PayKeeper payment"),
    "report.kind.payment": Text(ru="оплата", en="payment"),
    "report.kind.second_payment": Text(ru="повторная оплата", en="second payment"),
    "report.kind.cash": Text(ru="наличные", en="cash"),
    "report.kind.refund": Text(ru="возврат", en="refund"),
    "report.kind.refunding": Text(ru="возврат (в процессе)", en="refund (in progress)"),
    "report.status.requested": Text(ru="создаётся", en="being created"),
    "report.status.created": Text(ru="ждёт оплаты", en="awaiting payment"),
    "report.status.sent": Text(ru="отправлен, ждёт оплаты", en="e-mailed, awaiting payment"),
    "report.status.paid": Text(ru="оплачен", en="paid"),
    "report.status.expired": Text(ru="срок истёк", en="expired"),
    "report.status.cancelled": Text(ru="отменён", en="cancelled"),
    "report.status.failed": Text(ru="не создан", en="not created"),
    "report.col.id": Text(ru="№ счёта", en="Invoice No."),
    "report.col.order": Text(ru="Заказ", en="Order"),
    "report.col.created": Text(ru="Создан (МСК)", en="Created (Moscow)"),
    "report.col.manager": Text(ru="Менеджер", en="Manager"),
    "report.col.amount": Text(ru="Сумма", en="Amount"),
    "report.col.payer": Text(ru="Плательщик", en="Payer"),
    "report.col.email": Text(ru="E-mail", en="E-mail"),
    "report.col.phone": Text(ru="Телефон", en="Phone"),
    "report.col.service": Text(ru="Услуга", en="Service"),
    "report.col.last_day": Text(ru="Оплатить до", en="Last day payable"),
    "report.col.delivery": Text(ru="Отправка", en="Delivery"),
    "report.col.status": Text(ru="Статус", en="Status"),
    "report.col.paid_at": Text(ru="Оплачен (МСК)", en="Paid (Moscow)"),
    "report.col.paykeeper_id": Text(ru="Счёт PayKeeper", en="PayKeeper invoice"),
    "report.col.link": Text(ru="Ссылка", en="Link"),
    "report.col.error": Text(ru="Ошибка", en="Error"),
}
