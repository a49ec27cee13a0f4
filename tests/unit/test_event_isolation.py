"""The per-user lock of event isolation: one update of a user at a time, and no lock left
behind once nobody holds or waits for it (strangers who write once cost nothing for good)."""

from __future__ import annotations

import asyncio

from aiogram.fsm.storage.base import StorageKey

from bot.event_isolation import DroppingEventIsolation


def key(user_id: int) -> StorageKey:
    return StorageKey(bot_id=1, chat_id=user_id, user_id=user_id)


async def test_no_lock_is_kept_after_many_users() -> None:
    isolation = DroppingEventIsolation()

    async def update(user_id: int) -> None:
        async with isolation.lock(key(user_id)):
            await asyncio.sleep(0)

    await asyncio.gather(*(update(user_id % 500) for user_id in range(2000)))
    assert isolation.keys_held() == 0


async def test_one_users_updates_run_one_at_a_time() -> None:
    isolation = DroppingEventIsolation()
    first_in, release = asyncio.Event(), asyncio.Event()
    second_in = asyncio.Event()

    async def first() -> None:
        async with isolation.lock(key(7)):
            first_in.set()
            await release.wait()

    async def second() -> None:
        async with isolation.lock(key(7)):
            second_in.set()

    tasks = [asyncio.create_task(first())]
    await first_in.wait()
    tasks.append(asyncio.create_task(second()))
    for _ in range(10):  # give the second every chance to get in
        await asyncio.sleep(0)
    assert not second_in.is_set()
    assert isolation.keys_held() == 1
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)
    assert second_in.is_set()
    assert isolation.keys_held() == 0


async def test_a_waiter_cancelled_leaves_no_lock_behind() -> None:
    isolation = DroppingEventIsolation()
    holding, release = asyncio.Event(), asyncio.Event()

    async def holder() -> None:
        async with isolation.lock(key(7)):
            holding.set()
            await release.wait()

    async def waiter() -> None:
        async with isolation.lock(key(7)):
            raise AssertionError("a cancelled waiter never gets in")

    held = asyncio.create_task(holder())
    await holding.wait()
    waiting = asyncio.create_task(waiter())
    for _ in range(5):
        await asyncio.sleep(0)
    waiting.cancel()
    release.set()
    await asyncio.wait_for(held, timeout=30)
    await asyncio.gather(waiting, return_exceptions=True)
    assert waiting.cancelled()
    assert isolation.keys_held() == 0
