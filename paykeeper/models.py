"""Typed requests and answers. Parsing is lenient because PayKeeper installations differ."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, field_validator

from .moscow import MSK, parse_msk

CENT = Decimal("0.01")
MONEY_TAKEN_STATUSES = frozenset({"success", "obtained", "stuck"})


def _text(value: Any) -> Any:
    """Numbers become strings (17-digit ids must never be floats); blanks become None."""
    if isinstance(value, bool):
        return value  # let pydantic reject it rather than turning it into "True"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _money(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        return Decimal(repr(value))  # shortest round-trip text, not the binary expansion
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return value  # pydantic reports it
    return value


def _msk_datetime(value: Any) -> Any:
    """PayKeeper's Moscow-time strings; empty and MySQL zero dates mean "not set"."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text or text.startswith("0000-00-00"):
            return None
        return parse_msk(text)
    if isinstance(value, datetime):
        return value.replace(tzinfo=MSK) if value.tzinfo is None else value.astimezone(MSK)
    return value


Text = Annotated[str | None, BeforeValidator(_text)]
Ident = Annotated[str, BeforeValidator(_text)]
Money = Annotated[Decimal, BeforeValidator(_money)]
OptionalMoney = Annotated[Decimal | None, BeforeValidator(_money)]
MskDateTime = Annotated[datetime | None, BeforeValidator(_msk_datetime)]


class InvoiceRequest(BaseModel):
    """What the bot asks PayKeeper to bill; ``expiry`` must be aware (sent in Moscow time)."""

    amount: Decimal
    order_id: str = Field(min_length=1)
    client_id: str | None = None
    service_name: str | None = None
    client_email: str | None = None
    client_phone: str | None = None
    expiry: datetime | None = None

    @field_validator("amount", mode="before")
    @classmethod
    def _no_float_amount(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError("amount must be a Decimal or a string, never a float")
        return value

    @field_validator("amount")
    @classmethod
    def _positive_cents(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or value <= 0:
            raise ValueError("amount must be a positive number")
        if value != value.quantize(CENT):
            raise ValueError("amount must have at most two decimal places")
        return value

    @field_validator("expiry")
    @classmethod
    def _aware_expiry(cls, value: datetime | None) -> datetime | None:
        if value is not None and (value.tzinfo is None or value.utcoffset() is None):
            raise ValueError("expiry must be timezone-aware")
        return value


class CreatedInvoice(BaseModel):
    invoice_id: Ident
    invoice_url: str = Field(min_length=1)


class Invoice(BaseModel):
    """An invoice object as PayKeeper returns it (field names are PayKeeper's)."""

    id: Ident
    status: str
    pay_amount: Money
    clientid: Text = None
    orderid: Text = None
    paymentid: Text = None
    service_name: Text = None
    client_email: Text = None
    client_phone: Text = None
    expiry_datetime: MskDateTime = None
    created_datetime: MskDateTime = None
    paid_datetime: MskDateTime = None


class Payment(BaseModel):
    """One payment from ``/info/payments/byid/``."""

    id: Ident
    pay_amount: Money
    refund_amount: OptionalMoney = None
    clientid: Text = None
    orderid: Text = None
    status: str
    success_datetime: MskDateTime = None

    @property
    def money_taken(self) -> bool:
        # "stuck" = paid, but the merchant never acknowledged the notification.
        return self.status in MONEY_TAKEN_STATUSES
