"""How a held invoice reads: to the admins who decide, and to the manager who waits."""

from __future__ import annotations

from decimal import Decimal

from bot.drafts import InvoiceDraft
from bot.formatting import format_amount
from bot.parsing import InputError
from bot.services.approvals import is_file, is_schedule
from bot.texts import Texts
from bot.views.cart_lines import lines_text
from bot.views.outcomes import last_day_text, refusal_text
from storage import Delivery
from storage.approvals import Approval, ApprovalStatus

_DELIVERY = {Delivery.EMAIL: "appr.delivery.email", Delivery.LINK: "appr.delivery.link"}


def amount_of(approval: Approval, texts: Texts) -> str:
    return format_amount(Decimal(approval.draft["amount"]), texts.lang)


def _limit(approval: Approval, texts: Texts, current: Decimal) -> str:
    """The threshold in force when it was asked (``current`` for one held before that was
    kept with it)."""
    asked = approval.draft.get("threshold")
    return format_amount(Decimal(asked) if asked else current, texts.lang)


def _payer_total(approval: Approval, texts: Texts) -> str:
    """Why an invoice within the threshold waits: with the day's other invoices to its payer
    it is above it. Empty when it is above on its own."""
    total = approval.draft.get("payer_total")
    if not total or Decimal(total) <= Decimal(approval.draft["amount"]):
        return ""
    return texts.html("appr.payer_total", total=format_amount(Decimal(total), texts.lang))


def waiting_text(approval: Approval, texts: Texts) -> str:
    """What the manager sees when it is held (always with the threshold it was held under)."""
    limit = _limit(approval, texts, Decimal(0))
    if is_file(approval):
        return texts(
            "appr.file_waiting",
            file=approval.draft["file"],
            above=approval.draft["above"],
            rows=approval.draft["rows"],
            limit=limit,
        )
    return texts(
        "appr.waiting",
        amount=amount_of(approval, texts),
        limit=limit,
        payer_total=_payer_total(approval, texts),
    )


def approval_card(
    approval: Approval, texts: Texts, *, limit: Decimal, default_service: str
) -> str:
    """The admins' card. ``limit``: the threshold now, shown only for a request held before
    approvals kept the threshold they were asked under."""
    if is_file(approval):
        return texts(
            "appr.file_card",
            manager=approval.manager_name,
            file=approval.draft["file"],
            rows=approval.draft["rows"],
            above=approval.draft["above"],
            limit=_limit(approval, texts, limit),
            amount=amount_of(approval, texts),
            delivery=texts(_DELIVERY[approval.delivery]),
        )
    draft = InvoiceDraft.from_data(approval.draft)
    missing = texts("form.not_given")
    card = texts(
        "appr.card",
        limit=_limit(approval, texts, limit),
        payer_total=_payer_total(approval, texts),
        manager=approval.manager_name,
        amount=format_amount(draft.amount, texts.lang),
        email=draft.email or missing,
        phone=draft.phone or missing,
        client=draft.client_name or missing,
        last_day=last_day_text(draft.last_day, texts),
        service=draft.service or default_service,
        delivery=texts(_DELIVERY[approval.delivery]),
    )
    card += lines_text(approval.draft.get("lines"), texts)
    if is_schedule(approval):  # sched:<id>:<revision>
        card += texts("sch.appr_note", id=approval.order_id.split(":")[1])
    return card


def rejected_text(approval: Approval, texts: Texts, admin: str) -> str:
    """What the manager is told when their invoice or file is rejected."""
    key = "appr.file_rejected" if is_file(approval) else "appr.manager_rejected"
    if is_schedule(approval):
        key = "sch.appr_rejected"
    return texts(
        key,
        admin=admin,
        amount=amount_of(approval, texts),
        file=approval.draft.get("file", ""),
        reason=reason_line(approval, texts),
    )


def reason_line(approval: Approval, texts: Texts) -> str:
    """Already rendered (and escaped), to go into another text."""
    return texts.html("appr.reason_line", reason=approval.reason) if approval.reason else ""


def decided_card(
    approval: Approval,
    texts: Texts,
    *,
    admin: str,
    number: int | None,
    limit: Decimal,
    default_service: str,
    refusal: InputError | None = None,
) -> str:
    """The card once decided, the same for every admin: who did what (``refusal``: why the
    bot's rules then refused the approved invoice, say MAX_AMOUNT lowered meanwhile)."""
    card = approval_card(approval, texts, limit=limit, default_service=default_service)
    if approval.status is ApprovalStatus.APPROVED and is_file(approval):
        outcome = texts("appr.file_approved_by", admin=admin)
    elif approval.status is ApprovalStatus.APPROVED and refusal is not None:
        outcome = texts(
            "appr.approved_refused",
            admin=admin,
            number=number or "—",
            message=refusal_text(refusal, texts),
        )
    elif approval.status is ApprovalStatus.APPROVED:
        outcome = texts("appr.approved_by", admin=admin, number=number or "—")
    elif approval.status is ApprovalStatus.REJECTED:
        outcome = texts("appr.rejected_by", admin=admin, reason=reason_line(approval, texts))
    else:
        outcome = texts("appr.withdrawn_card")
    return f"{card}\n\n{outcome}"
