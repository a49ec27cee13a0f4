"""Buttons of the service catalogue (/services) and of the form's service step."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.texts import Texts
from storage.catalogue import StoredService

LISTED = 30  # services with a button in /services (the rest by export)


class ServiceAction(StrEnum):
    OPEN = "open"
    ADD = "add"
    EDIT = "edit"
    ARCHIVE = "archive"
    IMPORT = "import"
    EXPORT = "export"
    LIST = "list"
    PICK = "pick"  # the form's service step


class ServiceCallback(CallbackData, prefix="svc"):
    action: str
    id: int = 0


def _button(text: str, action: ServiceAction, service_id: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=ServiceCallback(action=action, id=service_id).pack()
    )


def catalogue_keyboard(texts: Texts, services: Sequence[StoredService]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for service in services[:LISTED]:
        builder.row(_button(service.entry.name, ServiceAction.OPEN, service.id))
    builder.row(_button(texts("svc.btn.add"), ServiceAction.ADD))
    builder.row(
        _button(texts("svc.btn.import"), ServiceAction.IMPORT),
        _button(texts("svc.btn.export"), ServiceAction.EXPORT),
    )
    return builder.as_markup()


def service_keyboard(texts: Texts, service_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(texts("svc.btn.edit"), ServiceAction.EDIT, service_id),
                _button(texts("svc.btn.archive"), ServiceAction.ARCHIVE, service_id),
            ],
            [_button(texts("svc.btn.back"), ServiceAction.LIST)],
        ]
    )


def with_services(
    keyboard: InlineKeyboardMarkup, services: Sequence[StoredService]
) -> InlineKeyboardMarkup:
    """The form's service question: the most used services first, then its own buttons."""
    rows = [[_button(service.entry.name, ServiceAction.PICK, service.id)] for service in services]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, *keyboard.inline_keyboard])
