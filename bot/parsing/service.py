"""The service an invoice is for."""

from __future__ import annotations

import unicodedata
from typing import Final

from bot.parsing.errors import InputError
from bot.parsing.text import strip_invisible

SERVICE_MAX_LENGTH: Final = 128


def parse_service(text: str) -> str:
    """The service name: without invisible characters, trimmed, whitespace runs made single
    spaces, 1 to 128 characters."""
    service = " ".join(strip_invisible(text).split())
    if not service:
        raise InputError("input.service.empty")
    if any(unicodedata.category(character) == "Cc" for character in service):
        raise InputError("input.service.control_chars")
    if len(service) > SERVICE_MAX_LENGTH:
        raise InputError("input.service.too_long", length=len(service), maximum=SERVICE_MAX_LENGTH)
    return service
