"""Issue 13's settings: receipts, the cart format, DEFAULT_TAX and the item type."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings, describe_errors
from paykeeper.receipt_codes import CartFormat, ItemType, TaxCode

TOKEN = "123456:ABC-DEF"


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, bot_token=TOKEN, **values)  # type: ignore[arg-type]


def test_defaults_keep_receipts_and_manager_refunds_off() -> None:
    made = settings()
    assert made.receipts is False
    assert made.manager_refunds is False
    assert made.paykeeper_cart_format is CartFormat.JSON
    assert made.default_tax is TaxCode.VAT22
    assert made.default_item_type is ItemType.SERVICE
    assert made.tax_warning() is None


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("vat122", TaxCode.VAT122),
        ("22%", TaxCode.VAT22),
        ("Без НДС", TaxCode.NONE),
        ("10/110", TaxCode.VAT110),
        ("NONE", TaxCode.NONE),
    ],
)
def test_default_tax_as_an_accountant_writes_it(written: str, code: TaxCode) -> None:
    assert settings(default_tax=written).default_tax is code


@pytest.mark.parametrize(("legacy", "newer"), [("vat20", "vat22"), ("20/120", "vat122")])
def test_legacy_rate_is_accepted_with_a_warning(legacy: str, newer: str) -> None:
    made = settings(default_tax=legacy)
    warning = made.tax_warning()
    assert warning is not None
    assert "2026" in warning
    assert newer in warning


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("default_tax", "18%"),
        ("paykeeper_cart_format", "xml"),
        ("default_item_type", "car"),
        ("receipts", "maybe"),
    ],
)
def test_bad_values_are_refused_in_one_line(name: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        settings(**{name: value})
    lines = describe_errors(caught.value)
    assert len(lines) == 1
    assert lines[0].startswith(f"Setting {name.upper()}: expected")
    assert value not in lines[0]


def test_cart_format_any_case() -> None:
    assert settings(paykeeper_cart_format="PKC").paykeeper_cart_format is CartFormat.PKC
