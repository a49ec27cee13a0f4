"""The team's controls against the team's own members: no change from /team leaves the bot
without an active admin, even when admins press at once; suspending a manager stops their
running file; making a manager a viewer refuses what of theirs waited for approval, and an
approval a stop cut off is not carried out for a manager who may no longer issue (real
dispatcher, Bot API stand-in, PayKeeper stand-in, real SQLite)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from decimal import Decimal

import pytest

from bot.keyboards.team import TeamAction, TeamCallback
from bot.services.access import Role
from bot.settings import Settings
from bot.telegram.bulk_reports import TelegramBulkReports
from storage.approvals import ApprovalStatus
from tests.dialogue.test_approvals import cards, hold, rows, start_again
from tests.dialogue.test_bulk import document, previews, upload, wait_result
from tests.dialogue.test_report import issue
from tests.dialogue.test_team import NEWCOMER, SECOND_ADMIN, grant
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import User
from tests.support.bulk_samples import HEADER_RU, as_dicts, order_rows, read_csv, to_csv
from tests.support.chat import ADMIN, MANAGER, Chat


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "admin_ids": frozenset({ADMIN.id, SECOND_ADMIN.id}),
            "manager_ids": frozenset({MANAGER.id}),
            "bulk_concurrency": 1,  # one row at a time: a test can act between two rows
            "approval_amount": Decimal(100000),
        }
    )


@pytest.fixture(autouse=True)
def quick_progress(chat: Chat) -> None:
    reports = chat.services.bulk.reports
    assert isinstance(reports, TelegramBulkReports)
    reports.interval = 0.05


async def until(condition: Callable[[], bool]) -> None:
    """Wait for what the stand-ins record (they have no event for it), with a ceiling."""
    async with asyncio.timeout(30):
        while not condition():  # noqa: ASYNC110 - the stand-ins have no event for it
            await asyncio.sleep(0.01)


async def on_members_card(chat: Chat, user: User, button: str) -> None:
    """ADMIN opens /team, then ``user``'s card, and presses ``button`` on it."""
    [listing] = await chat.say(ADMIN, "/team")
    await chat.press_text(ADMIN, listing, user.first_name)
    await chat.press_text(ADMIN, listing, button)


async def suspend_from_team(chat: Chat, user: User) -> None:
    await on_members_card(chat, user, "Приостановить")
    assert chat.answers()[-1]["text"].startswith("Доступ приостановлен")


@pytest.fixture
async def admins_from_chat(chat: Chat) -> AsyncIterator[Chat]:
    """ADMIN and SECOND_ADMIN are admins, but no longer in ADMIN_IDS: changeable from chat."""
    await chat.say(ADMIN, "/help")  # the bot learns both names
    await chat.say(SECOND_ADMIN, "/help")
    settings = chat.services.settings.model_copy(update={"admin_ids": frozenset()})
    restarted = await chat.restarted(settings)
    yield restarted
    await restarted.services.close()


async def press_at_once(chat: Chat, *presses: tuple[User, TeamCallback]) -> None:
    [listing] = await chat.say(ADMIN, "/team")
    await asyncio.gather(
        *(
            chat.feed(chat.telegram.press(user, listing, data.pack(), strict=False))
            for user, data in presses
        )
    )


def active_admins(chat: Chat) -> list[int]:
    return chat.services.access.admins()


async def test_two_admins_demoting_each_other_at_once_leave_one(
    admins_from_chat: Chat,
) -> None:
    chat = admins_from_chat
    assert active_admins(chat) == [ADMIN.id, SECOND_ADMIN.id]
    await press_at_once(
        chat,
        (ADMIN, TeamCallback(action=TeamAction.ROLE, user=SECOND_ADMIN.id, role=Role.VIEWER)),
        (SECOND_ADMIN, TeamCallback(action=TeamAction.SUSPEND, user=ADMIN.id)),
    )
    assert len(active_admins(chat)) == 1
    alerts = [answer.get("text") for answer in chat.answers()]
    assert "Тогда не останется ни одного администратора: сначала назначьте другого" in alerts
    # The table says the same as the access check's copy.
    members = {m.user_id: m for m in await chat.services.team.members()}
    assert [
        uid for uid, m in members.items() if m.role == Role.ADMIN and not m.suspended
    ] == active_admins(chat)


