"""Texts: recurring invoices — made from a card, /schedules, and what each period tells."""

from bot.texts.text import Text

_WEEKDAYS = (
    ("Пн", "Mon", "понедельникам", "Monday"),
    ("Вт", "Tue", "вторникам", "Tuesday"),
    ("Ср", "Wed", "средам", "Wednesday"),
    ("Чт", "Thu", "четвергам", "Thursday"),
    ("Пт", "Fri", "пятницам", "Friday"),
    ("Сб", "Sat", "субботам", "Saturday"),
    ("Вс", "Sun", "воскресеньям", "Sunday"),
)
_MONTHS = (
    ("январь", "January"),
    ("февраль", "February"),
    ("март", "March"),
    ("апрель", "April"),
    ("май", "May"),
    ("июнь", "June"),
    ("июль", "July"),
    ("август", "August"),
    ("сентябрь", "September"),
    ("октябрь", "October"),
    ("ноябрь", "November"),
    ("декабрь", "December"),
)

TEXTS: dict[str, Text] = {
    "cmd.schedules": Text(ru="Регулярные счета", en="Recurring invoices"),
    "inv.btn.schedule": Text(ru="🔁 Повторять", en="🔁 Repeat regularly"),
    # ---- making one from a card ---------------------------------------------------------
    "sch.ask_kind": Text(
        ru="🔁 Выставлять счёт №{id} на <b>{amount}</b> регулярно. Как часто?",
        en="🔁 Issue invoice #{id} for <b>{amount}</b> regularly. How often?",
    ),
    "sch.btn.monthly": Text(ru="📅 Каждый месяц", en="📅 Monthly"),
    "sch.btn.weekly": Text(ru="🗓 Каждую неделю", en="🗓 Weekly"),
    "sch.btn.days": Text(ru="🔢 Каждые N дней", en="🔢 Every N days"),
    "sch.btn.cancel": Text(ru="✖️ Отмена", en="✖️ Cancel"),
    "sch.ask_month_day": Text(
        ru=(
            "Какого числа? Напишите число от 1 до 31. В месяце, где такого дня нет, счёт выйдет "
            "в последний день месяца."
        ),
        en=(
            "On which day of the month? Type a number from 1 to 31. In a month without that "
            "day the invoice goes out on its last day."
        ),
    ),
    "sch.btn.month_day": Text(ru="{day}-го числа", en="On the {day}"),
    "sch.ask_weekday": Text(ru="В какой день недели?", en="On which weekday?"),
    "sch.ask_every": Text(
        ru="Через сколько дней? Напишите число от 1 до {high}.",
        en="Every how many days? Type a number from 1 to {high}.",
    ),
    "sch.ask_end": Text(ru="До каких пор?", en="Until when?"),
    "sch.btn.forever": Text(ru="♾ Пока не остановлю", en="♾ Until I stop it"),
    "sch.btn.times": Text(ru="🔢 Столько-то раз", en="🔢 A number of times"),
    "sch.btn.until": Text(ru="📆 До даты", en="📆 Until a date"),
    "sch.ask_times": Text(
        ru=(
            "Сколько раз выставить счёт? Число от 1 до {high}. Считаются периоды: "
            "пропущенный (пауза) тоже идёт в счёт."
        ),
        en=(
            "How many times? A number from 1 to {high}. Periods are counted: "
            "one skipped (paused) counts too."
        ),
    ),
    "sch.ask_until": Text(
        ru="До какого дня включительно? Например, 31.12.2027.",
        en="Until which day, inclusive? For example, 31.12.2027.",
    ),
    "sch.until_too_early": Text(
        ru="До этого дня не выйдет ни одного счёта: первый — {first}. Напишите дату не раньше.",
        en="No invoice would go out by then: the first is on {first}. Type a later date.",
    ),
    "sch.summary": Text(
        ru=(
            "🔁 <b>Регулярный счёт</b>\n\n{details}\nПервый счёт: {first}\n\n"
            "Каждый счёт — новый, со своим номером заказа. Создать?"
        ),
        en=(
            "🔁 <b>Recurring invoice</b>\n\n{details}\nFirst invoice: {first}\n\n"
            "Each invoice is a new one with its own order number. Create it?"
        ),
    ),
    "sch.btn.create": Text(ru="✅ Создать", en="✅ Create"),
    "sch.form_cancelled": Text(
        ru="Хорошо, регулярный счёт не создан.", en="All right, no recurring invoice made."
    ),
    "sch.form_gone": Text(
        ru="Эти ответы устарели: нажмите «🔁 Повторять» на карточке счёта ещё раз.",
        en="These answers have expired: press “🔁 Repeat regularly” on the invoice card again.",
    ),
    "sch.created": Text(
        ru="✅ Регулярный счёт №{id} создан. Первый счёт — {first}. Все регулярные: /schedules",
        en="✅ Recurring invoice #{id} created. The first invoice: {first}. All: /schedules",
    ),
    "sch.refused": Text(
        ru="Регулярный счёт не создан: {message}", en="No recurring invoice made: {message}"
    ),
    "sch.waiting": Text(
        ru=(
            "⏳ Регулярный счёт №{id} на <b>{amount}</b> ждёт одобрения администратора: сумма "
            "больше {limit}. Пока его не одобрят, счета не выставляются."
        ),
        en=(
            "⏳ Recurring invoice #{id} for <b>{amount}</b> is waiting for an administrator's "
            "approval: it is above {limit}. No invoice goes out until it is approved."
        ),
    ),
    # ---- approvals --------------------------------------------------------------------------
    "sch.appr_note": Text(
        ru="\n\n🔁 Регулярный счёт №{id}: одобрение — на все его счета.",
        en="\n\n🔁 Recurring invoice #{id}: the approval covers all its invoices.",
    ),
    "sch.appr_approved": Text(
        ru="✅ {admin} одобрил(а) регулярный счёт на {amount}.",
        en="✅ {admin} approved the recurring invoice for {amount}.",
    ),
    "sch.appr_rejected": Text(
        ru="❌ {admin} отклонил(а) регулярный счёт на {amount}.{reason}",
        en="❌ {admin} rejected the recurring invoice for {amount}.{reason}",
    ),
    # ---- how a schedule reads -------------------------------------------------------------
    "sch.details": Text(
        ru=(
            "Сумма: <b>{amount}</b>\nУслуга: {service}\nПлательщик: {payer}\n"
            "Как передать: {delivery}\nКогда: {rule}\nДо: {end}\nСрок оплаты: {term}"
        ),
        en=(
            "Amount: <b>{amount}</b>\nService: {service}\nPayer: {payer}\n"
            "Delivery: {delivery}\nWhen: {rule}\nUntil: {end}\nTime to pay: {term}"
        ),
    ),
    "sch.rule.monthly": Text(ru="каждый месяц, {day}-го числа", en="monthly, on the {day}"),
    "sch.rule.monthly_short": Text(
        ru="каждый месяц, {day}-го числа (или в последний день месяца)",
        en="monthly, on the {day} (or the month's last day)",
    ),
    "sch.rule.weekly": Text(ru="каждую неделю, по {weekday}", en="weekly, on {weekday}s"),
    "sch.rule.days": Text(ru="каждые {n} дн.", en="every {n} days"),
    "sch.end.forever": Text(ru="пока не остановят", en="until stopped"),
    "sch.end.times": Text(ru="{n} счетов", en="{n} invoices"),
    "sch.end.until": Text(ru="{day} включительно", en="{day} inclusive"),
    "sch.term.none": Text(ru="без срока", en="no limit"),
    "sch.term.days": Text(ru="{n} дн. со дня выставления", en="{n} days from issue"),
    "sch.status.pending": Text(ru="⏳ ждёт одобрения", en="⏳ awaiting approval"),
    "sch.status.active": Text(ru="▶️ действует", en="▶️ active"),
    "sch.status.paused": Text(ru="⏸ на паузе", en="⏸ paused"),
    "sch.status.stopped": Text(ru="⏹ остановлен", en="⏹ stopped"),
    "sch.status.finished": Text(ru="🏁 завершён", en="🏁 finished"),
    "sch.status.rejected": Text(ru="❌ отклонён", en="❌ rejected"),
    "sch.status.suspended": Text(
        ru="⏸ менеджер приостановлен: счета не выставляются",
        en="⏸ its manager is suspended: no invoices go out",
    ),
    # ---- /schedules ---------------------------------------------------------------------
    "sch.list.title": Text(ru="🔁 <b>Регулярные счета</b>", en="🔁 <b>Recurring invoices</b>"),
    "sch.list.empty": Text(
        ru="Регулярных счетов пока нет. Создайте его кнопкой «🔁 Повторять» на карточке счёта.",
        en="No recurring invoices yet. Make one with “🔁 Repeat regularly” on an invoice card.",
    ),
    "sch.list.line": Text(
        ru="№{id}. <b>{amount}</b> · {payer} · {rule} · {state}{next}",
        en="#{id}. <b>{amount}</b> · {payer} · {rule} · {state}{next}",
    ),
    "sch.list.next": Text(ru=" · следующий {day}", en=" · next {day}"),
    "sch.list.manager": Text(ru=" · 👤 {manager}", en=" · 👤 {manager}"),
    "sch.card": Text(
        ru=(
            "🔁 <b>Регулярный счёт №{id}</b> — {state}\n\n{details}\n"
            "Следующий счёт: {next}\nМенеджер: {manager}\nСделан из счёта №{source}"
        ),
        en=(
            "🔁 <b>Recurring invoice #{id}</b> — {state}\n\n{details}\n"
            "Next invoice: {next}\nManager: {manager}\nMade from invoice #{source}"
        ),
    ),
    "sch.card.waiting_amount": Text(
        ru="\n⏳ Новая сумма ждёт одобрения; пока выставляется прежняя.",
        en="\n⏳ A new amount awaits approval; the old one applies meanwhile.",
    ),
    "sch.card.invoices": Text(ru="\n\n<b>Его счета:</b>", en="\n\n<b>Its invoices:</b>"),
    "sch.card.invoice": Text(
        ru="\n№{id} · {day} · {amount} · {status}", en="\n#{id} · {day} · {amount} · {status}"
    ),
    "sch.card.no_invoices": Text(
        ru="\n\nСчетов по нему ещё не было.", en="\n\nNo invoices from it yet."
    ),
    "sch.none": Text(ru="—", en="—"),
    "sch.btn.number": Text(ru="№{id}", en="#{id}"),
    "sch.btn.pause": Text(ru="⏸ Пауза", en="⏸ Pause"),
    "sch.btn.resume": Text(ru="▶️ Возобновить", en="▶️ Resume"),
    "sch.btn.stop": Text(ru="⏹ Остановить", en="⏹ Stop"),
    "sch.btn.stop_yes": Text(ru="⏹ Да, остановить", en="⏹ Yes, stop it"),
    "sch.btn.stop_no": Text(ru="Нет", en="No"),
    "sch.btn.amount": Text(ru="✏️ Изменить сумму", en="✏️ Change the amount"),
    "sch.btn.list": Text(ru="‹ Все регулярные", en="‹ All recurring"),
    "sch.stop_question": Text(
        ru="\n\n<b>Остановить насовсем?</b> Выставленные счета останутся как есть.",
        en="\n\n<b>Stop it for good?</b> Invoices already issued stay as they are.",
    ),
    "sch.paused": Text(ru="⏸ На паузе", en="⏸ Paused"),
    "sch.resumed": Text(
        ru="▶️ Возобновлён. Периоды, пропущенные на паузе, не выставляются.",
        en="▶️ Resumed. Periods that fell during the pause are not issued.",
    ),
    "sch.stopped": Text(ru="⏹ Остановлен", en="⏹ Stopped"),
    "sch.stale": Text(
        ru="Уже не так: регулярный счёт сейчас — {state}.",
        en="Not any more: the recurring invoice is now {state}.",
    ),
    "sch.not_found": Text(
        ru="Такого регулярного счёта нет (или он не ваш).",
        en="No such recurring invoice (or it is not yours).",
    ),
    "sch.ask_amount": Text(
        ru="Новая сумма для следующих счетов регулярного счёта №{id} (сейчас {amount}):",
        en="The new amount for the next invoices of recurring invoice #{id} (now {amount}):",
    ),
    "sch.amount_changed": Text(
        ru="✅ Сумма изменена: {amount}. С ней выйдут следующие счета.",
        en="✅ Amount changed to {amount}. The next invoices go out with it.",
    ),
    "sch.amount_waiting": Text(
        ru=(
            "⏳ Новая сумма {amount} ждёт одобрения администратора: больше {limit}. "
            "До тех пор счета выходят с прежней."
        ),
        en=(
            "⏳ The new amount {amount} awaits an administrator's approval: above {limit}. "
            "Until then invoices go out with the old one."
        ),
    ),
    "sch.amount_refused": Text(
        ru="Сумма не изменена: {message}", en="The amount is unchanged: {message}"
    ),
    # ---- each period ----------------------------------------------------------------------
    "sch.period.issued": Text(
        ru="🔁 Счёт за {period} выставлен", en="🔁 The invoice for {period} is issued"
    ),
    "sch.period.emailed": Text(
        ru="🔁 Счёт за {period} отправлен на почту",
        en="🔁 The invoice for {period} is e-mailed",
    ),
    "sch.period.failed": Text(
        ru="🔁 Счёт за {period} не выставлен", en="🔁 The invoice for {period} is not issued"
    ),
    "sch.period.unclear": Text(
        ru="🔁 Счёт за {period}: ответ PayKeeper неясен",
        en="🔁 The invoice for {period}: PayKeeper's answer is unclear",
    ),
    "sch.period.head": Text(
        ru="<b>{head}</b> (регулярный №{id}).{late}\n\n{body}",
        en="<b>{head}</b> (recurring #{id}).{late}\n\n{body}",
    ),
    "sch.period.late": Text(
        ru="\n⏰ С опозданием: он должен был выйти {day}, но бот тогда не работал.",
        en="\n⏰ Late: it was due on {day}, but the bot was not running then.",
    ),
    "sch.period.delayed": Text(
        ru=(
            "🔁 Счёт за {period} (регулярный №{id}) пока не выставлен: {message}\n"
            "PayKeeper его не получил, так что я попробую снова — счёт выйдет один раз."
        ),
        en=(
            "🔁 The invoice for {period} (recurring #{id}) is not issued yet: {message}\n"
            "PayKeeper did not get it, so I will try again — it will go out once."
        ),
    ),
    **{
        f"sch.wd.{number}": Text(ru=short_ru, en=short_en)
        for number, (short_ru, short_en, _, _) in enumerate(_WEEKDAYS)
    },
    **{
        f"sch.wd_on.{number}": Text(ru=on_ru, en=on_en)
        for number, (_, _, on_ru, on_en) in enumerate(_WEEKDAYS)
    },
    **{
        f"sch.month.{number}": Text(ru=ru, en=en)
        for number, (ru, en) in enumerate(_MONTHS, start=1)
    },
}
