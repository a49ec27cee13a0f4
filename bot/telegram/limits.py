"""The last check before anything reaches Telegram: a text, a caption or a callback answer
over Telegram's limit is cut to fit (HTML tags kept whole and closed) and the cut is logged as
an error, since the views are meant to fit by construction (pages, "… and N more lines").

Without it Telegram refuses the whole message ("message is too long") and the user gets
nothing, or the generic apology."""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from aiogram.client.default import Default
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.enums import ParseMode
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageCaption,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response

log = logging.getLogger(__name__)

TEXT_LIMIT = 4096  # a message's text, after entity parsing
CAPTION_LIMIT = 1024  # a file's or photo's caption
ANSWER_LIMIT = 200  # a callback query's answer (plain text)
ELLIPSIS = "…"

_LIMITS: tuple[tuple[type[TelegramMethod[Any]], str, int], ...] = (
    (SendMessage, "text", TEXT_LIMIT),
    (EditMessageText, "text", TEXT_LIMIT),
    (SendDocument, "caption", CAPTION_LIMIT),
    (SendPhoto, "caption", CAPTION_LIMIT),
    (EditMessageCaption, "caption", CAPTION_LIMIT),
    (AnswerCallbackQuery, "text", ANSWER_LIMIT),
)


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


class KeepWithinLimits(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        for kind, field, limit in _LIMITS:
            if isinstance(method, kind):
                text = getattr(method, field, None)
                if isinstance(text, str) and units(text) > limit:
                    method = self._fitted(bot, method, field, text, limit)
                break
        return await make_request(bot, method)

    @staticmethod
    def _fitted(
        bot: Bot, method: TelegramMethod[TelegramType], field: str, text: str, limit: int
    ) -> TelegramMethod[TelegramType]:
        mode = getattr(method, "parse_mode", None)
        if isinstance(mode, Default):
            mode = bot.default[mode.name]
        html = mode == ParseMode.HTML and not isinstance(method, AnswerCallbackQuery)
        fitted = fit_html(text, limit) if html else fit_plain(text, limit)
        if fitted == text:  # only the markup made it look long
            return method
        log.error(
            "%s: %s over Telegram's limit of %d, cut to fit",
            method.__api_method__,
            field,
            limit,
        )
        return method.model_copy(update={field: fitted})


def fit_plain(text: str, limit: int) -> str:
    if units(text) <= limit:
        return text
    kept: list[str] = []
    used = units(ELLIPSIS)
    for char in text:
        used += units(char)
        if used > limit:
            break
        kept.append(char)
    return "".join(kept) + ELLIPSIS


def fit_html(text: str, limit: int) -> str:
    """``text`` (Telegram HTML) cut to at most ``limit`` visible units, tags closed."""
    if not _cut(text, limit).cut:
        return text
    cutter = _cut(text, limit - units(ELLIPSIS))
    closing = "".join(f"</{tag}>" for tag in reversed(cutter.open))
    return "".join(cutter.out) + ELLIPSIS + closing


def _cut(text: str, budget: int) -> _Cutter:
    cutter = _Cutter(budget)
    cutter.feed(text)
    cutter.close()
    return cutter


class _Cutter(HTMLParser):
    def __init__(self, budget: int) -> None:
        super().__init__(convert_charrefs=False)
        self.budget = budget
        self.out: list[str] = []
        self.open: list[str] = []
        self.cut = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.cut:
            self.out.append(self.get_starttag_text() or "")
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.cut and tag in self.open:
            self.out.append(f"</{tag}>")
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]

    def handle_data(self, data: str) -> None:
        for char in data:
            self._visible(char, char)

    def handle_entityref(self, name: str) -> None:
        self._visible(f"&{name};", "x")

    def handle_charref(self, name: str) -> None:
        self._visible(f"&#{name};", "x")

    def _visible(self, written: str, shown: str) -> None:
        if self.cut:
            return
        if units(shown) > self.budget:
            self.cut = True
            return
        self.budget -= units(shown)
        self.out.append(written)