async def test_suspension_stops_the_members_running_file(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await grant(chat, NEWCOMER, Role.MANAGER)
    await issue(chat, MANAGER, "1500", "Аудит")  # PayKeeper's token is fetched by now
    [summary] = await upload(chat, NEWCOMER, "orders.csv", to_csv(HEADER_RU, order_rows(6)))
    paykeeper.held = asyncio.Event()  # PayKeeper holds the first row's request
    after, sent = len(chat.telegram.calls), len(previews(paykeeper))
    await chat.press_text(NEWCOMER, summary, "🔗")
    await until(lambda: len(previews(paykeeper)) == sent + 1)

    await suspend_from_team(chat, NEWCOMER)
    paykeeper.held.set()
    result = await wait_result(chat, NEWCOMER, after, "Result")

    assert len(previews(paykeeper)) == sent + 1  # the row in flight, and no other
    table = as_dicts(read_csv(document(result).content, encoding="utf-8-sig"))
    assert [row["Status"] for row in table] == ["created"] + ["stopped: access revoked"] * 5
    caption = str(result.params["caption"])
    assert "Stopped, access revoked: 5" in caption
    stopped = [m.text or "" for m in chat.telegram.chat_messages(NEWCOMER.id)]
    assert any("stopped at <b>1 / 6</b>" in text or "stopped at 1 / 6" in text for text in stopped)
    assert any("revoked access to the bot" in text for text in stopped)


async def test_a_manager_made_a_viewer_has_what_waited_refused(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await grant(chat, NEWCOMER, Role.MANAGER)
    await hold(chat, NEWCOMER)
    [card] = cards(chat, ADMIN)
    approve = next(b["callback_data"] for b in card.buttons if "Одобрить" in b["text"])

    await on_members_card(chat, NEWCOMER, "наблюдателем")
    assert chat.answers()[-1]["text"] == "Роль изменена: наблюдатель"
    assert rows(chat, "SELECT status, decided_by FROM approvals") == [("rejected", ADMIN.id)]
    for admin in (ADMIN, SECOND_ADMIN):
        [shown] = cards(chat, admin)
        assert "❌ Анна отклонил(а)" in (shown.text or "")
        assert shown.buttons == []
    told = chat.last(NEWCOMER).text or ""
    assert told.replace("\xa0", " ") == (
        "❌ You are a viewer now: your request for RUB 150,000.00 waiting for approval was "
        "refused — nothing was issued."
    )
    # A press on a card still open elsewhere issues nothing in a viewer's name.
    await chat.feed(chat.telegram.press(ADMIN, card, approve, strict=False))
    assert paykeeper.invoices == {}


async def test_an_approval_cut_off_is_not_carried_out_for_a_suspended_manager(
    chat: Chat, paykeeper: FakePayKeeper
) -> None:
    await grant(chat, NEWCOMER, Role.MANAGER)
    await hold(chat, NEWCOMER)
    [(approval_id,)] = rows(chat, "SELECT id FROM approvals")
    # The admin's press decided it; the manager was suspended before it was carried out.
    repository = chat.services.approvals.repository
    assert await repository.decide(approval_id, ApprovalStatus.APPROVED, ADMIN.id)
    await suspend_from_team(chat, NEWCOMER)

    await start_again(chat)
    assert paykeeper.invoices == {}
    assert rows(chat, "SELECT status, decided_by FROM approvals") == [("pending", None)]
    [card] = cards(chat, ADMIN)
    assert card.buttons  # still to decide: rejected, or approved once access is back
