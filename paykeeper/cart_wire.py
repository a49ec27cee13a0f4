"""A cart on the wire: the ``service_name`` value that carries it in each :class:`CartFormat`,
and reading one back (for the stand-in and for checking a real server)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from .cart import KOPECK, CartError, CartLine, clean_name
from .receipt_codes import CartFormat, ItemType, PaymentType, TaxCode

CART_MARK: Final = ";PKC|"  # format C: service_name = ;PKC|<JSON array of lines>|


def encode_cart(
    lines: Sequence[CartLine],
    *,
    cart_format: CartFormat,
    service_name: str,
    lang: str | None = None,
) -> str:
    """The value of the invoice's ``service_name`` that carries ``lines``.

    The JSON is written by hand so that money keeps exactly two decimals (json.dumps would go
    through float); every string goes through json.dumps."""
    array = "[" + ",".join(_line_json(line) for line in lines) + "]"
    if cart_format is CartFormat.PKC:
        # A "|" closes the PKC cart: inside a name it travels as JSON's \u007c, which any
        # JSON reader turns back into "|" (the array's own syntax has none).
        return CART_MARK + array.replace("|", "\\u007c") + "|"
    cart = array if cart_format is CartFormat.JSON else json.dumps(array, ensure_ascii=False)
    fields = [f'"service_name":{_text(clean_name(service_name))}', f'"cart":{cart}']
    if lang is not None:
        fields.append(f'"lang":{_text(lang)}')
    return "{" + ",".join(fields) + "}"


def _line_json(line: CartLine) -> str:
    return (
        "{"
        f'"name":{_text(line.name)},'
        f'"price":{line.price:.2f},'
        f'"quantity":{_quantity(line.quantity)},'
        f'"sum":{line.total:.2f},'
        f'"tax":{_text(line.tax)},'
        f'"item_type":{_text(line.item_type)},'
        f'"payment_type":{_text(line.payment_type)}'
        "}"
    )


def _text(value: str) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def _quantity(value: Decimal) -> str:
    return format(value.normalize(), "f")  # 1, 2.5, 100: no trailing zeros, no exponent


def read_cart(service_name: str) -> list[CartLine] | None:
    """The cart carried by a ``service_name`` in any of the three formats; None when it carries
    none (a plain service name). CartError when it claims a cart and the cart is malformed."""
    text = service_name.strip()
    if text.startswith(CART_MARK):
        if not text.endswith("|"):
            raise CartError("a ;PKC| cart without its closing |")
        raw: Any = _json(text[len(CART_MARK) : -1])
    elif text.startswith("{"):
        try:
            document = json.loads(text, parse_float=Decimal)
        except ValueError:
            return None  # a service name that merely starts with a brace
        if not isinstance(document, dict) or "cart" not in document:
            return None
        raw = document["cart"]
        if isinstance(raw, str):
            raw = _json(raw)
    else:
        return None
    if not isinstance(raw, list) or not raw:
        raise CartError("the cart is not a list of lines")
    return [_line(item) for item in raw]


def _json(text: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except ValueError as error:
        raise CartError(f"the cart is not JSON ({error})") from None


def _line(item: Any) -> CartLine:
    if not isinstance(item, dict):
        raise CartError("a cart line is not an object")
    try:
        return CartLine(
            name=str(item["name"]),
            price=_money(item["price"]),
            quantity=Decimal(str(item["quantity"])),
            total=_money(item["sum"]),
            tax=TaxCode(item["tax"]),
            item_type=ItemType(item.get("item_type", ItemType.GOODS)),
            payment_type=PaymentType(item.get("payment_type", PaymentType.FULL)),
        )
    except KeyError as missing:
        raise CartError(f"a cart line has no {missing.args[0]}") from None
    except (ValueError, InvalidOperation) as error:
        raise CartError(f"a cart line has a bad value ({error})") from None


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise CartError(f"{value!r} is not an amount")
    amount = Decimal(str(value))
    if amount != amount.quantize(KOPECK):
        raise CartError(f"{value} has more than two decimals")
    return amount.quantize(KOPECK)
