"""How recurring invoices read: the summary before one is made, /schedules, a schedule's card,
and what each period tells the manager."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aiogram.types import InlineKeyboardMarkup

from bot.formatting import format_amount, format_date
from bot.keyboards.schedules import LIST_SIZE
from bot.services.issue_outcomes import FailureKind, IssueOutcome
from bot.services.schedule_rules import Kind, moscow_day
from bot.services.schedule_runs import Period
from bot.services.schedules import next_day
from bot.texts import Html, Texts
from bot.views.invoices import status_text
from bot.views.outcomes import outcome_message
from storage import Delivery, InvoiceRecord
from storage.schedules import NewSchedule, ScheduleRecord, ScheduleStatus

_DELIVERY = {Delivery.EMAIL: "appr.delivery.email", Delivery.LINK: "appr.delivery.link"}


def rule_text(kind: Kind, step: int, texts: Texts) -> str:
    if kind is Kind.MONTHLY:
        key = "sch.rule.monthly_short" if step > 28 else "sch.rule.monthly"
        return texts(key, day=step)
    if kind is Kind.WEEKLY:
        return texts("sch.rule.weekly", weekday=texts(f"sch.wd_on.{step}"))
    return texts("sch.rule.days", n=step)


def end_text(until: date | None, times: int | None, texts: Texts) -> str:
    if times is not None:
        return texts("sch.end.times", n=times)
    if until is not None:
        return texts("sch.end.until", day=format_date(until, texts.lang))
    return texts("sch.end.forever")


def details_text(
    schedule: ScheduleRecord | NewSchedule, texts: Texts, *, default_service: str
) -> Html:
    draft = schedule.draft
    payer = draft.get("client_name") or draft.get("email") or draft.get("phone")
    term = schedule.term_days
    return texts.html(
        "sch.details",
        amount=format_amount(Decimal(draft["amount"]), texts.lang),
        service=draft.get("service") or default_service,
        payer=payer or texts("form.not_given"),
        delivery=texts(_DELIVERY[schedule.delivery]),
        rule=rule_text(Kind(schedule.kind), schedule.step, texts),
        end=end_text(schedule.until_day, schedule.times, texts),
        term=texts("sch.term.days", n=term) if term else texts("sch.term.none"),
    )


def state_text(schedule: ScheduleRecord, texts: Texts, *, suspended: bool = False) -> str:
    if suspended and schedule.status is ScheduleStatus.ACTIVE:
        return texts("sch.status.suspended")
    return texts(f"sch.status.{schedule.status.value}")


def _next(schedule: ScheduleRecord, texts: Texts) -> str | None:
    day = next_day(schedule) if schedule.status.is_open else None
    return format_date(day, texts.lang) if day is not None else None


def list_text(
    schedules: list[ScheduleRecord],
    texts: Texts,
    *,
    show_manager: bool,
    suspended: frozenset[int] = frozenset(),
) -> str:
    if not schedules:
        return texts("sch.list.empty")
    lines = [texts("sch.list.title"), ""]
    for schedule in schedules[:LIST_SIZE]:  # the open ones and the newest come first
        draft = schedule.draft
        payer = draft.get("client_name") or draft.get("email") or draft.get("phone") or "—"
        day = _next(schedule, texts)
        line = texts(
            "sch.list.line",
            id=schedule.id,
            amount=format_amount(Decimal(draft["amount"]), texts.lang),
            payer=payer,
            rule=rule_text(Kind(schedule.kind), schedule.step, texts),
            state=state_text(schedule, texts, suspended=schedule.manager_id in suspended),
            next=texts.html("sch.list.next", day=day) if day else "",
        )
        if show_manager:
            line += texts("sch.list.manager", manager=schedule.manager_name)
        lines.append(line)
    return "\n".join(lines)


def card_text(
    schedule: ScheduleRecord,
    invoices: list[InvoiceRecord],
    texts: Texts,
    *,
    default_service: str,
    suspended: bool = False,
) -> str:
    text = texts(
        "sch.card",
        id=schedule.id,
        state=state_text(schedule, texts, suspended=suspended),
        details=details_text(schedule, texts, default_service=default_service),
        next=_next(schedule, texts) or texts("sch.none"),
        manager=schedule.manager_name,
        source=schedule.source_id,
    )
    if schedule.pending_rev:  # a new amount waits for approval
        text += texts("sch.card.waiting_amount")
    if not invoices:
        return text + texts("sch.card.no_invoices")
    text += texts("sch.card.invoices")
    for invoice in invoices:
        text += texts(
            "sch.card.invoice",
            id=invoice.id,
            day=format_date(moscow_day(invoice.created_at), texts.lang),
            amount=format_amount(invoice.amount, texts.lang),
            status=status_text(invoice.status, texts),
        )
    return text


def period_name(period: Period, texts: Texts) -> str:
    """«декабрь» for a monthly schedule, the day for the others."""
    if period.kind is Kind.MONTHLY:
        return texts(f"sch.month.{period.day.month}")
    return format_date(period.day, texts.lang)


def period_message(
    schedule: ScheduleRecord, period: Period, outcome: IssueOutcome, texts: Texts
) -> tuple[str, InlineKeyboardMarkup | None]:
    """«🔁 Счёт за декабрь выставлен» with what the issuer's outcome says (the link, that it
    was e-mailed, or why not)."""
    body, keyboard = outcome_message(outcome, texts)
    failure = outcome.failure
    if failure is not None and failure.kind is FailureKind.UNCERTAIN:
        head = "sch.period.unclear"
    elif not outcome.created:
        head = "sch.period.failed"
    elif outcome.invoice.delivery is Delivery.EMAIL and outcome.failure is None:
        head = "sch.period.emailed"
    else:
        head = "sch.period.issued"
    late = ""
    if period.late:
        late = texts.html("sch.period.late", day=format_date(period.day, texts.lang))
    text = texts(
        "sch.period.head",
        head=texts.html(head, period=period_name(period, texts)),
        id=schedule.id,
        late=late,
        body=Html(body),
    )
    return text, keyboard
