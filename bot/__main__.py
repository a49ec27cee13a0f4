"""``python -m bot``: check the settings, then start the bot with long polling.

Settings are checked before aiogram and the rest of the app are imported (seconds on a small
machine), so a missing or malformed setting is reported at once."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.logs import setup_logging
from bot.settings import ENV_FILE, Settings, StartupError, describe_errors, env_file_note


def refuse(*lines: str) -> int:
    for line in lines:
        print(line, file=sys.stderr)  # noqa: T201
    return 2


def main() -> int:
    try:
        settings = Settings()  # filled from the environment and .env
    except ValidationError as error:
        return refuse(*describe_errors(error), env_file_note())
    except UnicodeDecodeError:
        return refuse(f"Cannot read {Path(ENV_FILE).absolute()}: it is not UTF-8 text")
    except OSError as error:  # a .env that is a folder or that the bot may not read
        return refuse(f"Cannot read {Path(ENV_FILE).absolute()}: {error.strerror or error}")
    setup_logging(settings.log_level, settings.secrets())
    try:
        from bot.app import run  # the heavy part: aiogram, aiohttp, every handler

        asyncio.run(run(settings))
    except StartupError as error:
        return refuse(str(error))
    except KeyboardInterrupt:  # Ctrl-C before the bot handles signals itself: a plain stop
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
