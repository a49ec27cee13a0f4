"""aiogram FSM storage in the bot's SQLite file: a half-filled form, or a bulk file awaiting
confirmation, survives a restart. Data must be JSON (as it must for Redis in production);
storing anything else fails loudly here instead of silently in MemoryStorage."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from storage.form_state import FormStateRepository


def _key(key: StorageKey) -> str:
    parts = (
        key.bot_id,
        key.chat_id,
        key.user_id,
        key.thread_id or "",
        key.business_connection_id or "",
        key.destiny,
    )
    return ":".join(str(part) for part in parts)


class SQLiteStorage(BaseStorage):
    def __init__(self, states: FormStateRepository) -> None:
        self.states = states

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        await self.states.set_state(_key(key), name)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self.states.get(_key(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        text = json.dumps(dict(data), ensure_ascii=False, sort_keys=True)
        await self.states.set_data(_key(key), text)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, text = await self.states.get(_key(key))
        data: dict[str, Any] = json.loads(text)
        return data

    async def close(self) -> None:
        """Writes what waits (see storage/form_state.py); the database belongs to the
        application and is closed with it."""
        await self.states.flush()
