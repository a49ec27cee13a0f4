"""Texts: fiscal receipts, refunds and cash payments (issue 13)."""

from bot.texts.catalog import Text

TEXTS: dict[str, Text] = {
    "pk.reason.cart": Text(
        ru="строки корзины не сходятся с суммой счёта",
        en="the cart's lines do not add up to the invoice's amount",
    ),
    "rcpt.contact_needed": Text(
        ru=(
            "🧾 Для чека нужен e-mail или телефон плательщика: по закону (54-ФЗ) PayKeeper "
            "отправляет чек на один из них. E-mail пропущен — пришлите телефон."
        ),
        en=(
            "🧾 The receipt needs the payer's e-mail or phone: by law (54-FZ) PayKeeper sends "
            "the receipt to one of them. The e-mail was skipped: send the phone."
        ),
    ),
}
