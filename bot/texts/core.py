"""Texts: start, help, access, demo mode, generic errors."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "start": Text(
        ru=(
            "Здравствуйте, {name}! Я выставляю счета PayKeeper прямо из чата.\n\n"
            "/invoice — выставить счёт: сумма, e-mail, телефон, срок, услуга. "
            "Счёт можно отправить плательщику на e-mail от PayKeeper "
            "или получить ссылку на оплату здесь.\n"
            "Быстро одной строкой: <code>/invoice 1500 ivan@example.com Консультация</code>\n"
            "/invoices — ваши счета: статус, повторная отправка, отмена, QR-код\n"
            "/payers — плательщики, которым вы выставляли счета\n"
            "/schedules — регулярные счета (кнопка «🔁 Повторять» на карточке счёта)\n"
            "/bulk — выставить много счетов из файла CSV или XLSX\n"
            "@{username} в любом чате — отправить клиенту ссылку на оплату\n"
            "/cancel — прервать заполнение\n"
            "/help — подробнее"
        ),
        en=(
            "Hello, {name}! I issue PayKeeper invoices right from the chat.\n\n"
            "/invoice — issue an invoice: amount, e-mail, phone, expiry, service. "
            "PayKeeper can e-mail it to the payer, or you get the payment link here.\n"
            "In one line: <code>/invoice 1500 ivan@example.com Consulting</code>\n"
            "/invoices — your invoices: status, resend, cancel, QR code\n"
            "/payers — the payers you have billed\n"
            "/schedules — recurring invoices (“🔁 Repeat regularly” on an invoice card)\n"
            "/bulk — issue many invoices from a CSV or XLSX file\n"
            "@{username} in any chat — send a client a payment link\n"
            "/cancel — stop filling in the form\n"
            "/help — more details"
        ),
    ),
    "help": Text(
        ru=(
            "<b>Как выставить счёт</b>\n"
            "/invoice — бот спросит сумму, e-mail плательщика, телефон, последний день оплаты "
            "и услугу, покажет сводку, и вы выберете: отправить счёт на e-mail "
            "или получить ссылку.\n"
            "Необязательные ответы пропускаются кнопкой или знаком <code>-</code>.\n\n"
            "<b>Одной строкой</b>\n"
            "<code>/invoice 1500 ivan@example.com +79101234567 31.12.2026 Консультация</code>\n"
            "Сумма первой, остальное в любом порядке и по желанию.\n\n"
            "<b>Ваши счета</b>\n"
            "/invoices — список с фильтрами, <code>/invoices текст</code> — поиск по e-mail, "
            "плательщику, услуге, номеру заказа или сумме. В карточке счёта: статус, "
            "повторная отправка, отмена, повтор, QR-код и пересылка.\n"
            "Бот сам сообщит, когда счёт оплачен или истёк.\n\n"
            "<b>В любом чате</b>\n"
            "<code>@{username}</code> — ваши неоплаченные счета, "
            "<code>@{username} 1500 ivan@example.com Консультация</code> — новый счёт "
            "прямо в переписке с клиентом.\n\n"
            "<b>Много счетов сразу</b>\n"
            "/bulk — пришлите CSV или XLSX со столбцами сумма, почта, телефон, срок, услуга, "
            "клиент, заказ.\n\n"
            "<b>Форматы</b>\n"
            "Сумма: 1500, 1 500, 1500,50, 1 500 ₽ (не больше {max_amount}).\n"
            "Срок: 31.12.2026, 31.12, 2026-12-31 или +7 (дней) — это последний день, "
            "когда счёт можно оплатить.\n\n"
            "/cancel — прервать заполнение формы"
        ),
        en=(
            "<b>Issuing an invoice</b>\n"
            "/invoice — the bot asks for the amount, the payer's e-mail, phone, the last day "
            "to pay and the service, shows a summary, and you choose: have PayKeeper e-mail "
            "the invoice, or get the payment link here.\n"
            "Skip optional answers with the button or by sending <code>-</code>.\n\n"
            "<b>In one line</b>\n"
            "<code>/invoice 1500 ivan@example.com +79101234567 31.12.2026 Consulting</code>\n"
            "The amount first, the rest in any order, all optional.\n\n"
            "<b>Your invoices</b>\n"
            "/invoices — the list with filters; <code>/invoices text</code> searches by e-mail, "
            "payer, service, order id or amount. An invoice's card has its status and buttons "
            "to resend, cancel, repeat, show a QR code and share it.\n"
            "The bot tells you when an invoice is paid or expires.\n\n"
            "<b>In any chat</b>\n"
            "<code>@{username}</code> — your unpaid invoices; "
            "<code>@{username} 1500 ivan@example.com Consulting</code> — a new invoice right "
            "in the conversation with the client.\n\n"
            "<b>Many invoices at once</b>\n"
            "/bulk — send a CSV or XLSX with columns amount, email, phone, expiry, service, "
            "client, order.\n\n"
            "<b>Formats</b>\n"
            "Amount: 1500, 1 500, 1500.50, 1 500 ₽ (at most {max_amount}).\n"
            "Expiry: 31.12.2026, 31.12, 2026-12-31 or +7 (days) — the last day the invoice "
            "can be paid.\n\n"
            "/cancel — stop filling in the form"
        ),
    ),
    "demo_mode": Text(
        ru=(
            "⚠️ Бот работает с демо-сервером PayKeeper (demo.paykeeper.ru): "
            "счета не настоящие, деньги по ним не поступят."
        ),
        en=(
            "⚠️ The bot is using PayKeeper's demo server (demo.paykeeper.ru): "
            "invoices are not real and no money will arrive."
        ),
    ),
    "no_access": Text(
        ru=(
            "У вас нет доступа к этому боту. Передайте администратору ваш Telegram ID: "
            "<code>{user_id}</code>"
        ),
        en=(
            "You have no access to this bot. Give your Telegram ID to an administrator: "
            "<code>{user_id}</code>"
        ),
    ),
    "no_access_short": Text(
        ru="Нет доступа. Ваш Telegram ID: {user_id}",
        en="No access. Your Telegram ID: {user_id}",
    ),
    "no_access_inline": Text(ru="Нет доступа — открыть бота", en="No access — open the bot"),
    "private_only": Text(
        ru="Напишите мне в личные сообщения: в группах я не показываю данные компании.",
        en="Write to me in a private chat: I do not show the company's data in groups.",
    ),
    "nothing_to_cancel": Text(
        ru="Сейчас нечего отменять. /invoice — выставить счёт.",
        en="There is nothing to cancel. /invoice — issue an invoice.",
    ),
    "error.unexpected": Text(
        ru=(
            "😔 Что-то пошло не так, и бот не смог ответить. Попробуйте ещё раз; "
            "если повторится — сообщите администратору бота."
        ),
        en=(
            "😔 Something went wrong and the bot could not answer. Please try again; "
            "if it happens again, tell the bot's administrator."
        ),
    ),
    "error.unexpected_short": Text(
        ru="😔 Что-то пошло не так. Попробуйте ещё раз.",
        en="😔 Something went wrong. Please try again.",
    ),
    "button.outdated": Text(
        ru="Эта кнопка устарела.",
        en="This button is out of date.",
    ),
    "fallback": Text(
        ru="Не понял. /invoice — выставить счёт, /help — справка.",
        en="I did not understand that. /invoice — issue an invoice, /help — help.",
    ),
    # What went wrong between the bot and PayKeeper (PayKeeperUnavailable.reason).
    "pk.reason.auth_credentials": Text(
        ru="PayKeeper не принял логин и пароль бота (PAYKEEPER_USER, PAYKEEPER_PASSWORD)",
        en="PayKeeper did not accept the bot's login and password "
        "(PAYKEEPER_USER, PAYKEEPER_PASSWORD)",
    ),
    "pk.reason.auth_url": Text(
        ru="по адресу PAYKEEPER_URL отвечает не PayKeeper: адрес сервера неверен",
        en="what answers at PAYKEEPER_URL is not PayKeeper: the server address is wrong",
    ),
    "pk.reason.connect": Text(
        ru="сервер PayKeeper недоступен", en="the PayKeeper server cannot be reached"
    ),
    "pk.reason.timeout": Text(
        ru="PayKeeper не ответил вовремя", en="PayKeeper did not answer in time"
    ),
    "pk.reason.dropped": Text(
        ru="связь с PayKeeper оборвалась", en="the connection to PayKeeper was lost"
    ),
    "pk.reason.server_error": Text(
        ru="на сервере PayKeeper произошла ошибка", en="PayKeeper's server reported an error"
    ),
    "pk.reason.busy": Text(ru="PayKeeper перегружен", en="PayKeeper is overloaded"),
    "pk.reason.unexpected": Text(
        ru="ответ PayKeeper не похож на ожидаемый",
        en="PayKeeper's answer was not of the expected shape",
    ),
    "pk.reason.unreadable": Text(
        ru="ответ PayKeeper не удалось прочитать", en="PayKeeper's answer could not be read"
    ),
    "pk.reason.unavailable": Text(ru="PayKeeper недоступен", en="PayKeeper is not available"),
    "cmd.invoice": Text(ru="Выставить счёт", en="Issue an invoice"),
    "cmd.cancel": Text(ru="Прервать заполнение", en="Stop filling in the form"),
    "cmd.help": Text(ru="Справка", en="Help"),
}
