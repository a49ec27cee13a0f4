"""Texts: the dashboard Mini App (/dashboard and the page's labels).

The page's labels are handed to it as plain text and set with textContent, never as HTML."""

from bot.texts.text import Text

# Labels the page shows, sent to it by /app/api/me under the part after "dash.page.".
TEXTS: dict[str, Text] = {
    "dash.open": Text(
        ru="📈 <b>Дашборд</b>: деньги по дням, открытые счета, поиск — в мини-приложении.",
        en="📈 <b>Dashboard</b>: money by day, open invoices, search — in the Mini App.",
    ),
    "dash.btn.open": Text(ru="Открыть дашборд", en="Open the dashboard"),
    "dash.off": Text(
        ru="Дашборд не настроен: администратору нужно указать WEBAPP_URL (https://…).",
        en="The dashboard is not set up: an admin needs to set WEBAPP_URL (https://…).",
    ),
    "dash.btn.login": Text(ru="🔗 Ссылка для браузера", en="🔗 A link for a browser"),
    "dash.login.link": Text(
        ru=(
            "🔗 Ссылка для входа в дашборд с компьютера: одна, на 10 минут, только для вас. "
            "Никому её не пересылайте."
        ),
        en=(
            "🔗 A link to open the dashboard on a computer: one use, 10 minutes, for you only. "
            "Do not forward it."
        ),
    ),
    "dash.login.open": Text(ru="Войти в дашборд", en="Open the dashboard"),
    "dash.login.button": Text(ru="Войти", en="Sign in"),
    "dash.login.spent": Text(
        ru="Ссылка уже использована или устарела. Попросите новую: /dashboard",
        en="The link was used or has expired. Ask for a new one: /dashboard",
    ),
    "dash.menu": Text(ru="Дашборд", en="Dashboard"),
    "dash.page.title": Text(ru="Дашборд", en="Dashboard"),
    "dash.page.overview": Text(ru="Обзор", en="Overview"),
    "dash.page.invoices": Text(ru="Счета", en="Invoices"),
    "dash.page.team": Text(ru="Команда", en="Team"),
    "dash.page.this_month": Text(ru="Этот месяц", en="This month"),
    "dash.page.last_month": Text(ru="Прошлый месяц", en="Last month"),
    "dash.page.net": Text(ru="Итого", en="Net"),
    "dash.page.card": Text(ru="Картой", en="By card"),
    "dash.page.cash": Text(ru="Наличными", en="In cash"),
    "dash.page.refunded": Text(ru="Возвраты", en="Refunds"),
    "dash.page.issued": Text(ru="Выставлено", en="Issued"),
    "dash.page.paid": Text(ru="Оплачено", en="Paid"),
    "dash.page.expired": Text(ru="Просрочено", en="Expired"),
    "dash.page.open": Text(ru="Ждут оплаты", en="Awaiting payment"),
    "dash.page.ages": Text(
        ru="до 7 дней · 8–30 дней · старше 30", en="up to 7 days · 8–30 days · older than 30"
    ),
    "dash.page.by_day": Text(ru="По дням", en="By day"),
    "dash.page.by_manager": Text(ru="По менеджерам", en="By manager"),
    "dash.page.by_service": Text(ru="По услугам", en="By service"),
    "dash.page.search": Text(
        ru="Поиск: почта, плательщик, сумма…", en="Search: e-mail, payer, amount…"
    ),
    "dash.page.f_u": Text(ru="Неоплаченные", en="Unpaid"),
    "dash.page.f_p": Text(ru="Оплаченные", en="Paid"),
    "dash.page.f_c": Text(ru="Закрытые", en="Closed"),
    "dash.page.f_a": Text(ru="Все", en="All"),
    "dash.page.prev": Text(ru="‹ Назад", en="‹ Back"),
    "dash.page.next": Text(ru="Дальше ›", en="Next ›"),
    "dash.page.empty": Text(ru="Ничего не найдено", en="Nothing found"),
    "dash.page.history": Text(ru="История", en="History"),
    "dash.page.cancel": Text(ru="Отменить счёт", en="Cancel the invoice"),
    "dash.page.resend": Text(ru="Отправить ещё раз", en="Send again"),
    "dash.page.share": Text(ru="Ссылка на оплату", en="Payment link"),
    "dash.page.confirm": Text(ru="Точно? Нажмите ещё раз", en="Sure? Press again"),
    "dash.page.done": Text(ru="Готово", en="Done"),
    "dash.page.refused": Text(
        ru="Нет доступа: откройте дашборд заново из чата с ботом.",
        en="No access: open the dashboard again from the chat with the bot.",
    ),
    "dash.page.failed": Text(ru="Не получилось: ", en="Did not work: "),
    "dash.page.role": Text(ru="Роль", en="Role"),
    "dash.page.seen": Text(ru="Был(а)", en="Last seen"),
    "dash.page.suspended": Text(ru="приостановлен", en="suspended"),
    "dash.page.approvals": Text(ru="Ждут одобрения", en="Waiting for approval"),
    "dash.page.in_chat": Text(
        ru="Одобрить или отклонить — на карточке в чате с ботом.",
        en="Approve or reject on the card in the chat with the bot.",
    ),
}
