"""Texts: the service catalogue (/services) and its place in the form."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "svc.admins_only": Text(
        ru="Каталог услуг ведут администраторы.", en="The service catalogue is for admins."
    ),
    "svc.list": Text(
        ru="📋 <b>Каталог услуг</b> ({count})\n{lines}",
        en="📋 <b>Service catalogue</b> ({count})\n{lines}",
    ),
    "svc.list_empty": Text(
        ru="пока пусто: добавьте услугу или загрузите файл",
        en="empty so far: add a service or import a file",
    ),
    "svc.line": Text(ru="• {name} — {price}, {tax}", en="• {name} — {price}, {tax}"),
    "svc.no_price": Text(ru="без цены", en="no price"),
    "svc.card": Text(
        ru=(
            "<b>{name}</b>\nЦена: {price}\nНДС: {tax}\nПредмет расчёта: {item_type}\n"
            "Способ расчёта: {payment_type}\nСчетов: {uses}"
        ),
        en=(
            "<b>{name}</b>\nPrice: {price}\nVAT: {tax}\nItem type: {item_type}\n"
            "Payment method: {payment_type}\nInvoices: {uses}"
        ),
    ),
    "svc.ask_line": Text(
        ru=(
            "Пришлите услугу одной строкой:\n<code>Название; цена; НДС; предмет расчёта; "
            "способ расчёта</code>\nНужно только название (до 128 символов). Цена — по "
            "умолчанию в форме; НДС: 22%, 10%, 22/122, без НДС (по умолчанию {tax}); предмет: "
            "service, goods, work…; способ: prepay (по умолчанию), full…\n"
            "Пример: <code>Консультация; 1500; 22%; service</code>\n/cancel — отмена."
        ),
        en=(
            "Send the service in one line:\n<code>Name; price; VAT; item type; payment "
            "method</code>\nOnly the name is required (up to 128 characters). The price is "
            "the form's default; VAT: 22%, 10%, 22/122, no VAT (default {tax}); item type: "
            "service, goods, work…; method: prepay (default), full…\n"
            "E.g. <code>Consulting; 1500; 22%; service</code>\n/cancel to stop."
        ),
    ),
    "svc.added": Text(ru="✅ Услуга «{name}» добавлена.", en="✅ Service «{name}» added."),
    "svc.edited": Text(ru="✅ Услуга «{name}» изменена.", en="✅ Service «{name}» changed."),
    "svc.archived": Text(
        ru="🗄 Услуга «{name}» в архиве: в форме её больше нет, старые счета её помнят.",
        en="🗄 Service «{name}» archived: the form no longer offers it, old invoices keep it.",
    ),
    "svc.gone": Text(ru="Этой услуги уже нет.", en="This service is gone."),
    "svc.ask_file": Text(
        ru=(
            "Пришлите CSV или XLSX со столбцами «Название», «Цена», «Ставка НДС», «Предмет "
            "расчёта», «Способ расчёта» (нужно только название). Услуги с теми же названиями "
            "обновятся. /cancel — отмена."
        ),
        en=(
            "Send a CSV or XLSX with the columns «Название» (name), «Цена» (price), «Ставка "
            "НДС» (VAT), «Предмет расчёта», «Способ расчёта» (only the name is required). "
            "Services with the same names are updated. /cancel to stop."
        ),
    ),
    "svc.imported": Text(
        ru="📥 Загружено: новых {added}, обновлено {updated}, с ошибками {bad}.",
        en="📥 Imported: {added} new, {updated} updated, {bad} with problems.",
    ),
    "svc.import_problem": Text(ru="строка {row}: {problem}", en="row {row}: {problem}"),
    "svc.export_caption": Text(ru="Каталог услуг", en="Service catalogue"),
    "svc.btn.add": Text(ru="➕ Добавить", en="➕ Add"),
    "svc.btn.import": Text(ru="📥 Загрузить файл", en="📥 Import a file"),
    "svc.btn.export": Text(ru="📤 Выгрузить", en="📤 Export"),
    "svc.btn.edit": Text(ru="✏️ Изменить", en="✏️ Edit"),
    "svc.btn.archive": Text(ru="🗄 В архив", en="🗄 Archive"),
    "svc.btn.back": Text(ru="« К каталогу", en="« Catalogue"),
    "svc.err.name": Text(ru="нет названия услуги", en="the service has no name"),
    "svc.err.name_long": Text(
        ru="название длиннее {limit} символов", en="the name is longer than {limit} characters"
    ),
    "svc.err.tax": Text(
        ru="«{value}» — не ставка НДС: 22%, 10%, 5%, 7%, 0%, 22/122, 10/110 или «без НДС»",
        en="«{value}» is not a VAT rate: 22%, 10%, 5%, 7%, 0%, 22/122, 10/110 or «no VAT»",
    ),
    "svc.err.choice": Text(
        ru="«{value}» — нет такого значения; можно: {choices}",
        en="«{value}» is not one of: {choices}",
    ),
    "svc.err.parts": Text(
        ru="слишком много частей: не больше пяти через «;»",
        en="too many parts: at most five, separated by «;»",
    ),
    "svc.err.duplicate": Text(
        ru="услуга «{name}» уже есть в каталоге", en="«{name}» is in the catalogue already"
    ),
    "svc.err.no_name_column": Text(
        ru="в файле нет столбца «Название»", en="the file has no «Название» (name) column"
    ),
    "svc.problem": Text(ru="❌ {problem}", en="❌ {problem}"),
    "svc.amount_needed": Text(
        ru="У этой услуги нет цены в каталоге: укажите сумму счёта.",
        en="This service has no price in the catalogue: enter the invoice's amount.",
    ),
    "svc.amount_skip_hint": Text(
        ru="Сумму можно пропустить знаком - : её возьмут из цены услуги в каталоге.",
        en="You may skip the amount with - : it is taken from the service's catalogue price.",
    ),
}

TEXTS.update(
    {
        "cart.btn.add": Text(ru="➕ Добавить строку", en="➕ Add a line"),
        "cart.ask": Text(
            ru=(
                "Новая строка счёта: <code>Название; количество; цена</code>\n"
                "Количество — 1, если не указано; цену можно не писать для услуги из каталога.\n"
                "Пример: <code>Выезд специалиста; 2; 1500</code>"
            ),
            en=(
                "A new line of the invoice: <code>Name; quantity; price</code>\n"
                "The quantity is 1 when left out; a catalogue service needs no price.\n"
                "E.g. <code>Site visit; 2; 1500</code>"
            ),
        ),
        "cart.lines": Text(
            ru="🧾 <b>Строки чека</b>\n{lines}\nИтого: {total}",
            en="🧾 <b>Receipt lines</b>\n{lines}\nTotal: {total}",
        ),
        "cart.more": Text(ru="… и ещё строк: {count}", en="… and {count} more lines"),
        "cart.line": Text(
            ru="{number}. {name} — {quantity} × {price} = {sum}, {tax}",
            en="{number}. {name} — {quantity} × {price} = {sum}, {tax}",
        ),
        "cart.err.format": Text(
            ru="Нужно «Название; количество; цена», например «Выезд; 2; 1500».",
            en="Expected «Name; quantity; price», e.g. «Site visit; 2; 1500».",
        ),
        "cart.err.price": Text(
            ru="Укажите цену: этой услуги нет в каталоге или у неё нет цены.",
            en="Give the price: this service is not in the catalogue or has no price.",
        ),
        "cart.err.total_too_large": Text(
            ru=(
                "С этой строкой счёт был бы на {total}, а один счёт — не больше {maximum}. "
                "Строка не добавлена."
            ),
            en=(
                "With this line the invoice would be for {total}; one invoice can be at most "
                "{maximum}. The line was not added."
            ),
        ),
        "cart.err.line": Text(
            ru="Такую строку не сделать: цена и количество должны быть больше нуля.",
            en="That line cannot be made: the price and the quantity must be above zero.",
        ),
    }
)

TEXTS.update(
    {
        "bulk.field.quantity": Text(ru="количество", en="quantity"),
        "bulk.field.price": Text(ru="цена", en="price"),
        "bulk.field.tax": Text(ru="ставка НДС", en="VAT rate"),
        "bulk.row.tax": Text(
            ru="«{value}» — не ставка НДС: 22%, 10%, 22/122, 10/110 или «без НДС»",
            en="«{value}» is not a VAT rate: 22%, 10%, 22/122, 10/110 or «no VAT»",
        ),
        "bulk.row.line_mismatch": Text(
            ru="цена {price} × {quantity} не равна сумме {amount}",
            en="the price {price} × {quantity} is not the amount {amount}",
        ),
        "bulk.row.joined": Text(
            ru="строка счёта из строки {row} (тот же заказ)",
            en="a line of the invoice of row {row} (the same order)",
        ),
        "bulk.row.order_too_large": Text(
            ru="строки заказа вместе дают {amount}, больше предела {maximum}",
            en="the order's rows add up to {amount}, above the limit of {maximum}",
        ),
        "bulk.row.order_incomplete": Text(
            ru="в строке {row} того же заказа ошибка: заказ не выставлен целиком",
            en="row {row} of the same order has a problem: the order waits as a whole",
        ),
    }
)
