"""Bulk rows with a quantity and no price: the bot derives the price, and the cart carries the
rounding itself, so no such row can stop a run, with receipts on or off."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from bot.settings import Settings
from tests.fakes.paykeeper import FakePayKeeper
from tests.support.bulk_samples import as_dicts, read_csv
from tests.support.chat import MANAGER, Chat

# Amount ÷ quantity is not a whole number of kopecks in every row but the last; rows of one
# order («Z-9») make one invoice of three such lines.
FILE = (
    "Заказ;Услуга;Кол-во;Сумма;Почта\n"
    "A-1;Бетон;6;1000;a@example.com\n"
    "A-2;Бетон;7;1000;a@example.com\n"
    "A-3;Бетон;7;1500;a@example.com\n"
    "A-4;Песок;2,5;999,99;a@example.com\n"
    "A-5;Щебень;3,333;100;a@example.com\n"
    "Z-9;Доска;7;1000;z@example.com\n"
    "Z-9;Брус;7;1000;\n"
    "Z-9;Рейка;7;1000;\n"
    "A-6;Гвозди;4;100;a@example.com\n"
)


@pytest.fixture(params=[True, False], ids=["receipts", "no_receipts"])
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    return settings.model_copy(update={"receipts": request.param})


async def run_file(chat: Chat) -> list[dict[str, str]]:
    await chat.feed(chat.telegram.send_document(MANAGER, "orders.csv", FILE.encode(), "text/csv"))
    summary = chat.telegram.chat_messages(MANAGER.id)[-1]
    after = len(chat.telegram.calls)
    await chat.press_text(MANAGER, summary, "ссылки")
    result = await chat.telegram.wait_for(
        "sendDocument",
        lambda call: "Результат" in str(call.params.get("caption", "")),
        after=after,
        timeout=30,
    )
    return as_dicts(read_csv(result.params["document"].content))


async def test_every_row_without_a_price_is_issued(
    chat: Chat, paykeeper: FakePayKeeper, settings: Settings
) -> None:
    table = await run_file(chat)

    issued = [row["Статус"] for number, row in enumerate(table) if number not in (6, 7)]
    assert issued == ["создан"] * 7  # rows 8 and 9 are lines of row 7's invoice
    by_order = {
        invoice["orderid"].split("-", 1)[1]: invoice for invoice in paykeeper.invoices.values()
    }
    assert sorted(by_order) == ["A-1", "A-2", "A-3", "A-4", "A-5", "A-6", "Z-9"]
    assert by_order["Z-9"]["pay_amount"] == "3000.00"
    assert by_order["A-4"]["pay_amount"] == "999.99"
    if not settings.receipts:
        assert not paykeeper.receipts.carts
        return
    for invoice in paykeeper.invoices.values():
        lines = paykeeper.receipts.carts[invoice["id"]]
        assert sum(line.total for line in lines) == Decimal(invoice["pay_amount"])
        assert all(
            line.total == (line.price * line.quantity).quantize(Decimal("0.01"), ROUND_HALF_UP)
            for line in lines
        )
    six = paykeeper.receipts.carts[by_order["A-1"]["id"]]
    assert [(line.quantity, line.price) for line in six] == [
        (Decimal(5), Decimal("166.67")),
        (Decimal(1), Decimal("166.65")),
    ]
    [sand] = paykeeper.receipts.carts[by_order["A-4"]["id"]]
    assert (sand.name, sand.quantity, sand.price) == ("Песок (2,5)", Decimal(1), Decimal("999.99"))
    [nails] = paykeeper.receipts.carts[by_order["A-6"]["id"]]
    assert (nails.quantity, nails.price) == (Decimal(4), Decimal("25.00"))
