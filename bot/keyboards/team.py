"""Buttons of the team: a stranger's "request access", an admin's decision on a request, and
/team's member cards. Only ids and short action names go into the callback data."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.keyboards.invoices import ListCallback
from bot.services.access import Role
from bot.services.invoice_lists import ListFilter
from bot.texts import Texts

ROLE_NAMES = {
    Role.ADMIN: "team.role.admin",
    Role.MANAGER: "team.role.manager",
    Role.VIEWER: "team.role.viewer",
}


class AccessCallback(CallbackData, prefix="acc"):
    """A stranger's request (``id`` 0), or an admin's decision on request ``id``: ``role`` is
    the role granted, empty to deny."""

    id: int = 0
    role: str = ""


class TeamAction(StrEnum):
    LIST = "list"
    OPEN = "open"
    ROLE = "role"
    SUSPEND = "suspend"
    RESTORE = "restore"
    AUDIT = "audit"


class TeamCallback(CallbackData, prefix="team"):
    action: str  # a TeamAction; plain so a retired one still unpacks
    user: int = 0
    role: str = ""
    page: int = 0  # of /team's list, from 0: where "back" returns


def request_button(texts: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts("team.request.button"), callback_data=AccessCallback())
    return builder.as_markup()


def decision_keyboard(texts: Texts, request_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for role, key in (
        (Role.MANAGER, "team.request.approve_manager"),
        (Role.ADMIN, "team.request.approve_admin"),
        (Role.VIEWER, "team.request.approve_viewer"),
    ):
        builder.button(text=texts(key), callback_data=AccessCallback(id=request_id, role=role))
    builder.button(text=texts("team.request.deny"), callback_data=AccessCallback(id=request_id))
    builder.adjust(2, 1, 1)
    return builder.as_markup()


def team_list_keyboard(
    texts: Texts, members: list[tuple[int, str]], page: int, pages: int
) -> InlineKeyboardMarkup:
    """One button per (user id, caption) on this page, and the pages' arrows."""
    builder = InlineKeyboardBuilder()
    for user_id, caption in members:
        builder.row(
            InlineKeyboardButton(
                text=caption,
                callback_data=TeamCallback(action=TeamAction.OPEN, user=user_id, page=page).pack(),
            )
        )
    if pages > 1:

        def turn(to: int) -> str:
            return TeamCallback(action=TeamAction.LIST, page=to % pages).pack()

        builder.row(
            InlineKeyboardButton(text=texts("inv.btn.prev"), callback_data=turn(page - 1)),
            InlineKeyboardButton(
                text=texts("inv.btn.page", page=page + 1, pages=pages), callback_data=turn(page)
            ),
            InlineKeyboardButton(text=texts("inv.btn.next"), callback_data=turn(page + 1)),
        )
    return builder.as_markup()


def member_keyboard(
    texts: Texts, user_id: int, role: Role, *, suspended: bool, changeable: bool, page: int = 0
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if changeable:
        for other, key in (
            (Role.ADMIN, "team.btn.admin"),
            (Role.MANAGER, "team.btn.manager"),
            (Role.VIEWER, "team.btn.viewer"),
        ):
            if other is not role:
                builder.button(
                    text=texts(key),
                    callback_data=TeamCallback(
                        action=TeamAction.ROLE, user=user_id, role=other, page=page
                    ),
                )
        action = TeamAction.RESTORE if suspended else TeamAction.SUSPEND
        builder.button(
            text=texts("team.btn.restore" if suspended else "team.btn.suspend"),
            callback_data=TeamCallback(action=action, user=user_id, page=page),
        )
    builder.button(
        text=texts("team.btn.audit"),
        callback_data=TeamCallback(action=TeamAction.AUDIT, user=user_id, page=page),
    )
    builder.button(
        text=texts("team.btn.back"), callback_data=TeamCallback(action=TeamAction.LIST, page=page)
    )
    builder.adjust(1)
    return builder.as_markup()


def manager_picker(
    texts: Texts, managers: list[tuple[int, str]], list_filter: ListFilter, search_id: int
) -> InlineKeyboardMarkup:
    """Whose invoices the list shows: one button per (user id, name), and everyone's."""
    builder = InlineKeyboardBuilder()

    def show(manager: int) -> str:
        return ListCallback(
            list_filter=list_filter, page=0, everyone=True, search_id=search_id, manager=manager
        ).pack()

    for user_id, name in managers:
        builder.button(text=name, callback_data=show(user_id))
    builder.button(text=texts("team.pick.all"), callback_data=show(0))
    builder.adjust(2)
    return builder.as_markup()


def back_keyboard(texts: Texts, user_id: int, page: int = 0) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts("team.btn.member"),
        callback_data=TeamCallback(action=TeamAction.OPEN, user=user_id, page=page),
    )
    return builder.as_markup()
