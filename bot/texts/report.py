"""Texts: the month-end report (/report)."""

from bot.texts.catalog import Text

TEXTS: dict[str, Text] = {
    "report.ask": Text(
        ru=(
            "📊 <b>Отчёт по счетам</b> (XLSX): все счета за период со всеми полями, статусом и "
            "датой оплаты, и итоги по менеджерам и услугам.\n"
            "Выберите период или пришлите даты: <code>/report 01.11.2026 30.11.2026</code>"
        ),
        en=(
            "📊 <b>Invoice report</b> (XLSX): every invoice of a period with all its fields, "
            "status and payment date, and totals by manager and by service.\n"
            "Choose a period or send the dates: <code>/report 2026-11-01 2026-11-30</code>"
        ),
    ),
    "report.btn.this_month": Text(ru="Этот месяц", en="This month"),
    "report.btn.last_month": Text(ru="Прошлый месяц", en="Last month"),
    "report.bad_period": Text(
        ru="Не понял период. Пример: <code>/report 01.11.2026 30.11.2026</code>",
        en="I did not understand the period. E.g. <code>/report 2026-11-01 2026-11-30</code>",
    ),
    "report.caption": Text(
        ru="Счета с {first} по {last}: {count}", en="Invoices from {first} to {last}: {count}"
    ),
    "report.file": Text(ru="счета", en="invoices"),
    "report.sheet.invoices": Text(ru="Счета", en="Invoices"),
    "report.sheet.summary": Text(ru="Итоги", en="Summary"),
    "report.col.id": Text(ru="№", en="No."),
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
    "report.col.count": Text(ru="Счетов", en="Invoices"),
    "report.col.issued_sum": Text(ru="Выставлено на", en="Issued for"),
    "report.col.paid_count": Text(ru="Оплачено", en="Paid"),
    "report.col.paid_sum": Text(ru="Оплачено на", en="Paid for"),
    "report.by_manager": Text(ru="По менеджерам", en="By manager"),
    "report.by_service": Text(ru="По услугам", en="By service"),
    "report.total": Text(ru="Всего", en="Total"),
}
