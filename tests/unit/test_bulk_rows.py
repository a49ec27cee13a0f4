"""Row checks (the /invoice form's rules) and the order ids that keep rows from repeating."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parsing import InputError
from bot.services.bulk.columns import Field, match_columns
from bot.services.bulk.file_reader import read_table
from bot.services.bulk.layout import Layout, find_layout
from bot.services.bulk.order_lines import join_orders
from bot.services.bulk.rows import (
    CheckedRow,
    attempt_order_id,
    base_order_id,
    check_row,
    check_rows,
    content_hash,
)
from bot.services.bulk.skipping import Candidate
from storage.bulk import Cell
from tests.support.bulk_samples import HEADER_RU, order_rows, to_csv, to_xlsx

TODAY = date(2026, 3, 10)
MAX = Decimal("1000000")
HEADER = ["Заказ", "Сумма", "Почта", "Телефон", "Срок", "Услуга", "Клиент"]
COLUMNS = match_columns(HEADER)


def check(*cells: Cell) -> CheckedRow:
    return check_row(5, 1, list(cells), COLUMNS, today=TODAY, max_amount=MAX)


def keys(row: CheckedRow) -> list[tuple[Field | None, str]]:
    return [(problem.field, problem.error.key) for problem in row.problems]


def test_a_good_row_becomes_the_draft_the_form_would_make() -> None:
    row = check(
        "ЗК-1",
        "1 500,50",
        " Ivan@Example.COM ",
        "8 (910) 123-45-67",
        "31.12.2026 0:00:00",
        "Аудит  &  консалтинг",
        "  ООО «Рога»  ",
    )
    assert row.problems == []
    assert row.order == "ЗК-1"
    assert row.draft is not None
    assert row.draft.amount == Decimal("1500.50")
    assert row.draft.email == "Ivan@example.com"
    assert row.draft.phone == "+79101234567"
    assert row.draft.last_day == date(2026, 12, 31)
    assert row.draft.service == "Аудит & консалтинг"
    assert row.draft.client_name == "ООО «Рога»"


def test_only_the_amount_is_required_and_a_dash_means_empty() -> None:
    row = check("", "990", "-", "—", "", None, "")
    assert row.problems == []
    assert row.draft is not None
    assert (row.draft.email, row.draft.phone, row.draft.last_day, row.draft.service) == (
        None,
        None,
        None,
        None,
    )
    assert row.order is None
    assert keys(check("1", "", "a@example.com")) == [(Field.AMOUNT, "bulk.row.no_amount")]
    assert keys(check("1")) == [(Field.AMOUNT, "bulk.row.no_amount")]  # a short row


def test_numbers_from_xlsx_are_read_like_typed_ones() -> None:
    row = check(17, 1500.5, None, 79101234567, "31.12.2026", None, None)
    assert row.draft is not None
    assert (row.order, row.draft.amount, row.draft.phone) == (
        "17",
        Decimal("1500.50"),
        "+79101234567",
    )


def test_every_problem_of_a_row_is_reported() -> None:
    row = check("1", "1,500", "ivan@", "12345", "01.01.2020", "x" * 129, "\x07")
    assert row.draft is None
    assert keys(row) == [
        (Field.AMOUNT, "input.amount.ambiguous"),
        (Field.EMAIL, "input.email.nothing_after_at"),
        (Field.PHONE, "input.phone.invalid"),
        (Field.EXPIRY, "input.expiry.past"),
        (Field.SERVICE, "input.service.too_long"),
        (Field.CLIENT, "bulk.row.control_chars"),
    ]


def test_limits_of_the_form_apply() -> None:
    assert keys(check("1", "1000000,01")) == [(Field.AMOUNT, "input.amount.too_large")]
    assert keys(check("1", "$100")) == [(Field.AMOUNT, "input.amount.foreign_currency")]
    far = f"{TODAY + timedelta(days=4 * 366):%d.%m.%Y}"
    assert keys(check("1", "100", "", "", far)) == [(Field.EXPIRY, "input.expiry.too_far")]
    assert keys(check("x" * 65, "100")) == [(Field.ORDER, "bulk.row.order_too_long")]
    assert keys(check("1", "100", "", "", "", "", "к" * 129)) == [
        (Field.CLIENT, "bulk.row.client_too_long")
    ]


def test_rows_of_one_order_make_one_invoice() -> None:
    """Issue 13: a repeated order number is a line of the first row's invoice."""
    candidates = [
        Candidate(2, 1, ["A", "100"]),
        Candidate(3, 2, ["B", "200"]),
        Candidate(4, 3, ["A", "300"]),
        Candidate(5, 4, ["", "400"]),
    ]
    rows = join_orders(check_rows(candidates, COLUMNS, today=TODAY, max_amount=MAX))
    assert [row.draft is not None for row in rows] == [True, True, False, True]
    first = rows[0]
    assert first.draft is not None
    assert first.draft.amount == Decimal("400")
    assert [line["amount"] for line in first.lines or []] == ["100.00", "300.00"]
    [problem] = rows[2].problems
    assert problem.error.key == "bulk.row.joined"
    assert problem.error.params == {"row": 2}
    assert [row.ordinal for row in rows] == [1, 2, 3, 4]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none()), max_size=9)
)
def test_any_cells_give_a_draft_or_problems_never_an_exception(cells: list[Cell]) -> None:
    row = check(*cells)
    assert (row.draft is None) == bool(row.problems)
    assert all(isinstance(problem.error, InputError) for problem in row.problems)


