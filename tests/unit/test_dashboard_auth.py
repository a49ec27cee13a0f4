"""The dashboard's sign-in: Telegram's initData signature, its age, and the role now."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from aiogram.utils.web_app import check_webapp_signature

from bot.dashboard.auth import DashboardAuth, Refused, Viewer, sign
from bot.services.access import Role, TeamAccess

TOKEN = "123456:AAH-test-token"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def init_data(
    user_id: int = 7, *, token: str = TOKEN, signed_at: datetime = NOW, lang: str = "ru"
) -> str:
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps({"id": user_id, "first_name": "Анна", "language_code": lang}),
        "auth_date": str(int(signed_at.timestamp())),
    }
    return urlencode({**fields, "hash": sign(token, fields)})


@pytest.fixture
def auth() -> DashboardAuth:
    access = TeamAccess(admin_ids=frozenset({1}), manager_ids=frozenset({7}))
    access.update(9, Role.MANAGER, suspended=True)
    access.update(5, Role.VIEWER, suspended=False)
    return DashboardAuth(TOKEN, access)


def test_valid_init_data_names_the_user_and_role(auth: DashboardAuth) -> None:
    assert auth.check(init_data(7), NOW) == Viewer(7, "Анна", "ru", Role.MANAGER)
    assert auth.check(init_data(1, lang="en-GB"), NOW) == Viewer(1, "Анна", "en", Role.ADMIN)
    assert auth.check(init_data(5), NOW + timedelta(hours=23)) == Viewer(
        5, "Анна", "ru", Role.VIEWER
    )


def test_our_signature_is_the_one_aiogram_checks() -> None:
    # aiogram's own implementation of Telegram's rule: a second, independent reading.
    assert check_webapp_signature(TOKEN, init_data())
    assert not check_webapp_signature("654321:other", init_data())


def test_known_answer_vector() -> None:
    # Computed once with Python's hmac from Telegram's published recipe and kept: a change in
    # the data-check string (order, separator, the key's derivation) breaks it.
    fields = {"auth_date": "1700000000", "query_id": "q1", "user": '{"id":42}'}
    assert sign("42:secret", fields) == KNOWN_HASH


KNOWN_HASH = "a453864b4fa2689cd8b537a4da6eb0eaeec8de395783b1e9fbdab315c11a4964"


@pytest.mark.parametrize(
    "data",
    [
        "",
        "garbage",
        "user=%7B%22id%22%3A7%7D&auth_date=1",  # no hash
        init_data(7).replace("hash=", "hash=0"),  # a hash changed
        init_data(7, token="654321:another-bots-token"),  # another bot's
        init_data(7).replace("%22id%22%3A+7", "%22id%22%3A+1"),  # the user changed: now an admin
        init_data(7) + "&auth_date=1",  # a field given twice
        init_data(7).replace("hash=", "hash=п"),  # not ASCII
        "x" * 5000,
    ],
)
def test_forged_init_data_is_refused(auth: DashboardAuth, data: str) -> None:
    assert auth.check(data, NOW) is Refused.FORGED


def test_init_data_older_than_a_day_is_expired(auth: DashboardAuth) -> None:
    old = init_data(7, signed_at=NOW - timedelta(days=1, seconds=1))
    assert auth.check(old, NOW) is Refused.EXPIRED


def test_strangers_and_suspended_members_have_no_access(auth: DashboardAuth) -> None:
    assert auth.check(init_data(404), NOW) is Refused.NO_ACCESS
    assert auth.check(init_data(9), NOW) is Refused.NO_ACCESS
