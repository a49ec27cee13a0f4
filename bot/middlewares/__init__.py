"""Outer middlewares: who may use the bot, and in which language it speaks to them."""

from bot.middlewares.access import AccessMiddleware
from bot.middlewares.in_flight import InFlightMiddleware
from bot.middlewares.locale import LocaleMiddleware
from bot.middlewares.people import PeopleMiddleware
from bot.middlewares.private_chats import PrivateChatsMiddleware

__all__ = [
    "AccessMiddleware",
    "InFlightMiddleware",
    "LocaleMiddleware",
    "PeopleMiddleware",
    "PrivateChatsMiddleware",
]
