"""What the payer book shows: a payer filled into the form, /payers, a payer's card."""

from __future__ import annotations

from bot.formatting import format_amount, format_date
from bot.services.payers import PayerCard
from bot.texts import Html, Texts
from paykeeper import MSK
from storage.payers import Payer


def filled_text(payer: Payer, texts: Texts) -> str:
    none = texts("payer.none")
    return texts(
        "payer.filled", label=payer.label, email=payer.email or none, phone=payer.phone or none
    )


def list_text(search: str, page: int, texts: Texts) -> str:
    found = texts.html("payers.search", text=search) if search else Html("")
    return texts("payers.title", search=found, page=page + 1)


def card_text(card: PayerCard, texts: Texts) -> str:
    payer, totals, none = card.payer, card.totals, texts("payer.none")
    text = texts(
        "payer.card",
        label=payer.label,
        email=payer.email or none,
        phone=payer.phone or none,
        count=totals.invoices,
        paid=format_amount(totals.paid, texts.lang),
        open=format_amount(totals.open, texts.lang),
    )
    if not card.latest:
        return text
    lines = [texts("payer.card_latest")]
    for invoice in card.latest:
        lines.append(
            texts(
                "payer.card_line",
                day=format_date(invoice.created_at.astimezone(MSK).date(), texts.lang),
                amount=format_amount(invoice.amount, texts.lang),
                status=texts.html(f"inv.status.{invoice.status.value}"),
            )
        )
    return text + "".join(lines)
