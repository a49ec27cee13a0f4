"""Where the header is, and which rows below it are not invoices: each rule on its own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.services.bulk.columns import Field
from bot.services.bulk.reading import Limits, Reading, read_upload
from bot.services.bulk.skipping import Skip
from bot.services.bulk.table import BulkFileError

LIMITS = Limits(max_rows=1000, max_bytes=2 * 1024 * 1024, max_amount=Decimal(1_000_000))


def read(text: str) -> Reading:
    return read_upload(text.encode(), "a.csv", limits=LIMITS, today=date(2026, 3, 10))


def invoices(reading: Reading) -> list[tuple[int, str]]:
    """(row, amount) of every row that would be issued."""
    return [
        (row.row_number, str(row.draft.amount)) for row in reading.checked if row.draft is not None
    ]


def skipped(reading: Reading) -> list[tuple[int, Skip]]:
    return [(row.row_number, row.kind) for row in reading.skipped]


def error_of(text: str) -> BulkFileError:
    with pytest.raises(BulkFileError) as caught:
        read(text)
    return caught.value


# --- The header -----------------------------------------------------------------------------


def test_a_title_period_and_organisation_above_the_header_are_passed_over() -> None:
    reading = read(
        "Реестр счетов на оплату\n"
        "Период: 01.03.2026 - 31.03.2026\n"
        "Организация: ООО «Ромашка»\n"
        "\n"
        "Контрагент;Сумма;Почта\n"
        "ООО Альфа;1 500,00;a@alfa.ru\n"
    )
    assert reading.layout.header_rows == (5,)
    assert reading.columns.fields == {Field.AMOUNT: 1, Field.EMAIL: 2, Field.CLIENT: 0}
    assert invoices(reading) == [(6, "1500.00")]
    assert skipped(reading) == []


def test_the_header_is_the_row_naming_the_most_columns() -> None:
    # The title names an amount too ("Сумма к оплате: ..."), but one column only.
    reading = read("Сумма к оплате: 3 000 ₽\nЗаказ;Сумма;Почта\nA-1;3 000;a@x.ru\n")
    assert reading.layout.header_rows == (2,)
    assert invoices(reading) == [(3, "3000.00")]


def test_the_header_is_looked_for_in_the_first_20_non_blank_rows() -> None:
    notes = "".join(f"Примечание {n}\n\n" for n in range(19))
    assert read(notes + "Сумма\n100\n").layout.header_rows == (39,)
    error = error_of(notes + "Ещё примечание\nСумма\n100\n")
    assert error.key == "bulk.file.no_amount_column"


def test_without_an_amount_column_the_columns_seen_are_named() -> None:
    error = error_of("Отчёт\nКлиент;Услуга;Дата\nИван;Аудит;01.03.2026\n")
    assert error.key == "bulk.file.no_amount_column"
    assert error.params == {"columns": ["Клиент", "Услуга", "Дата"]}


def test_a_two_level_header_joins_its_names() -> None:
    reading = read(
        "№;Покупатель;;Сумма;;Эл. почта\n"
        ";Наименование;ИНН;с НДС;НДС;\n"
        "1;ООО Альфа;7701234567;1 200,00;200,00;a@alfa.ru\n"
    )
    layout = reading.layout
    assert layout.header_rows == (1, 2)
    assert layout.names == [
        "№",
        "Покупатель Наименование",
        "Покупатель ИНН",
        "Сумма с НДС",
        "Сумма НДС",
        "Эл. почта",
    ]
    assert reading.columns.fields == {Field.AMOUNT: 3, Field.EMAIL: 5, Field.CLIENT: 1}
    assert invoices(reading) == [(3, "1200.00")]
    assert reading.checked[0].ordinal == 2  # the second header row counts as a row below


def test_a_first_data_row_is_not_taken_for_a_second_header() -> None:
    reading = read("Клиент;Сумма;Услуга\nООО Клиент;;Услуги\nИван;100;Аудит\n")
    assert reading.layout.header_rows == (1,)
    assert [row.row_number for row in reading.checked] == [2, 3]
    assert [p.error.key for p in reading.checked[0].problems] == ["bulk.row.no_amount"]


# --- Rows that are not invoices ---------------------------------------------------------------


def test_blank_rows_repeated_headers_and_column_numbers_are_skipped() -> None:
    reading = read("№;Заказ;Сумма\n1;2;3\n1;A-1;100\n;;\n\n№;Заказ;Сумма\n2;A-2;200\n")
    assert skipped(reading) == [(2, Skip.COLUMN_NUMBERS), (6, Skip.HEADER)]
    assert invoices(reading) == [(3, "100.00"), (7, "200.00")]
    # Skipped rows keep their places: the invoices' ordinals (their order ids) do not move.
    assert [row.ordinal for row in reading.checked] == [2, 4]


@pytest.mark.parametrize(
    "label",
    ["Итого", "ИТОГО:", "Всего", "Итого к оплате", "Итого по странице", "Total", "Grand total"],
)
def test_a_labelled_total_is_skipped_whichever_cell_holds_the_label(label: str) -> None:
    for row in (f"{label};;350,00;", f";;350,00;{label}"):
        reading = read(
            f"Заказ;Клиент;Сумма;Услуга\nA-1;Иван;100;Аудит\nA-2;Пётр;250;Аудит\n{row}\n"
        )
        assert invoices(reading) == [(2, "100.00"), (3, "250.00")]
        [total] = reading.skipped
        assert (total.row_number, total.kind, total.amount) == (4, Skip.TOTAL, Decimal("350.00"))
        assert total.text == label


def test_a_bare_sum_of_the_rows_above_is_a_total() -> None:
    reading = read(
        "Клиент;Сумма;Сумма НДС\n"
        "Иван;1 000,25;166,71\n"
        "Пётр;16 500,25;2 750,04\n"
        ";17 500,50;2 916,75\n"
    )
    assert invoices(reading) == [(2, "1000.25"), (3, "16500.25")]
    [total] = reading.skipped
    assert (total.row_number, total.kind, total.amount) == (4, Skip.SUM, Decimal("17500.50"))


def test_group_subtotals_and_the_grand_total_are_all_skipped() -> None:
    reading = read(
        "Клиент;Сумма\n"
        "Иван;100\n"
        "Иван;200\n"
        ";300\n"  # the group's
        "Пётр;50\n"
        ";50\n"  # the group's, of one row
        ";350\n"  # everyone's
    )
    assert invoices(reading) == [(2, "100.00"), (3, "200.00"), (5, "50.00")]
    assert skipped(reading) == [(4, Skip.SUM), (6, Skip.SUM), (7, Skip.SUM)]


def test_a_bare_amount_that_matches_no_sum_is_an_invoice() -> None:
    reading = read("Клиент;Сумма\nИван;100\nПётр;200\n;250\n")
    assert invoices(reading) == [(2, "100.00"), (3, "200.00"), (4, "250.00")]


def test_a_table_of_amounts_alone_never_loses_a_row_to_a_sum() -> None:
    # 100 + 200 = 300, but every row here is just an amount: nothing marks 300 as a total.
    reading = read("Сумма\n100\n200\n300\n")
    assert invoices(reading) == [(2, "100.00"), (3, "200.00"), (4, "300.00")]


def test_a_row_with_one_text_cell_and_no_amount_is_a_note() -> None:
    reading = read(
        "Контрагент;Заказ;Сумма\n"
        "Группа: Москва\n"
        "ООО Альфа;A-1;100\n"
        ";;\n"
        "Главный бухгалтер ____________ Иванова\n"
    )
    assert invoices(reading) == [(3, "100.00")]
    assert skipped(reading) == [(2, Skip.NOTE), (5, Skip.NOTE)]
    assert reading.skipped[0].text == "Группа: Москва"


def test_a_file_of_nothing_but_totals_has_no_rows() -> None:
    assert error_of("Сумма;Клиент\nИтого;\n").key == "bulk.file.no_rows"


def test_the_row_limit_counts_invoice_rows() -> None:
    limits = Limits(max_rows=10, max_bytes=10**6, max_amount=Decimal(10**6))

    def reading(lines: list[str]) -> Reading:
        content = "\n".join(["Сумма;Клиент", *lines]).encode()
        return read_upload(content, "a.csv", limits=limits, today=date(2026, 3, 10))

    rows = [f"{n};Клиент {n}" for n in range(1, 12)]
    with pytest.raises(BulkFileError) as caught:
        reading(rows)
    assert (caught.value.key, caught.value.params) == ("bulk.file.too_many_rows", {"maximum": 10})
    # Ten invoices with a page header and a total among them are within it.
    assert len(reading([*rows[:5], "Сумма;Клиент", *rows[5:10], "Итого;"]).checked) == 10