# --- Order ids -------------------------------------------------------------------------


def test_order_ids_come_from_the_order_number_or_the_content() -> None:
    owner = "k7wq2m4z"  # a manager's alias
    assert base_order_id(owner, "ЗК-00017", "f" * 64, 3) == "bok7wq2m4z-ЗК-00017"
    assert base_order_id(owner, "1С/2026#5", "f" * 64, 3) == "bok7wq2m4z-1С/2026#5"
    spaced = base_order_id(owner, "заказ 17 от 01.02", "f" * 64, 3)
    assert spaced.startswith("bhk7wq2m4z-")
    assert len(spaced) == len("bhk7wq2m4z-") + 16
    assert base_order_id(owner, "x" * 33, "0", 1) != base_order_id(owner, "x" * 34, "0", 1)
    assert base_order_id(owner, None, "0123456789abcdef", 3) == "bfk7wq2m4z-0123456789ab-3"
    assert base_order_id("a", "A", "", 1) != base_order_id("b", "A", "", 1)  # per manager
    assert base_order_id("2002", "A", "", 1) == "bo2002-A"  # the legacy shape, for look-ups
    assert attempt_order_id("bo1-A", 1) == "bo1-A"
    assert attempt_order_id("bo1-A", 3) == "bo1-A~3"


def sheet(content: bytes, name: str = "a.csv") -> Layout:
    return find_layout(read_table(content, name, max_rows=1000, max_bytes=10**7))


def test_the_content_hash_ignores_how_the_file_was_saved() -> None:
    rows = order_rows(3)
    csv = sheet(to_csv(HEADER_RU, rows, encoding="cp1251"))
    xlsx = sheet(to_xlsx(HEADER_RU, rows), "a.xlsx")
    spaced = sheet(to_csv(HEADER_RU, [rows[0], [], rows[1], [], rows[2]], delimiter=","))
    titled = sheet("Реестр заказов\r\n\r\n".encode() + to_csv(HEADER_RU, rows))
    assert content_hash(csv) == content_hash(xlsx) == content_hash(spaced) == content_hash(titled)
    rows[0][1] = "1002,50"
    assert content_hash(sheet(to_csv(HEADER_RU, rows))) != content_hash(csv)


def test_the_content_hash_is_what_earlier_versions_computed() -> None:
    """Rows issued before this version were named after this hash: the same file sent again
    must map onto them, or its invoices would be issued a second time."""
    # A total row was a row like any other then (and issued!); now it is skipped, but it
    # still counts in the hash, so the rows around it keep their names.
    rows: list[list[str]] = [
        *order_rows(3, with_order=False),
        ["3 004,50", "", "", "", "", "Итого"],
    ]
    layout = sheet(to_csv(HEADER_RU[1:], rows))
    cells = [[cell.strip() for cell in row] for row in rows]
    encoded = json.dumps([HEADER_RU[1:], cells], ensure_ascii=False, separators=(",", ":"))
    assert content_hash(layout) == hashlib.sha256(encoded.encode()).hexdigest()


def test_an_order_above_the_limit_waits_as_a_whole() -> None:
    candidates = [Candidate(2, 1, ["A", "600000"]), Candidate(3, 2, ["A", "500000"])]
    rows = join_orders(check_rows(candidates, COLUMNS, today=TODAY, max_amount=MAX), MAX)
    assert [row.draft for row in rows] == [None, None]
    assert {row.problems[0].error.key for row in rows} == {"bulk.row.order_too_large"}
