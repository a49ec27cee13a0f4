"""The corpus: files shaped as 1C, banks, CRMs and Excel export them, and for each the
invoices a careful accountant would issue from it, the rows they would pass over, and which
column they would read as what. The reader knows nothing of these files: its rules decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.services.bulk.reading import Limits, Reading, read_upload
from bot.services.bulk.rows import base_order_id
from bot.services.bulk.skipping import Skip
from tests.corpus.bulk_xlsx import FILES

CORPUS = Path(__file__).parents[1] / "corpus" / "bulk"
LIMITS = Limits(max_rows=1000, max_bytes=2 * 1024 * 1024, max_amount=Decimal(1_000_000))
TODAY = date(2026, 3, 1)
ALIAS = "k7wq2m4z"  # a manager's alias in order ids


@dataclass(frozen=True)
class Invoice:
    row: int
    amount: str
    email: str | None = None
    phone: str | None = None
    client: str | None = None
    service: str | None = None
    last_day: date | None = None
    order: str | None = None


@dataclass(frozen=True)
class Expected:
    header_rows: tuple[int, ...]
    columns: dict[str, str]  # field -> the column's name as read
    invoices: list[Invoice]
    skipped: list[tuple[int, Skip, str | None]] = field(default_factory=list)  # row, why, amount
    problems: dict[int, list[str]] = field(default_factory=dict)  # row -> error keys
    offered: dict[str, list[str]] = field(default_factory=dict)  # field -> other columns


EXPECTED: dict[str, Expected] = {
    # 1C Бухгалтерия 3.0, "Счета на оплату покупателям" list: the date with a time, the
    # organisation (our own company) and what was paid are not the client nor the amount;
    # an invoice whose «Оплачено» is its whole amount is paid, not billed again.
    "1c_bp_invoices_list.csv": Expected(
        header_rows=(1,),
        columns={"amount": "Сумма", "client": "Контрагент", "order": "Номер"},
        invoices=[
            Invoice(2, "12500.00", client='ООО "Альфа-Трейд"', order="0000-000041"),
            Invoice(3, "3300.50", client="ИП Смирнов Олег Викторович", order="0000-000042"),
        ],
        skipped=[(4, Skip.PAID, "780.00")],
    ),
    # A 1C printed report: a title, a row of column numbers, group names, the header again on
    # every page, page totals and the grand total, a signature. VAT and the invoice's number
    # (a bank account's word) are not ours.
    "1c_report_pages.csv": Expected(
        header_rows=(3,),
        columns={"amount": "Сумма", "email": "Эл. почта", "client": "Покупатель"},
        invoices=[
            Invoice(6, "1000.00", email="a@alfa.ru", client="ООО Альфа"),
            Invoice(7, "2000.00", email="b@beta.ru", client="ООО Бета"),
            Invoice(12, "500.50", email="g@gamma.ru", client="ООО Гамма"),
        ],
        skipped=[
            (4, Skip.COLUMN_NUMBERS, "5.00"),
            (5, Skip.NOTE, None),
            (8, Skip.TOTAL, "3000.00"),
            (9, Skip.HEADER, None),
            (10, Skip.COLUMN_NUMBERS, "5.00"),
            (11, Skip.NOTE, None),
            (13, Skip.TOTAL, "500.50"),
            (14, Skip.TOTAL, "3500.50"),
            (16, Skip.NOTE, None),
        ],
    ),
    # A two-level header of merged cells, saved as CSV: "Сумма" over "с НДС" and "НДС".
    "1c_two_level_header.csv": Expected(
        header_rows=(2, 3),
        columns={
            "amount": "Сумма с НДС",
            "phone": "Покупатель Телефон",
            "expiry": "Срок оплаты",
            "client": "Покупатель Наименование",
        },
        invoices=[
            Invoice(
                4, "1200.00", phone="+74951112233", client="ООО Альфа", last_day=date(2026, 3, 20)
            ),
            Invoice(5, "600.00", client="ООО Бета", last_day=date(2026, 3, 20)),
        ],
        skipped=[(6, Skip.TOTAL, "1800.00")],
    ),
    # 1C УТ, "Заказы клиентов" report: title, period, organisation, a blank separator; dates
    # with a time of day; amounts with no-break spaces.
    "1c_ut_orders_report.csv": Expected(
        header_rows=(5,),
        columns={
            "amount": "Сумма",
            "email": "E-mail клиента",
            "phone": "Телефон клиента",
            "expiry": "Срок оплаты",
            "client": "Клиент",
            "order": "Заказ клиента",
        },
        invoices=[
            Invoice(
                6,
                "1220.00",
                email="buh@alfa.ru",
                phone="+74951234567",
                client='ООО "Альфа"',
                last_day=date(2026, 3, 20),
                order="УТ-000123",
            ),
            Invoice(
                7,
                "6100.00",
                email="oleg.smirnov@mail.ru",
                phone="+79165554433",
                client="Смирнов Олег",
                last_day=date(2026, 3, 25),
                order="УТ-000124",
            ),
            Invoice(
                8, "9760.00", client='ООО "Гамма"', last_day=date(2026, 3, 31), order="УТ-000125"
            ),
        ],
        skipped=[(9, Skip.TOTAL, "17080.00")],
    ),
    # A bank's registry of payments: the bank, the payee and its account above the header;
    # the payer's account is not an order; "Итого: 3 платежа" is a total.
    "bank_registry.csv": Expected(
        header_rows=(5,),
        columns={
            "amount": "Сумма, руб.",
            "email": "Адрес электронной почты",
            "phone": "Номер телефона",
            "service": "Назначение платежа",
            "client": "ФИО плательщика",
        },
        invoices=[
            Invoice(
                6,
                "1500.00",
                email="ivanov@example.ru",
                phone="+79161234567",
                client="Иванов Иван Иванович",
                service="Обучение, март",
            ),
            Invoice(
                7,
                "1500.00",
                email="petrova@example.ru",
                phone="+79167654321",
                client="Петрова Анна Сергеевна",
                service="Обучение, март",
            ),
            Invoice(
                8, "2000.00", client="Сидоров Пётр Ильич", service="Обучение, март, доп. занятия"
            ),
        ],
        skipped=[(9, Skip.TOTAL, "5000.00")],
    ),
    # A bank statement: two sums by name, and the one the bank filled in is the amount; the
    # other stays on offer. Bank details and the taxpayer number are never ours.
    "bank_statement.csv": Expected(
        header_rows=(2,),
        columns={
            "amount": "Сумма по кредиту",
            "service": "Назначение платежа",
            "client": "Контрагент",
            "order": "Номер документа",
        },
        invoices=[
            Invoice(3, "15000.00", client="ООО Альфа", service="Оплата по счёту 41", order="512"),
            Invoice(4, "2300.00", client="ИП Смирнов", service="Оплата по счёту 42", order="513"),
        ],
        skipped=[(5, Skip.TOTAL, "17300.00")],
        offered={"amount": ["Сумма по дебету"]},
    ),
    # amoCRM deals: the budget is the amount, the deal's stage no service, the mobile phone
    # the one that takes SMS, the e-mail column with more addresses filled in.
    "crm_amo_deals.csv": Expected(
        header_rows=(1,),
        columns={
            "amount": "Бюджет",
            "email": "Личный email",
            "phone": "Мобильный телефон",
            "service": "Название сделки",
            "client": "Компания",
            "order": "ID",
        },
        invoices=[
            Invoice(
                2,
                "150000.00",
                email="oleg@mail.ru",
                phone="+79165554433",
                client="ООО Альфа",
                service="Годовое обслуживание",
                order="31245",
            ),
            Invoice(
                3,
                "12500.50",
                email="anna@mail.ru",
                phone="+79037778899",
                client="Анна Петрова",
                service="Настройка",
                order="31246",
            ),
        ],
        offered={
            "email": ["Рабочий email"],
            "phone": ["Рабочий телефон"],
            "client": ["Контакт"],
        },
    ),
    # A manager's own sheet: a blank row, then the column's sum with no label.
    "excel_own_sheet.csv": Expected(
        header_rows=(1,),
        columns={
            "amount": "Сумма",
            "email": "Почта",
            "phone": "Телефон",
            "expiry": "Оплатить до",
            "service": "Услуга",
            "client": "Клиент",
        },
        invoices=[
            Invoice(
                2,
                "1500.00",
                email="ivanov@example.ru",
                phone="+79161234567",
                client="Иванов И.И.",
                service="Консультация",
                last_day=date(2026, 3, 20),
            ),
            Invoice(
                3,
                "25000.50",
                email="buh@beta.ru",
                client='ООО "Бета"',
                service="Аудит & консалтинг",
                last_day=date(2026, 3, 31),
            ),
        ],
        skipped=[(5, Skip.SUM, "26500.50")],
    ),
    # Excel's "Unicode text": UTF-16 with a BOM, tab-separated.
    "excel_unicode_text.txt": Expected(
        header_rows=(1,),
        columns={
            "amount": "Сумма",
            "email": "E-mail",
            "service": "Наименование",
            "order": "Заказ",
        },
        invoices=[
            Invoice(2, "990.00", email="client1@example.com", service="Подписка", order="A-1"),
            Invoice(3, "1990.00", email="client2@example.com", service="Подписка+", order="A-2"),
        ],
    ),
    # The bot's own result file sent back: its columns are not read as the rows' data, and
    # a phone it wrote as '+7... (so no spreadsheet computes it) reads as +7...
    "result_sent_back.csv": Expected(
        header_rows=(1,),
        columns={"amount": "Сумма", "phone": "Телефон", "order": "Заказ"},
        invoices=[
            Invoice(2, "1000.50", phone="+79100010000", order="ЗК-1"),
            Invoice(3, "2000.50", phone="+79100020000", order="ЗК-2"),
        ],
    ),
    # UTF-16 without a BOM, as some programs write it.
    "utf16_no_bom.csv": Expected(
        header_rows=(1,),
        columns={"amount": "Сумма", "email": "E-mail", "order": "Заказ"},
        invoices=[Invoice(2, "500.00", email="b1@example.com", order="B-1")],
    ),
    # XLSX, 1C: a merged title, a two-level header of merged cells, VAT by formulas, dates
    # with a time of day, taxpayer numbers as text, the total by SUM.
    "1c_sales_invoices.xlsx": Expected(
        header_rows=(5, 6),
        columns={
            "amount": "Сумма с НДС",
            "email": "Покупатель E-mail",
            "expiry": "Срок оплаты",
            "client": "Покупатель Наименование",
            "order": "Номер",
        },
        invoices=[
            Invoice(
                7,
                "12000.00",
                email="buh@alfa.ru",
                client='ООО "Альфа"',
                last_day=date(2026, 3, 20),
                order="0000-000041",
            ),
            Invoice(
                8,
                "3300.50",
                client="ИП Смирнов Олег Викторович",
                last_day=date(2026, 3, 25),
                order="0000-000042",
            ),
            Invoice(
                9,
                "780.00",
                email="g@gamma.ru",
                client='ООО "Гамма"',
                last_day=date(2026, 3, 31),
                order="0000-000043",
            ),
        ],
        skipped=[(10, Skip.TOTAL, "16080.50")],
    ),
    # XLSX, Excel: amounts by formula and as text, a service by formula, a date as text, a
    # phone as a number, and the unlabelled SUM under a blank row.
    "excel_price_list.xlsx": Expected(
        header_rows=(1,),
        columns={
            "amount": "Сумма",
            "email": "Почта",
            "phone": "Телефон",
            "expiry": "Оплатить до",
            "service": "Услуга",
            "client": "Клиент",
            "quantity": "Кол-во",  # a receipt line's (issue 13)
            "price": "Цена",
        },
        invoices=[
            Invoice(
                2,
                "1500.00",
                email="ivanov@example.ru",
                phone="+79161234567",
                client="Иванов И.И.",
                service="Консультация",
                last_day=date(2026, 3, 20),
            ),
            Invoice(
                3,
                "25000.50",
                email="buh@beta.ru",
                client='ООО "Бета"',
                service="Аудит март",
                last_day=date(2026, 3, 31),
            ),
            Invoice(
                4,
                "2400.00",
                email="petrova@example.ru",
                phone="+79037778899",
                client="Петрова А.С.",
                service="Обучение",
                last_day=date(2026, 4, 10),
            ),
        ],
        skipped=[(6, Skip.SUM, "28900.50")],
    ),
    # XLSX, a CRM: "Контакт: …" names, ids and amounts as text, a lost deal of 0 not billed.
    "crm_deals.xlsx": Expected(
        header_rows=(1,),
        columns={
            "amount": "Сумма",
            "email": "Контакт: Рабочий e-mail",
            "phone": "Контакт: Рабочий телефон",
            "service": "Название",
            "client": "Компания",
            "order": "ID",
        },
        invoices=[
            Invoice(
                2,
                "45000.00",
                email="o.smirnov@alfa.ru",
                phone="+79165554433",
                client='ООО "Альфа"',
                service="Настройка CRM",
                order="1045",
            ),
            Invoice(
                3,
                "120000.00",
                email="anna@mail.ru",
                phone="+79037778899",
                client="Анна Петрова",
                service="Годовая поддержка",
                order="1046",
            ),
        ],
        skipped=[(4, Skip.CANCELLED, None)],  # «Сделка провалена»: a lost deal
        offered={"client": ["Контакт"]},
    ),
}


def read(name: str) -> Reading:
    return read_upload((CORPUS / name).read_bytes(), name, limits=LIMITS, today=TODAY)


def test_every_file_of_the_corpus_has_its_expectations() -> None:
    files = {path.name for path in CORPUS.iterdir() if path.is_file()}
    assert files == set(EXPECTED)


def test_the_xlsx_files_are_what_their_builder_writes() -> None:
    for name, build in FILES.items():
        assert (CORPUS / name).read_bytes() == build(), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_file_reads_as_a_careful_accountant_reads_it(name: str) -> None:
    expected = EXPECTED[name]
    reading = read(name)
    names = reading.layout.names
    assert reading.layout.header_rows == expected.header_rows
    assert {f.value: names[i] for f, i in reading.columns.fields.items()} == expected.columns
    assert {
        f.value: [names[i] for i in others] for f, others in reading.columns.alternatives.items()
    } == expected.offered
    issued = [
        Invoice(
            row.row_number,
            str(row.draft.amount),
            email=row.draft.email,
            phone=row.draft.phone,
            client=row.draft.client_name,
            service=row.draft.service,
            last_day=row.draft.last_day,
            order=row.order,
        )
        for row in reading.checked
        if row.draft is not None
    ]
    assert issued == expected.invoices
    skipped = [
        (row.row_number, row.kind, str(row.amount) if row.amount is not None else None)
        for row in reading.skipped
    ]
    assert skipped == expected.skipped
    problems = {
        row.row_number: [problem.error.key for problem in row.problems]
        for row in reading.checked
        if row.problems
    }
    assert problems == expected.problems


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_file_sent_again_names_its_invoices_the_same(name: str) -> None:
    """The order ids come from the content, not the bytes or the time: the second upload of a
    file maps onto the invoices of the first."""

    def order_ids(reading: Reading) -> list[str]:
        return [
            base_order_id(ALIAS, row.order, reading.content_hash, row.ordinal)
            for row in reading.checked
        ]

    first = order_ids(read(name))
    assert len(set(first)) == len(first)
    assert order_ids(read(name)) == first
