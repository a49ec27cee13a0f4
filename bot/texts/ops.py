"""Texts: what the bot tells admins about its own settings (PayKeeper's login at start)."""

from bot.texts.text import Text

TEXTS: dict[str, Text] = {
    "ops.paykeeper_login_refused": Text(
        ru=(
            "⚠️ <b>PayKeeper не принял логин и пароль</b> бота: счета сейчас не выставить.\n\n"
            "Ответ PayKeeper: {detail}\n\n"
            "Проверьте PAYKEEPER_USER и PAYKEEPER_PASSWORD (пользователь личного кабинета "
            "PayKeeper с доступом к API) и перезапустите бота."
        ),
        en=(
            "⚠️ <b>PayKeeper refused the bot's login and password</b>: no invoice can be "
            "issued now.\n\n"
            "PayKeeper said: {detail}\n\n"
            "Check PAYKEEPER_USER and PAYKEEPER_PASSWORD (a PayKeeper cabinet user with API "
            "access) and restart the bot."
        ),
    ),
    "ops.paykeeper_wrong_address": Text(
        ru=(
            "⚠️ <b>Адрес PayKeeper отвечает не как API PayKeeper</b>: счета сейчас не "
            "выставить.\n\n"
            "Ответ: {detail}\n\n"
            "Проверьте PAYKEEPER_URL (например, https://ваш-магазин.server.paykeeper.ru) и "
            "перезапустите бота."
        ),
        en=(
            "⚠️ <b>The PayKeeper address does not answer as PayKeeper's API</b>: no invoice "
            "can be issued now.\n\n"
            "Answer: {detail}\n\n"
            "Check PAYKEEPER_URL (e.g. https://your-shop.server.paykeeper.ru) and restart "
            "the bot."
        ),
    ),
}
