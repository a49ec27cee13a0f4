"""The unseen corpus's XLSX files, built with openpyxl.

openpyxl stamps the save time into the package, so the bytes differ from run to run; the cells
do not, and a unit test holds the committed files to the cells built here. Run
``python -m tests.corpus.unseen_xlsx`` to write them again.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

FOLDER = Path(__file__).parent / "unseen"

Cell = str | int | float | datetime | None
Sheet = tuple[str, Sequence[Sequence[Cell]]]


def _book(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    first = workbook.active
    workbook.remove(first)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def moysklad_orders() -> bytes:
    """МойСклад, Продажи -> Заказы покупателей, exported with positions: one row per position,
    so an order of two goods is two rows with the same number and buyer."""
    when = datetime(2026, 2, 20, 10, 5)  # noqa: DTZ001 - Excel has no time zones
    header: list[Cell] = [
        "№",
        "Время",
        "Контрагент",
        "Организация",
        "Товар",
        "Количество",
        "Цена",
        "Сумма",
        "Сумма НДС",
        "Оплачено",
        "Статус",
        "Комментарий",
    ]
    ours = 'ООО "Торговый дом"'
    rows: list[list[Cell]] = [
        header,
        [
            "00031",
            when,
            'ООО "Лотос"',
            ours,
            "Бумага А4",
            10,
            450.0,
            4500.0,
            811.48,
            0.0,
            "Новый",
            None,
        ],
        [
            "00031",
            when,
            'ООО "Лотос"',
            ours,
            "Картридж HP 85A",
            2,
            3900.0,
            7800.0,
            1406.56,
            0.0,
            "Новый",
            None,
        ],
        [
            "00032",
            when,
            "ИП Ефимов А.С.",
            ours,
            "Бумага А4",
            20,
            450.0,
            9000.0,
            1622.95,
            9000.0,
            "Отгружен",
            None,
        ],
        [
            "00033",
            when,
            'ООО "Сфера"',
            ours,
            "Тонер",
            5,
            1200.0,
            6000.0,
            1081.97,
            0.0,
            "Отменен",
            "клиент отказался",
        ],
        [
            "00034",
            when,
            'ООО "Лотос"',
            ours,
            "Скрепки",
            50,
            30.0,
            1500.0,
            270.49,
            0.0,
            "Подтвержден",
            None,
        ],
    ]
    return _book([("Заказы покупателей", rows)])


def excel_pivot_first() -> bytes:
    """An Excel workbook after Вставка -> Сводная таблица на новом листе: the pivot sheet comes
    first, with a subtotal per manager and «Общий итог»; the orders are on the second sheet."""
    pivot: list[list[Cell]] = [
        [],
        [],
        ["Названия строк", "Сумма по полю Сумма"],
        ["Иванова", 20500.0],
        ["ООО Альфа", 12500.0],
        ["ООО Бета", 8000.0],
        ["Петров", 6000.0],
        ["ИП Смирнов", 6000.0],
        ["Общий итог", 26500.0],
    ]
    day = datetime(2026, 2, 20)  # noqa: DTZ001
    orders: list[list[Cell]] = [
        ["Дата", "Менеджер", "Клиент", "E-mail", "Сумма", "Оплатить до"],
        [day, "Иванова", "ООО Альфа", "buh@alfa.ru", 12500.0, datetime(2026, 3, 10)],  # noqa: DTZ001
        [day, "Иванова", "ООО Бета", "info@beta.ru", 8000.0, datetime(2026, 3, 10)],  # noqa: DTZ001
        [day, "Петров", "ИП Смирнов", "smirnov@list.ru", 6000.0, datetime(2026, 3, 15)],  # noqa: DTZ001
    ]
    return _book([("Лист2", pivot), ("Заказы", orders)])


def excel_two_months() -> bytes:
    """A manager's workbook with a sheet per month, both shaped as orders: which month to bill
    is the manager's call, not the reader's."""
    header: list[Cell] = ["Клиент", "Email", "Телефон", "Услуга", "Сумма"]
    february: list[list[Cell]] = [
        header,
        [
            "ООО Альфа",
            "buh@alfa.ru",
            "+7 495 111-22-33",
            "Абонентское обслуживание, февраль",
            18000.0,
        ],
        ["ООО Бета", "info@beta.ru", None, "Абонентское обслуживание, февраль", 9000.0],
    ]
    march: list[list[Cell]] = [
        header,
        [
            "ООО Альфа",
            "buh@alfa.ru",
            "+7 495 111-22-33",
            "Абонентское обслуживание, март",
            18000.0,
        ],
        ["ООО Бета", "info@beta.ru", None, "Абонентское обслуживание, март", 9000.0],
        ["ООО Гамма", "g@gamma.ru", None, "Абонентское обслуживание, март", 12000.0],
    ]
    return _book([("Февраль", february), ("Март", march)])


def amocrm_prepayment() -> bytes:
    """amoCRM, Сделки -> Экспорт -> Excel, with two custom fields: a prepayment share and its
    amount. «Бюджет» is the deal, «Сумма предоплаты» what is due now; which one to bill
    differs by deal and the reader cannot know."""
    rows: list[list[Cell]] = [
        [
            "ID",
            "Название сделки",
            "Бюджет",
            "Этап сделки",
            "Компания",
            "Основной контакт",
            "Рабочий email (контакт)",
            "Мобильный телефон (контакт)",
            "Предоплата, %",
            "Сумма предоплаты",
        ],
        [
            31207,
            "Ремонт офиса",
            400000,
            "Договор подписан",
            'ООО "Старт"',
            "Илья Марков",
            "markov@start.ru",
            "+79160001122",
            50,
            200000,
        ],
        [
            31208,
            "Дизайн-проект",
            90000,
            "Договор подписан",
            None,
            "Кира Лазарева",
            "kira.l@gmail.com",
            "+79031112233",
            30,
            27000,
        ],
        [
            31209,
            "Замер и смета",
            5000,
            "Договор подписан",
            "ИП Тимофеев",
            "Олег Тимофеев",
            "timofeev@mail.ru",
            None,
            100,
            5000,
        ],
    ]
    return _book([("Сделки", rows)])


FILES: dict[str, Callable[[], bytes]] = {
    "moysklad_orders.xlsx": moysklad_orders,
    "excel_pivot_first.xlsx": excel_pivot_first,
    "excel_two_months.xlsx": excel_two_months,
    "amocrm_prepayment.xlsx": amocrm_prepayment,
}


if __name__ == "__main__":
    for name, build in FILES.items():
        (FOLDER / name).write_bytes(build())
