"""What /services shows."""

from __future__ import annotations

from collections.abc import Sequence

from bot.formatting import format_amount
from bot.keyboards.catalogue import LISTED
from bot.services.catalogue import CatalogueError
from bot.texts import Html, Texts
from storage.catalogue import StoredService


def catalogue_text(services: Sequence[StoredService], texts: Texts) -> str:
    lines = [
        texts.html(
            "svc.line",
            name=service.entry.name,
            price=_price(service, texts),
            tax=service.entry.tax,
        )
        for service in services[:LISTED]
    ]
    body = Html("\n".join(lines)) if lines else texts.html("svc.list_empty")
    return texts("svc.list", count=len(services), lines=body)


def service_text(service: StoredService, texts: Texts) -> str:
    entry = service.entry
    return texts(
        "svc.card",
        name=entry.name,
        price=_price(service, texts),
        tax=entry.tax,
        item_type=entry.item_type,
        payment_type=entry.payment_type,
        uses=service.uses,
    )


def problem_text(problem: CatalogueError, texts: Texts) -> str:
    return texts("svc.problem", problem=texts.html(problem.key, **problem.params_for(texts.lang)))


def _price(service: StoredService, texts: Texts) -> str:
    price = service.entry.price
    return format_amount(price, texts.lang) if price is not None else texts("svc.no_price")
