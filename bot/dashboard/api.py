"""The dashboard's JSON under /app/api/: every request signed in (bot/dashboard/auth.py), every
answer from the services chat uses — the report's sums, the invoice list's search and filters,
the card's history and its actions (InvoiceActions decides who may act on what)."""

from __future__ import annotations

import logging
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from bot.dashboard.auth import STATUS, DashboardAuth, Refused, Viewer
from bot.dashboard.overview import as_json, overview
from bot.drafts import today_in_moscow
from bot.services.access import Role, list_scope, may_change
from bot.services.invoice_actions import (
    InvoiceActions,
    Refusal,
    can_cancel,
    can_resend,
    can_share,
)
from bot.services.invoice_lists import ListFilter, list_page
from bot.services.issue_outcomes import Manager
from bot.services.reports import MAX_REPORT_DAYS, Period, parse_period
from bot.texts import Texts
from storage import InvoiceRecord, InvoiceRepository, InvoiceStatus
from storage.approvals import ApprovalRepository
from storage.dashboard_logins import DashboardLogins
from storage.report_queries import ReportQueries
from storage.team import TeamRepository

log = logging.getLogger(__name__)

# The page's labels, handed to it in the viewer's language.
PAGE_LABELS = (
    "dash.page.title", "dash.page.overview", "dash.page.invoices", "dash.page.team",
    "dash.page.this_month", "dash.page.last_month", "dash.page.net", "dash.page.card",
    "dash.page.cash", "dash.page.refunded", "dash.page.issued", "dash.page.paid",
    "dash.page.expired", "dash.page.open", "dash.page.ages", "dash.page.by_day",
    "dash.page.by_manager", "dash.page.by_service", "dash.page.search", "dash.page.f_u",
    "dash.page.f_p", "dash.page.f_c", "dash.page.f_a", "dash.page.prev", "dash.page.next",
    "dash.page.empty", "dash.page.history", "dash.page.cancel", "dash.page.resend",
    "dash.page.share", "dash.page.confirm", "dash.page.done", "dash.page.refused",
    "dash.page.failed", "dash.page.role", "dash.page.seen", "dash.page.suspended",
    "dash.page.approvals", "dash.page.in_chat",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DashboardServices:
    auth: DashboardAuth
    queries: ReportQueries
    invoices: InvoiceRepository
    actions: InvoiceActions
    team: TeamRepository
    logins: DashboardLogins
    approvals: ApprovalRepository


DASHBOARD = web.AppKey("dashboard", DashboardServices)
SESSION_COOKIE = "dashboard_session"


async def viewer_of(request: web.Request) -> Viewer:
    """The signed-in viewer, or the 401/403 that ends the request: by the Mini App's initData,
    or in a desktop browser by the session a one-time link opened."""
    services = request.app[DASHBOARD]
    header = request.headers.get("Authorization", "")
    session = request.cookies.get(SESSION_COOKIE, "")
    found: Viewer | Refused
    if header.startswith("tma ") or not session:
        found = services.auth.check(header.removeprefix("tma "))
    else:
        user = await services.logins.session(session[:100], datetime.now(UTC))
        found = Refused.FORGED if user is None else services.auth.viewer(*astuple(user))
    if isinstance(found, Refused):
        log.info("dashboard request refused (%s): %s", found, request.path)
        raise _refusal(found)
    return found


def _refusal(refused: Refused) -> web.HTTPException:
    error = web.HTTPUnauthorized if STATUS[refused] == 401 else web.HTTPForbidden
    return error(text=f'{{"error": "{refused.value}"}}', content_type="application/json")


def _json(data: object, status: int = 200) -> web.Response:
    response = web.json_response(data, status=status)
    response.headers["Cache-Control"] = "no-store"  # money: never kept by a cache
    return response


async def me(request: web.Request) -> web.Response:
    viewer = await viewer_of(request)
    texts = Texts("en" if viewer.language == "en" else "ru")
    return _json(
        {
            "id": viewer.user_id,
            "name": viewer.name,
            "role": viewer.role.value,
            "language": viewer.language,
            "labels": {key.removeprefix("dash.page."): texts(key) for key in PAGE_LABELS},
            "statuses": {status.value: texts(f"inv.status.{status}") for status in InvoiceStatus},
        }
    )


def _period(request: web.Request) -> Period:
    if request.query.get("period") == "last":
        return Period.last_month(today_in_moscow())
    asked = f"{request.query.get('first', '')} {request.query.get('last', '')}"
    period = parse_period(asked) if asked.strip() else None
    if period is None:
        return Period.this_month(today_in_moscow())
    if period.days > MAX_REPORT_DAYS:
        raise web.HTTPBadRequest(
            text='{"error": "period_too_long"}', content_type="application/json"
        )
    return period


def _own(viewer: Viewer) -> int | None:
    """A manager's dashboard sums their own invoices; an admin's or viewer's, the team's."""
    return list_scope(viewer.role, viewer.user_id, everyone=True, manager=0).manager_id


async def get_overview(request: web.Request) -> web.Response:
    viewer = await viewer_of(request)
    services = request.app[DASHBOARD]
    result = await overview(
        services.queries,
        services.invoices,
        _period(request),
        manager_id=_own(viewer),
        now=datetime.now(UTC),
    )
    return _json(as_json(result))


def _int(text: str, default: int = 0) -> int:
    return int(text) if text.isdigit() and len(text) < 12 else default


def invoice_json(invoice: InvoiceRecord) -> dict[str, Any]:
    return {
        "id": invoice.id,
        "order_id": invoice.order_id,
        "manager": invoice.manager_name,
        "amount": f"{invoice.amount:.2f}",
        "service": invoice.service_name,
        "status": invoice.status.value,
        "client": invoice.client_name or invoice.client_email or invoice.client_phone or "",
        "email": invoice.client_email or "",
        "created_at": invoice.created_at.isoformat(),
        "last_day": invoice.last_day.isoformat() if invoice.last_day else None,
    }


async def get_invoices(request: web.Request) -> web.Response:
    viewer = await viewer_of(request)
    query = request.query
    try:
        list_filter = ListFilter(query.get("filter", ListFilter.ALL.value))
    except ValueError:
        list_filter = ListFilter.ALL
    scope = list_scope(
        viewer.role, viewer.user_id, everyone=True, manager=_int(query.get("manager", ""))
    )
    page = await list_page(
        request.app[DASHBOARD].invoices,
        manager_id=scope.manager_id,
        list_filter=list_filter,
        search=query.get("search", "")[:200] or None,
        page=_int(query.get("page", "")),
    )
    return _json(
        {
            "invoices": [invoice_json(invoice) for invoice in page.invoices],
            "page": page.page,
            "pages": page.pages,
            "total": page.total,
        }
    )


async def _load(request: web.Request, viewer: Viewer) -> InvoiceRecord:
    invoice_id = _int(request.match_info.get("invoice_id", ""), -1)
    found = await request.app[DASHBOARD].actions.load(invoice_id, viewer.user_id, viewer.role)
    if isinstance(found, Refusal):
        # Another manager's invoice is "not found" too: its existence is not theirs to learn.
        raise web.HTTPNotFound(text='{"error": "not_found"}', content_type="application/json")
    return found


def _allowed(invoice: InvoiceRecord, role: Role) -> list[str]:
    if not may_change(role):
        return ["share"] if can_share(invoice) else []
    checks = (("resend", can_resend), ("cancel", can_cancel), ("share", can_share))
    return [name for name, check in checks if check(invoice)]


async def get_invoice(request: web.Request) -> web.Response:
    viewer = await viewer_of(request)
    invoice = await _load(request, viewer)
    history = await request.app[DASHBOARD].actions.history(invoice)
    card = invoice_json(invoice)
    card["link"] = invoice.invoice_url if can_share(invoice) else None
    card["actions"] = _allowed(invoice, viewer.role)
    card["history"] = [
        {
            "kind": entry.event.kind,
            "at": entry.event.created_at.isoformat(),
            "who": entry.actor_name,
            "detail": entry.event.detail,
        }
        for entry in history
    ]
    return _json(card)


async def post_action(request: web.Request) -> web.Response:
    viewer = await viewer_of(request)
    invoice = await _load(request, viewer)
    action = request.match_info["action"]
    if action not in _allowed(invoice, viewer.role) or action == "share":
        return _json({"error": "not_allowed", "status": invoice.status.value}, status=409)
    actions = request.app[DASHBOARD].actions
    actor = Manager(viewer.user_id, viewer.name)
    log.info("dashboard: %s %s by %s", action, invoice.order_id, viewer.user_id)
    if action == "cancel":
        outcome = await actions.cancel(invoice, actor=actor)
        failure, invoice = outcome.failure, outcome.invoice
    else:
        resent = await actions.resend(invoice, actor=actor)
        failure, invoice = resent.failure, resent.invoice
    if failure is not None:
        # PayKeeper's own words when it gave them; the detail of the failure otherwise.
        return _json({"error": failure.kind.value, "message": failure.message}, status=502)
    return _json(invoice_json(invoice))


async def get_team(request: web.Request) -> web.Response:
    viewer = await viewer_of(request)
    if viewer.role is not Role.ADMIN:
        raise _refusal(Refused.NO_ACCESS)
    services = request.app[DASHBOARD]
    members = await services.team.members()
    waiting = await services.approvals.pending()
    return _json(
        {
            "members": [
                {
                    "id": member.user_id,
                    "name": member.name or str(member.user_id),
                    "role": member.role,
                    "suspended": member.suspended,
                    "last_seen": member.last_seen_at.isoformat() if member.last_seen_at else None,
                }
                for member in members
            ],
            # Decided in chat, on the admins' cards: the decision's messages live there.
            "approvals": [
                {
                    "id": approval.id,
                    "order_id": approval.order_id,
                    "manager": approval.manager_name,
                    "amount": str(approval.draft.get("amount", "")),
                    "service": str(approval.draft.get("service") or ""),
                    "created_at": approval.created_at.isoformat(),
                }
                for approval in waiting
            ],
        }
    )


def add_api_routes(app: web.Application) -> None:
    app.router.add_get("/app/api/me", me)
    app.router.add_get("/app/api/overview", get_overview)
    app.router.add_get("/app/api/invoices", get_invoices)
    app.router.add_get(r"/app/api/invoices/{invoice_id:\d+}", get_invoice)
    app.router.add_post(r"/app/api/invoices/{invoice_id:\d+}/{action:cancel|resend}", post_action)
    app.router.add_get("/app/api/team", get_team)
