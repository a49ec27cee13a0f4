"""How receipts' VAT reads in chat: a code as accountants write it, and the notes that say a
pre-2026 rate was replaced or that the receipt is a prepayment's."""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.receipts import ReceiptRules
from bot.texts import Texts
from paykeeper.cart import CartLine
from paykeeper.receipt_codes import TaxCode

_SHOWN = {
    TaxCode.NONE: "без НДС",
    TaxCode.VAT105: "5/105",
    TaxCode.VAT107: "7/107",
    TaxCode.VAT110: "10/110",
    TaxCode.VAT122: "22/122",
    TaxCode.VAT120: "20/120",
}


def rate_text(code: TaxCode) -> str:
    """«22%», «22/122», «без НДС»."""
    return _SHOWN.get(code) or code.value.removeprefix("vat") + "%"


def replaced_note(code: TaxCode, texts: Texts) -> str:
    """Empty for a current rate; else what a pre-2026 one becomes."""
    newer = code.replaced_by
    if newer is None:
        return ""
    return texts("rcpt.rate_replaced", old=rate_text(code), new=rate_text(newer))


def prepaid_note(rules: ReceiptRules, lines: Sequence[CartLine], texts: Texts) -> str:
    """The summary's word on a prepayment receipt (empty for any other)."""
    if not rules.enabled:
        return ""
    prepaid = any(line.payment_type.is_prepayment for line in lines) if lines else rules.prepaid
    return "\n\n" + texts("rcpt.prepaid") if prepaid else ""
