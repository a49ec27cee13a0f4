"""What admins and requesters read about the team: request cards and their outcome, /team's
list and member cards, the audit of access changes."""

from __future__ import annotations

from datetime import datetime

from bot.formatting import format_amount, format_date
from bot.keyboards.team import ROLE_NAMES
from bot.services.access import Role
from bot.services.team_digest import TeamDay
from bot.texts import Html, Texts
from paykeeper.moscow import MSK
from storage.notices import DayActivity
from storage.team import AccessRequest, AuditEntry, Member

_AUDIT_ACTIONS = {
    "granted": "team.audit.granted",
    "role": "team.audit.role",
    "suspended": "team.audit.suspended",
    "restored": "team.audit.restored",
    "denied": "team.audit.denied",
    "seeded": "team.audit.seeded",
}


def role_name(texts: Texts, role: str | Role) -> str:
    return texts(ROLE_NAMES[Role(role)])


def _when(moment: datetime) -> str:
    return moment.astimezone(MSK).strftime("%d.%m.%Y %H:%M")


def request_card(texts: Texts, request: AccessRequest) -> str:
    username = f" @{request.username}" if request.username else ""
    return texts(
        "team.request.card", name=request.name, username=username, user_id=request.user_id
    )


def decided_card(texts: Texts, request: AccessRequest, admin_name: str) -> str:
    """The card as every admin sees it once someone decided."""
    if request.status == "approved" and request.role is not None:
        outcome = texts(
            "team.request.approved_by", admin=admin_name, role=role_name(texts, request.role)
        )
    else:
        outcome = texts("team.request.denied_by", admin=admin_name)
    return f"{request_card(texts, request)}\n\n{outcome}"


def _name(member: Member) -> str:
    return member.name or str(member.user_id)


def _seen(texts: Texts, member: Member) -> str:
    if member.last_seen_at is None:
        return texts("team.never_seen")
    return texts("team.seen", when=_when(member.last_seen_at))


def _counts(activity: dict[int, DayActivity], user_id: int) -> tuple[int, int]:
    found = activity.get(user_id)
    return (found.issued.count, found.paid.count) if found is not None else (0, 0)


# Members on one page of /team: with the longest names Telegram allows (129 characters) a page
# stays far below a message's 4096 characters, however large the team.
TEAM_PAGE_SIZE = 10


def team_page(members: list[Member], page: int) -> tuple[list[Member], int, int]:
    """The members on ``page`` (any number: brought into range), the page and the pages."""
    pages = max(1, -(-len(members) // TEAM_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return members[page * TEAM_PAGE_SIZE : (page + 1) * TEAM_PAGE_SIZE], page, pages


def team_list(
    texts: Texts, members: list[Member], activity: dict[int, DayActivity], *, total: int
) -> str:
    """One page of the team (``members``), titled with the whole team's size."""
    lines = [texts("team.list.title", count=total)]
    for member in members:
        issued, paid = _counts(activity, member.user_id)
        lines.append(
            texts(
                "team.list.line",
                name=_name(member),
                role=role_name(texts, member.role),
                mark=texts("team.suspended_mark") if member.suspended else "",
                seen=_seen(texts, member),
                issued=issued,
                paid=paid,
            )
        )
    return "\n".join(lines)


def member_caption(texts: Texts, member: Member) -> str:
    mark = " ⛔" if member.suspended else ""
    return f"{_name(member)} — {role_name(texts, member.role)}{mark}"


def member_card(
    texts: Texts, member: Member, activity: dict[int, DayActivity], *, seeded: bool
) -> str:
    issued, paid = _counts(activity, member.user_id)
    text = texts(
        "team.member.card",
        name=_name(member),
        mark=texts("team.suspended_mark") if member.suspended else "",
        user_id=member.user_id,
        role=role_name(texts, member.role),
        seen=_seen(texts, member),
        issued=issued,
        paid=paid,
    )
    if seeded:
        text += "\n\n" + texts("team.member.seeded")
    return text


def audit_text(texts: Texts, member: Member, entries: list[AuditEntry]) -> str:
    lines = [texts("team.audit.title", name=_name(member))]
    if not entries:
        lines.append(texts("team.audit.empty"))
    for entry in entries:
        actor = (
            texts("team.audit.settings")
            if entry.actor_id is None
            else entry.actor_name or str(entry.actor_id)
        )
        role = role_name(texts, entry.role) if entry.role else ""
        what = texts(_AUDIT_ACTIONS.get(entry.action, "team.audit.role"), role=role)
        lines.append(
            texts("team.audit.line", when=_when(entry.created_at), actor=actor, what=what)
        )
    return "\n".join(lines)


def team_digest_text(summary: TeamDay, texts: Texts) -> str:
    lang = texts.lang
    total = summary.total
    lines = "\n".join(
        texts(
            "team.digest.line",
            name=name,
            issued=activity.issued.count,
            paid=activity.paid.count,
            paid_sum=format_amount(activity.paid.amount, lang),
            expired=activity.expired.count,
        )
        for name, activity in summary.by_manager
    )
    return texts(
        "team.digest",
        day=format_date(summary.day, lang),
        issued_count=total.issued.count,
        issued_sum=format_amount(total.issued.amount, lang),
        paid_count=total.paid.count,
        paid_sum=format_amount(total.paid.amount, lang),
        expired_count=total.expired.count,
        expired_sum=format_amount(total.expired.amount, lang),
        lines=Html(lines),
    )
