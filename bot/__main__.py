"""``python -m bot``: start the bot with long polling."""

from __future__ import annotations

import asyncio
import sys

from pydantic import ValidationError

from bot.app import run
from bot.logs import setup_logging
from bot.settings import Settings, StartupError, describe_errors


def main() -> int:
    try:
        settings = Settings()  # filled from the environment and .env
    except ValidationError as error:
        for line in describe_errors(error):
            print(f"{line} (see .env.example)", file=sys.stderr)  # noqa: T201
        return 2
    setup_logging(settings.log_level, settings.secrets())
    try:
        asyncio.run(run(settings))
    except StartupError as error:
        print(error, file=sys.stderr)  # noqa: T201
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
