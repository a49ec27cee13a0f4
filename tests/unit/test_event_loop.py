"""The bot runs on uvloop where it is installed, on asyncio's loop where it is not."""

from __future__ import annotations

import asyncio
import sys

import pytest

from bot import event_loop


async def _loop_kind() -> str:
    await asyncio.sleep(0)
    return event_loop.name()


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="uvloop: Linux and macOS")
def test_runs_on_uvloop_where_installed() -> None:
    assert event_loop.run(_loop_kind()) == "uvloop"


def test_falls_back_to_asyncio_without_uvloop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import uvloop raises ImportError
    assert event_loop.run(_loop_kind()) == "asyncio"
