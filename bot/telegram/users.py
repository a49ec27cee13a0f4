"""Telegram users as the services know them."""

from __future__ import annotations

from aiogram.types import User

from bot.services.issue_outcomes import Manager


def manager_of(user: User) -> Manager:
    """The Telegram user acting, under the name the invoice log shows."""
    return Manager(id=user.id, name=user.full_name)
