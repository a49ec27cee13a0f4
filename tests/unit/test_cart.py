"""The receipt's cart: VAT codes as written by people, kopecks that add up, the wire formats."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paykeeper.cart import (
    NAME_LIMIT,
    CartError,
    CartLine,
    cart_total,
    clean_name,
    fit_cart,
    parse_tax,
    rounding_tolerance,
)
from paykeeper.cart_wire import encode_cart, read_cart
from paykeeper.receipt_codes import CartFormat, PaymentType, TaxCode


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("22%", TaxCode.VAT22),
        ("НДС 22%", TaxCode.VAT22),
        ("ндс 10", TaxCode.VAT10),
        ("5 %", TaxCode.VAT5),
        ("7%", TaxCode.VAT7),
        ("0%", TaxCode.VAT0),
        ("22,0%", TaxCode.VAT22),
        ("Без НДС", TaxCode.NONE),
        ("НДС не облагается", TaxCode.NONE),
        ("none", TaxCode.NONE),
        ("10/110", TaxCode.VAT110),
        ("22/122", TaxCode.VAT122),
        ("НДС 5/105", TaxCode.VAT105),
        ("vat122", TaxCode.VAT122),
        ("VAT20", TaxCode.VAT20),
        ("20%", TaxCode.VAT20),
    ],
)
def test_vat_is_read_as_exports_and_managers_write_it(written: str, code: TaxCode) -> None:
    assert parse_tax(written) is code


@pytest.mark.parametrize("written", ["", "18%", "22/120", "НДС", "двадцать", "vat18"])
def test_what_is_no_vat_rate_is_refused_with_the_forms_that_are(written: str) -> None:
    with pytest.raises(CartError, match="22/122"):
        parse_tax(written)


def test_the_2020s_base_rate_points_to_its_2026_replacement() -> None:
    assert TaxCode.VAT20.replaced_by is TaxCode.VAT22
    assert TaxCode.VAT120.replaced_by is TaxCode.VAT122
    assert TaxCode.VAT22.replaced_by is None


def test_names_lose_line_breaks_and_are_cut_to_paykeepers_limit() -> None:
    assert clean_name("Аудит\r\nи\tконсалтинг  ") == "Аудит и консалтинг"
    long = clean_name("Услуга " * 40)
    assert len(long) == NAME_LIMIT
    assert long.endswith("…")


def test_a_line_without_a_name_or_with_nothing_to_pay_is_refused() -> None:
    with pytest.raises(CartError):
        CartLine.of(" \n ", Decimal(100), tax=TaxCode.VAT22)
    with pytest.raises(CartError):
        CartLine.of("Услуга", Decimal(0), tax=TaxCode.VAT22)
    with pytest.raises(CartError):
        CartLine.of("Услуга", Decimal(10), Decimal("0.0001"), tax=TaxCode.VAT22)


def test_the_known_answer_of_the_sdk_format() -> None:
    line = CartLine.of(
        "Консультация", Decimal(1500), tax=TaxCode.VAT122, payment_type=PaymentType.PREPAY
    )
    encoded = encode_cart([line], cart_format=CartFormat.JSON, service_name="Услуги", lang="ru")
    assert encoded == (
        '{"service_name":"Услуги","cart":[{"name":"Консультация","price":1500.00,'
        '"quantity":1,"sum":1500.00,"tax":"vat122","item_type":"service",'
        '"payment_type":"prepay"}],"lang":"ru"}'
    )


def test_the_other_formats_carry_the_same_array() -> None:
    lines = [CartLine.of("Товар «А»", Decimal("99.90"), Decimal(3), tax=TaxCode.VAT22)]
    array = encode_cart(lines, cart_format=CartFormat.PKC, service_name="x")
    assert array.startswith(";PKC|[{")
    assert array.endswith("}]|")
    string = encode_cart(lines, cart_format=CartFormat.JSON_STRING, service_name="x")
    assert '"cart":"[{\\"name\\":\\"Товар «А»\\",\\"price\\":99.90,' in string
    assert '\\"sum\\":299.70' in string


def test_a_plain_service_name_carries_no_cart() -> None:
    assert read_cart("Консультация") is None
    assert read_cart("{фигурные скобки в названии}") is None
    with pytest.raises(CartError):
        read_cart(";PKC|[{}")


def test_a_kopeck_goes_into_the_single_unit_of_the_last_line() -> None:
    lines = [
        CartLine.of("Первая", Decimal("33.33"), tax=TaxCode.VAT22),
        CartLine.of("Вторая", Decimal("33.33"), tax=TaxCode.VAT22),
        CartLine.of("Третья", Decimal("33.33"), tax=TaxCode.VAT22),
    ]
    fitted = fit_cart(lines, Decimal(100))
    assert [line.total for line in fitted] == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    ]


def test_a_line_of_several_units_splits_one_off_to_carry_the_kopecks() -> None:
    lines = [CartLine.of("Часы работы", Decimal("33.33"), Decimal(3), tax=TaxCode.VAT22)]
    fitted = fit_cart(lines, Decimal(100))
    assert [(line.quantity, line.price, line.total) for line in fitted] == [
        (Decimal(2), Decimal("33.33"), Decimal("66.66")),
        (Decimal(1), Decimal("33.34"), Decimal("33.34")),
    ]


def test_lines_that_disagree_with_the_amount_are_refused_not_bent() -> None:
    lines = [CartLine.of("Услуга", Decimal(1000), tax=TaxCode.VAT22)]
    with pytest.raises(CartError, match=re.escape("1000.00, the invoice is for 1000.50")):
        fit_cart(lines, Decimal("1000.50"))
    with pytest.raises(CartError):
        fit_cart([], Decimal(1))


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1_000_000), places=2)
quantity = st.one_of(
    st.integers(min_value=1, max_value=50).map(Decimal),
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal(50), places=3),
)
line = st.builds(
    lambda name, price, count, tax: CartLine.of(name, price, count, tax=tax),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200).filter(
        lambda text: clean_name(text) != ""
    ),
    money,
    quantity,
    st.sampled_from(TaxCode),
)


@given(st.lists(line, min_size=1, max_size=6), st.integers(min_value=-6, max_value=6))
def test_fitted_lines_always_add_up_to_the_amount(lines: list[CartLine], kopecks: int) -> None:
    amount = cart_total(lines) + Decimal(kopecks) / 100
    try:
        fitted = fit_cart(lines, amount)
    except CartError:
        # Only a difference bigger than rounding can make, or one no line can carry, is
        # refused (a line that cannot split a unit off carries it as one unit at its sum).
        difference = Decimal(kopecks) / 100
        assert abs(difference) > rounding_tolerance(lines) or all(
            line.total + difference <= 0 for line in lines
        )
        return
    assert cart_total(fitted) == amount
    assert len(fitted) <= len(lines) + 1
    for fitted_line in fitted:
        assert fitted_line.price > 0
        assert fitted_line.quantity > 0
        assert abs(fitted_line.total - fitted_line.price * fitted_line.quantity) < Decimal("0.01")


@given(
    st.lists(line, min_size=1, max_size=4),
    st.sampled_from(CartFormat),
    st.sampled_from(PaymentType),
)
def test_every_format_reads_back_as_it_was_written(
    lines: list[CartLine], cart_format: CartFormat, payment_type: PaymentType
) -> None:
    lines = [
        CartLine.of(item.name, item.price, item.quantity, tax=item.tax, payment_type=payment_type)
        for item in lines
    ]
    encoded = encode_cart(lines, cart_format=cart_format, service_name="Услуги", lang="ru")
    assert read_cart(encoded) == lines
