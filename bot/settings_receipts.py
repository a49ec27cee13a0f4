"""Receipts (54-FZ) and refunds: how a cart is sent and what its lines say by default. A mixin
of :class:`bot.settings.ToolSettings`."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings

from paykeeper.cart import CartError, parse_tax
from paykeeper.receipt_codes import CartFormat, ItemType, PaymentType, TaxCode


class ReceiptSettings(BaseSettings):
    receipts: bool = Field(default=False, description="true or false")
    paykeeper_cart_format: CartFormat = Field(
        CartFormat.JSON, description="json, json_string or pkc"
    )
    default_tax: TaxCode = Field(
        TaxCode.VAT22,
        description="a VAT code: none, vat0, vat5, vat7, vat10, vat22, vat105, "
        "vat107, vat110, vat122 (or a rate such as 22%)",
    )
    default_item_type: ItemType = Field(
        ItemType.SERVICE,
        description="service, goods, work, excise, payment, agent, property_right or other",
    )
    receipt_payment_type: PaymentType = Field(
        PaymentType.FULL,
        description="full, prepay, part_prepay, advance, part_credit, credit or credit_payment",
    )
    manager_refunds: bool = Field(default=False, description="true or false")

    @field_validator("default_tax", mode="before")
    @classmethod
    def _tax_as_written(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return parse_tax(value)
            except CartError:
                return value  # the field's description says what is expected
        return value

    @field_validator(
        "paykeeper_cart_format", "default_item_type", "receipt_payment_type", mode="before"
    )
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    def tax_warning(self) -> str | None:
        """A start-up warning when DEFAULT_TAX is a pre-2026 rate (still accepted)."""
        newer = self.default_tax.replaced_by
        if newer is None:
            return None
        return (
            f"DEFAULT_TAX={self.default_tax} is the rate before 1 January 2026, when the base "
            f"VAT rate became 22%: use {newer} unless your accountant says otherwise"
        )
