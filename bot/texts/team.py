"""Texts: the team — access requests, /team, roles, suspension, the audit, viewers."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    # Roles, as a person reads them
    "team.role.admin": Text(ru="администратор", en="admin"),
    "team.role.manager": Text(ru="менеджер", en="manager"),
    "team.role.viewer": Text(ru="наблюдатель", en="viewer"),
    # Someone without access
    "team.request.button": Text(ru="🙋 Запросить доступ", en="🙋 Request access"),
    "team.request.sent": Text(
        ru="Запрос отправлен администраторам. Я сообщу, когда они решат.",
        en="Your request went to the administrators. I will tell you what they decide.",
    ),
    "team.request.pending": Text(
        ru="Ваш запрос уже у администраторов — дождитесь их решения.",
        en="Your request is already with the administrators — please wait for their answer.",
    ),
    "team.request.cooldown": Text(
        ru="В доступе недавно отказали. Новый запрос можно отправить после {when} (МСК).",
        en="Access was denied recently. You can ask again after {when} (Moscow time).",
    ),
    "team.request.full": Text(
        ru="Сейчас у администраторов слишком много запросов доступа. Попробуйте позже.",
        en="The administrators have too many access requests waiting. Please try again later.",
    ),
    "team.request.cap_reached": Text(
        ru=(
            "🚦 <b>Запросов доступа ждут решения: {count}</b> — это предел "
            "(ACCESS_REQUESTS_MAX). Новые запросы не принимаются, пока вы не решите часть "
            "из них; их авторам бот отвечает «попробуйте позже»."
        ),
        en=(
            "🚦 <b>Access requests waiting for a decision: {count}</b> — the limit "
            "(ACCESS_REQUESTS_MAX). New requests are turned away until you decide some of "
            "them; the bot asks their senders to try later."
        ),
    ),
    "team.request.member": Text(
        ru="У вас уже есть доступ. /help — что я умею.",
        en="You already have access. /help — what I can do.",
    ),
    "team.request.no_admins": Text(
        ru=(
            "Сейчас некому принять запрос. Передайте администратору ваш Telegram ID: "
            "<code>{user_id}</code>"
        ),
        en=(
            "Nobody can take the request right now. Give your Telegram ID to an "
            "administrator: <code>{user_id}</code>"
        ),
    ),
    "team.suspended": Text(
        ru="Ваш доступ к боту приостановлен администратором.",
        en="An administrator has suspended your access to this bot.",
    ),
    # The request, as every admin sees it
    "team.request.card": Text(
        ru="🙋 <b>Запрос доступа</b>\n{name}{username}\nTelegram ID: <code>{user_id}</code>",
        en="🙋 <b>Access request</b>\n{name}{username}\nTelegram ID: <code>{user_id}</code>",
    ),
    "team.request.approve_manager": Text(ru="✅ Менеджер", en="✅ Manager"),
    "team.request.approve_admin": Text(ru="✅ Администратор", en="✅ Admin"),
    "team.request.approve_viewer": Text(ru="👁 Наблюдатель", en="👁 Viewer"),
    "team.request.deny": Text(ru="❌ Отказать", en="❌ Deny"),
    "team.request.approved_by": Text(
        ru="✅ {admin} выдал(а) доступ: {role}", en="✅ {admin} granted access: {role}"
    ),
    "team.request.denied_by": Text(ru="❌ {admin} отказал(а)", en="❌ {admin} denied it"),
    "team.request.decided_before": Text(
        ru="Запрос уже решён: {admin}.", en="Already decided by {admin}."
    ),
    "team.request.decided_toast": Text(ru="Готово", en="Done"),
    "team.request.approved_user": Text(
        ru="✅ Доступ выдан: {role}. /help — что я умею.",
        en="✅ You have access now: {role}. /help — what I can do.",
    ),
    "team.request.denied_user": Text(
        ru="❌ Администратор отказал в доступе.", en="❌ An administrator denied access."
    ),
    # /team
    "team.only_admins": Text(
        ru="Это доступно только администраторам.", en="Only administrators can do this."
    ),
    "team.list.title": Text(
        ru="<b>Команда</b> ({count})\nСчета с начала месяца: выставлено / оплачено",
        en="<b>The team</b> ({count})\nInvoices this month: issued / paid",
    ),
    "team.list.line": Text(
        ru="{name} — {role}{mark}, {seen}, {issued} / {paid}",
        en="{name} — {role}{mark}, {seen}, {issued} / {paid}",
    ),
    "team.suspended_mark": Text(ru=" ⛔ приостановлен", en=" ⛔ suspended"),
    "team.seen": Text(ru="был(а) {when}", en="seen {when}"),
    "team.never_seen": Text(ru="ещё не заходил(а)", en="not seen yet"),
    "team.member.card": Text(
        ru=(
            "<b>{name}</b>{mark}\nTelegram ID: <code>{user_id}</code>\nРоль: {role}\n"
            "Последний раз: {seen}\nС начала месяца: выставлено {issued}, оплачено {paid}"
        ),
        en=(
            "<b>{name}</b>{mark}\nTelegram ID: <code>{user_id}</code>\nRole: {role}\n"
            "Last seen: {seen}\nThis month: {issued} issued, {paid} paid"
        ),
    ),
    "team.member.seeded": Text(
        ru="Задан в настройках бота (ADMIN_IDS, MANAGER_IDS): из чата не меняется.",
        en="Listed in the bot's settings (ADMIN_IDS, MANAGER_IDS): not changed from chat.",
    ),
    "team.btn.admin": Text(ru="Сделать администратором", en="Make admin"),
    "team.btn.manager": Text(ru="Сделать менеджером", en="Make manager"),
    "team.btn.viewer": Text(ru="Сделать наблюдателем", en="Make viewer"),
    "team.btn.suspend": Text(ru="⛔ Приостановить", en="⛔ Suspend"),
    "team.btn.restore": Text(ru="↩️ Восстановить", en="↩️ Restore"),
    "team.btn.audit": Text(ru="📜 Журнал доступа", en="📜 Access log"),
    "team.btn.by_manager": Text(ru="👤 По менеджеру", en="👤 By manager"),
    "team.pick.all": Text(ru="Все менеджеры", en="All managers"),
    "team.list.invoices_of": Text(ru="Счета: {name}", en="Invoices of {name}"),
    "team.btn.back": Text(ru="« К команде", en="« The team"),
    "team.btn.member": Text(ru="« Назад", en="« Back"),
    "team.done.role": Text(ru="Роль изменена: {role}", en="Role changed: {role}"),
    "team.done.suspended": Text(
        ru="Доступ приостановлен; незаполненная форма удалена",
        en="Access suspended; any half-filled form was dropped",
    ),
    "team.done.restored": Text(ru="Доступ восстановлен", en="Access restored"),
    "team.refused.seeded": Text(
        ru="Задан в настройках бота: из чата не меняется",
        en="Listed in the bot's settings: not changed from chat",
    ),
    "team.refused.last_admin": Text(
        ru="Тогда не останется ни одного администратора: сначала назначьте другого",
        en="That would leave no admin: make someone else admin first",
    ),
    "team.refused.self": Text(ru="Себя приостановить нельзя", en="You cannot suspend yourself"),
    "team.refused.not_member": Text(
        ru="Этого человека нет в команде", en="This person is not in the team"
    ),
    "team.refused.unchanged": Text(ru="Уже так", en="Already so"),
    "team.audit.title": Text(ru="<b>Журнал доступа: {name}</b>", en="<b>Access log: {name}</b>"),
    "team.audit.line": Text(ru="{when} — {actor}: {what}", en="{when} — {actor}: {what}"),
    "team.audit.empty": Text(ru="Изменений не было.", en="No changes yet."),
    "team.audit.settings": Text(ru="настройки", en="settings"),
    "team.audit.granted": Text(ru="выдан доступ, {role}", en="access granted, {role}"),
    "team.audit.role": Text(ru="роль: {role}", en="role: {role}"),
    "team.audit.suspended": Text(ru="приостановлен", en="suspended"),
    "team.audit.restored": Text(ru="восстановлен", en="restored"),
    "team.audit.denied": Text(ru="отказ в доступе", en="access denied"),
    "team.audit.seeded": Text(ru="из настроек, {role}", en="from the settings, {role}"),
    # The team's morning summary (admins and viewers)
    "team.digest": Text(
        ru=(
            "👥 <b>Команда за {day}</b>\n\n"
            "Выставлено: {issued_count} на {issued_sum}\n"
            "Оплачено: {paid_count} на {paid_sum}\n"
            "Истекло без оплаты: {expired_count} на {expired_sum}\n\n"
            "<b>По менеджерам</b> (выставлено / оплачено / истекло)\n{lines}"
        ),
        en=(
            "👥 <b>The team on {day}</b>\n\n"
            "Issued: {issued_count} for {issued_sum}\n"
            "Paid: {paid_count} for {paid_sum}\n"
            "Expired unpaid: {expired_count} for {expired_sum}\n\n"
            "<b>By manager</b> (issued / paid / expired)\n{lines}"
        ),
    ),
    "team.digest.line": Text(
        ru="{name}: {issued} / {paid} на {paid_sum} / {expired}",
        en="{name}: {issued} / {paid} for {paid_sum} / {expired}",
    ),
    # Viewers
    "team.viewer_refused": Text(
        ru="Вы наблюдатель: счета можно смотреть, но не выставлять и не менять.",
        en="You are a viewer: you can look at invoices, but not issue or change them.",
    ),
    "team.viewer_inline": Text(
        ru="Наблюдатель: счета — в боте", en="Viewer: invoices are in the bot"
    ),
}
