"""Columns by meaning: headers as 1C, banks, CRMs and people write them, and the choice
between columns that could both hold a field."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.bulk.columns import NONE, Field, field_of, match_columns, normalize

AMOUNT, EMAIL, PHONE, EXPIRY = Field.AMOUNT, Field.EMAIL, Field.PHONE, Field.EXPIRY
SERVICE, CLIENT, ORDER = Field.SERVICE, Field.CLIENT, Field.ORDER

HEADERS: list[tuple[str, Field | None]] = [
    # The amount, and what only looks like one.
    ("Сумма", AMOUNT),
    ("СУММА, руб.", AMOUNT),
    ("Сумма документа", AMOUNT),
    ("Сумма счёта", AMOUNT),
    ("Сумма по счету", AMOUNT),
    ("Сумма с НДС", AMOUNT),
    ("Сумма, включая НДС", AMOUNT),
    ("Всего с НДС", AMOUNT),
    ("Итого к оплате", AMOUNT),
    ("Всего к оплате, руб.", AMOUNT),
    ("К оплате", AMOUNT),
    ("Стоимость", AMOUNT),
    ("Стоимость услуги", AMOUNT),
    ("Сумма долга", AMOUNT),
    ("Задолженность", AMOUNT),
    ("Бюджет", AMOUNT),
    ("Amount", AMOUNT),
    ("Pay amount", AMOUNT),
    ("Amount due", AMOUNT),
    ("Total", AMOUNT),
    ("Amount incl. VAT", AMOUNT),
    ("Invoice amount", AMOUNT),
    ("Сумма прописью", None),
    ("Сумма НДС", None),
    ("В т.ч. НДС", None),
    ("В том числе НДС", None),
    ("НДС", None),
    ("Ставка НДС", Field.TAX),  # a receipt line's rate (issue 13)
    ("Ставка налога", Field.TAX),
    ("НДС 22%", None),
    ("Сумма без НДС", None),
    ("Сумма скидки", None),
    ("Цена", Field.PRICE),  # a receipt line's unit price, never the amount
    ("Цена с НДС", Field.PRICE),
    ("Кол-во", Field.QUANTITY),
    ("Количество", Field.QUANTITY),
    ("Оплачено", None),
    ("Amount paid", None),
    ("VAT amount", None),
    # E-mail.
    ("E-mail", EMAIL),
    ("e‑mail", EMAIL),  # a no-break hyphen
    ("Email клиента", EMAIL),
    ("E-mail клиента", EMAIL),
    ("Эл. почта", EMAIL),
    ("Эл.почта", EMAIL),
    ("Электронная почта", EMAIL),
    ("Адрес электронной почты", EMAIL),
    ("Рабочий email", EMAIL),
    ("Личный e-mail", EMAIL),
    ("Почта", EMAIL),
    ("Email контрагента", EMAIL),
    ("Почтовый адрес", None),
    ("Адрес", None),
    ("Юридический адрес", None),
    # Phone.
    ("Телефон", PHONE),
    ("Тел.", PHONE),
    ("Номер телефона", PHONE),
    ("№ телефона", PHONE),
    ("Мобильный телефон", PHONE),
    ("Телефон мобильный", PHONE),
    ("Рабочий телефон", PHONE),
    ("Контактный телефон", PHONE),
    ("Телефон клиента", PHONE),
    ("Телефон/факс", PHONE),
    ("Мобильный", PHONE),
    ("Phone", PHONE),
    ("Mobile phone", PHONE),
    ("Факс", None),
    # Expiry.
    ("Срок оплаты", EXPIRY),
    ("Срок", EXPIRY),
    ("Оплатить до", EXPIRY),
    ("Действителен до", EXPIRY),
    ("Due date", EXPIRY),
    ("Pay by", EXPIRY),
    ("Дата заказа", None),
    ("Дата", None),
    ("Дата документа", None),
    # Service.
    ("Услуга", SERVICE),
    ("Наименование", SERVICE),
    ("Наименование услуги", SERVICE),
    ("Товары (работы, услуги)", SERVICE),
    ("Номенклатура", SERVICE),
    ("Назначение платежа", SERVICE),
    ("Описание", SERVICE),
    ("Название сделки", SERVICE),
    ("Название", SERVICE),
    ("Название компании", CLIENT),
    ("Стадия сделки", None),
    ("Этап сделки", None),
    ("Наименование банка", None),
    ("Банк получателя", None),
    ("Контакт: Рабочий телефон", PHONE),
    ("Контакт: Рабочий e-mail", EMAIL),
    ("Контакт: Имя", CLIENT),
    ("Service", SERVICE),
    ("Description", SERVICE),
    # Client: never the service, whatever the first word.
    ("Клиент", CLIENT),
    ("Контрагент", CLIENT),
    ("Наименование контрагента", CLIENT),
    ("Наименование покупателя", CLIENT),
    ("Покупатель", CLIENT),
    ("Плательщик", CLIENT),
    ("Заказчик", CLIENT),
    ("ФИО", CLIENT),
    ("ФИО плательщика", CLIENT),
    ("Компания", CLIENT),
    ("Контактное лицо", CLIENT),
    ("Customer", CLIENT),
    ("Client name", CLIENT),
    ("Payer", CLIENT),
    ("Организация", None),  # in 1C: the seller, our own company
    # Order, and the numbers that are not one.
    ("Заказ", ORDER),
    ("№ заказа", ORDER),
    ("Номер заказа", ORDER),
    ("Заказ покупателя", ORDER),
    ("Номер", ORDER),
    ("Номер документа", ORDER),
    ("№ документа", ORDER),
    ("Order", ORDER),
    ("Order ID", ORDER),
    ("Order no.", ORDER),
    ("ID", ORDER),
    ("ID сделки", ORDER),
    ("Номер сделки", ORDER),
    ("№", None),
    ("№ п/п", None),
    ("N п/п", None),
    ("№№", None),
    ("Номер строки", None),
    ("Строка", None),
    ("Номер договора", None),
    ("Договор", None),
    ("Номер счёта", None),
    ("Номер счета", None),
    ("Расчётный счёт", None),
    ("Р/с", None),
    ("Корр. счёт", None),
    ("Счёт контрагента", None),
    ("Лицевой счёт", None),
    ("Номер карты", None),
    ("ИНН", None),
    ("ИНН контрагента", None),
    ("ИНН/КПП", None),
    ("КПП", None),
    ("БИК", None),
    ("ОГРН", None),
    # The bot's own result columns, in a result file sent back.
    ("Номер счёта PayKeeper", None),
    ("Заказ в PayKeeper", None),
    ("PayKeeper order id", None),
    ("Ссылка на оплату", None),
    ("Статус", None),
    ("Комментарий", None),
    ("Ответственный", None),
    ("", None),
]


@pytest.mark.parametrize(("header", "field"), HEADERS)
def test_a_column_is_what_its_whole_name_says(header: str, field: Field | None) -> None:
    assert field_of(header) is field


def test_names_are_read_without_case_punctuation_or_yo() -> None:
    assert normalize("  Сумма, руб. ") == "сумма руб"
    assert normalize("E-mail") == "e mail"
    assert normalize("Расчётный_счёт") == "расчетный счет"
    assert normalize("№заказа") == "№ заказа"


def test_each_field_takes_its_best_column_and_the_others_are_offered() -> None:
    header = ["№", "Клиент", "Сумма", "Итого к оплате", "Рабочий телефон", "Мобильный телефон"]
    columns = match_columns(header)
    # "Итого к оплате" names the amount to pay more precisely than "Сумма".
    assert columns.fields == {AMOUNT: 3, PHONE: 5, CLIENT: 1}
    assert columns.alternatives == {AMOUNT: [2], PHONE: [4]}
    assert columns.ignored == [0]
    assert columns.dropped == []


def test_among_equals_the_leftmost_is_taken() -> None:
    columns = match_columns(
        ["Сумма по дебету", "Сумма по кредиту", "Рабочий email", "Личный email"]
    )
    assert columns.fields == {AMOUNT: 0, EMAIL: 2}
    assert columns.alternatives == {AMOUNT: [1], EMAIL: [3]}


def test_among_equals_the_column_with_values_in_more_rows_is_taken() -> None:
    # A bank statement: the debit column is empty, the credit one holds the amounts.
    header = ["Сумма по дебету", "Сумма по кредиту", "Рабочий email", "Личный email"]
    columns = match_columns(header, filled=[0, 3, 1, 3])
    assert columns.fields == {AMOUNT: 1, EMAIL: 3}
    assert columns.alternatives == {AMOUNT: [0], EMAIL: [2]}
    # A heavier name still wins over more values: "К оплате" over "Сумма".
    assert match_columns(["Сумма", "К оплате"], filled=[5, 1]).fields == {AMOUNT: 1}


def test_the_managers_choice_wins_and_an_optional_field_can_be_left_out() -> None:
    header = ["Сумма по дебету", "Сумма по кредиту", "Телефон", "Мобильный телефон"]
    columns = match_columns(header, {AMOUNT: 1, PHONE: NONE})
    assert columns.fields == {AMOUNT: 1}
    assert columns.alternatives == {AMOUNT: [0], PHONE: [3, 2]}
    assert columns.dropped == [PHONE]


def test_choices_that_do_not_fit_the_header_are_ignored() -> None:
    header = ["Сумма", "Итого к оплате", "Почта"]
    # Not a candidate for the field, out of range, or leaving out the required amount.
    for choices in ({AMOUNT: 2}, {AMOUNT: 7}, {AMOUNT: NONE}, {PHONE: 0}):
        assert match_columns(header, choices).fields == {AMOUNT: 1, EMAIL: 2}


def test_vat_and_bank_columns_beside_the_amount_do_not_compete() -> None:
    header = ["Номер", "Контрагент", "ИНН", "Сумма", "Сумма НДС", "Расчётный счёт", "E-mail"]
    columns = match_columns(header)
    assert columns.fields == {AMOUNT: 3, EMAIL: 6, CLIENT: 1, ORDER: 0}
    assert columns.alternatives == {}
    assert columns.ignored == [2, 4, 5]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=12))
def test_any_header_gives_one_column_per_field_never_an_exception(header: list[str]) -> None:
    columns = match_columns(header)
    used = list(columns.fields.values())
    assert len(used) == len(set(used))
    for column, others in columns.alternatives.items():
        assert columns.fields.get(column) not in others
        assert all(field_of(header[index]) is column for index in others)
