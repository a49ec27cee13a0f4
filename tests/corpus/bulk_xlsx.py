"""The bulk corpus's XLSX files, as 1C, Excel and a CRM save them.

They are written part by part (see :mod:`xlsx_writer`) because what makes them hard cannot be
made with openpyxl: formulas with the values Excel computed, merged header cells, numbers
stored as text. Run ``python -m tests.corpus.bulk_xlsx`` to write them again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from tests.corpus.xlsx_writer import Formula, Text, Value, workbook

FOLDER = Path(__file__).parent / "bulk"


def onec_sales_invoices() -> bytes:
    """1C Бухгалтерия 3.0, a report saved as XLSX: a merged title, the period and the
    organisation, a two-level header of merged cells, VAT as formulas, dates with a time,
    the taxpayer numbers as text, and the total computed by SUM."""
    rows: list[list[Value]] = [
        ["Счета на оплату покупателям"],
        ["Период: 01.03.2026 - 31.03.2026"],
        ['Организация: ООО "Ромашка"'],
        [],
        ["№", "Покупатель", None, None, "Сумма", None, "Срок оплаты", "Номер"],
        [None, "Наименование", "ИНН", "E-mail", "с НДС", "НДС", None, None],
        [
            1,
            'ООО "Альфа"',
            Text("7701000001"),
            "buh@alfa.ru",
            12000.0,
            Formula("E7*22/122", 2163.93),
            datetime(2026, 3, 20, 0, 0),  # noqa: DTZ001 - Excel has no time zones
            "0000-000041",
        ],
        [
            2,
            "ИП Смирнов Олег Викторович",
            Text("770100000222"),
            None,
            3300.5,
            Formula("E8*22/122", 595.17),
            datetime(2026, 3, 25, 0, 0),  # noqa: DTZ001
            "0000-000042",
        ],
        [
            3,
            'ООО "Гамма"',
            Text("7801000003"),
            "g@gamma.ru",
            780.0,
            Formula("E9*22/122", 140.66),
            datetime(2026, 3, 31, 18, 0),  # noqa: DTZ001
            "0000-000043",
        ],
        [
            "Итого",
            None,
            None,
            None,
            Formula("SUM(E7:E9)", 16080.5),
            Formula("SUM(F7:F9)", 2899.76),
        ],
    ]
    merged = ["A1:H1", "A5:A6", "B5:D5", "E5:F5", "G5:G6", "H5:H6", "A10:D10"]
    return workbook(rows, merged)


def excel_price_list() -> bytes:
    """A sheet a manager keeps in Excel: the amount a formula of quantity and price, a
    service made by a formula, numbers and a date typed as text, a phone as a number, and
    the sum of the column under a blank row, with no label."""
    rows: list[list[Value]] = [
        ["Клиент", "Услуга", "Кол-во", "Цена", "Сумма", "Почта", "Телефон", "Оплатить до"],
        [
            "Иванов И.И.",
            "Консультация",
            2,
            750,
            Formula("C2*D2", 1500),
            "ivanov@example.ru",
            79161234567,
            date(2026, 3, 20),
        ],
        [
            'ООО "Бета"',
            Formula('CONCATENATE("Аудит", " ", "март")', "Аудит март"),
            1,
            25000.5,
            Formula("C3*D3", 25000.5),
            "buh@beta.ru",
            None,
            Text("31.03.2026"),
        ],
        [
            "Петрова А.С.",
            "Обучение",
            3,
            Text("800"),
            Text("2 400,00"),
            "petrova@example.ru",
            Text("+7 903 777-88-99"),
            date(2026, 4, 10),
        ],
        [],
        [None, None, None, None, Formula("SUM(E2:E4)", 28900.5)],
    ]
    return workbook(rows)


def crm_deals() -> bytes:
    """Deals exported from a CRM: "Контакт: …" column names, ids and amounts as text, a
    phone as a number, the creation time, and a lost deal with nothing to pay."""
    created = datetime(2026, 3, 2, 10, 15, 42)  # noqa: DTZ001
    rows: list[list[Value]] = [
        [
            "ID",
            "Название",
            "Стадия сделки",
            "Сумма",
            "Валюта",
            "Контакт",
            "Компания",
            "Контакт: Рабочий телефон",
            "Контакт: Рабочий e-mail",
            "Дата создания",
            "Ответственный",
        ],
        [
            Text("1045"),
            "Настройка CRM",
            "Счёт выставлен",
            Text("45 000"),
            "RUB",
            "Олег Смирнов",
            'ООО "Альфа"',
            Text("+7 (916) 555-44-33"),
            "o.smirnov@alfa.ru",
            created,
            "Иванова Анна",
        ],
        [
            1046,
            "Годовая поддержка",
            "Счёт выставлен",
            120000,
            "RUB",
            "Анна Петрова",
            None,
            79037778899,
            "anna@mail.ru",
            created,
            "Петров Иван",
        ],
        [
            1047,
            "Обучение",
            "Сделка провалена",
            0,
            "RUB",
            "Пётр Сидоров",
            None,
            None,
            None,
            created,
            "Петров Иван",
        ],
    ]
    return workbook(rows)


FILES: dict[str, Callable[[], bytes]] = {
    "1c_sales_invoices.xlsx": onec_sales_invoices,
    "excel_price_list.xlsx": excel_price_list,
    "crm_deals.xlsx": crm_deals,
}


if __name__ == "__main__":
    for name, build in FILES.items():
        (FOLDER / name).write_bytes(build())
        print(f"wrote {FOLDER / name}")  # noqa: T201 - a script's report
