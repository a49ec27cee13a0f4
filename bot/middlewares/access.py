"""Only the team (admins, managers, viewers) gets past this; everyone else gets one clear answer
with their Telegram id and a button to request access (handlers/access_request.py, the one
update of a stranger's that goes further), and nothing else happens. A suspended member is
told so. Either gets one such answer every few minutes at most (StrangerAnswers): the rest are
dropped without a word, so nobody outside the team can make the bot flood Telegram."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import (
    InlineQueryResultsButton,
    TelegramObject,
    Update,
    User,
)

from bot.keyboards.team import AccessCallback, request_button
from bot.middlewares.stranger_answers import StrangerAnswers
from bot.services.access import Role, TeamAccess
from bot.texts import Texts

_REQUEST = AccessCallback().pack()

log = logging.getLogger(__name__)


class AccessMiddleware(BaseMiddleware):
    """Outer middleware on ``Update``; runs after aiogram has resolved ``event_from_user``."""

    def __init__(self, access: TeamAccess, answers: StrangerAnswers | None = None) -> None:
        self.access = access
        self.answers = answers if answers is not None else StrangerAnswers()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return None  # channel posts, service updates: nothing for us
        role: Role | None = self.access.role_of(user.id)
        if role is not None:
            data["role"] = role
            return await handler(event, data)
        suspended = self.access.is_suspended(user.id)
        if (
            isinstance(event, Update)
            and event.callback_query is not None
            and event.callback_query.data == _REQUEST
            and not suspended
        ):
            if not self.answers.may_answer(user.id, "request"):
                return None
            return await handler(event, data)  # "request access": no role, nothing else
        if (
            isinstance(event, Update)
            and _answerable(event)
            and self.answers.may_answer(user.id, "refusal")
        ):
            log.info("refused user %s", user.id)  # once per answer: a flood floods no log
            await _refuse(event, user, data["texts"], suspended=suspended)
        return None


def _answerable(update: Update) -> bool:
    """Whether a refusal has anywhere to go: not in groups the bot was added to, where it must
    not chatter, nor for updates that cannot be answered."""
    if update.message is not None:
        return update.message.chat.type == "private"
    return update.callback_query is not None or update.inline_query is not None


async def _refuse(update: Update, user: User, texts: Texts, *, suspended: bool) -> None:
    if update.message is not None:  # a private chat's: groups stop before (private_chats.py)
        if suspended:
            await update.message.answer(texts("team.suspended"))
        else:
            await update.message.answer(
                texts("no_access", user_id=user.id), reply_markup=request_button(texts)
            )
    elif update.callback_query is not None:
        text = texts("team.suspended") if suspended else texts("no_access_short", user_id=user.id)
        await update.callback_query.answer(text, show_alert=True)
    elif update.inline_query is not None:
        await update.inline_query.answer(
            [],
            cache_time=0,
            is_personal=True,
            button=InlineQueryResultsButton(
                text=texts("no_access_inline"), start_parameter="access"
            ),
        )
