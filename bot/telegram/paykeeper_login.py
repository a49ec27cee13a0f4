"""At start the bot asks PayKeeper for a token once, so a refused login is known to the admins
and the log before the first manager's invoice fails on it.

Admins are told in chat through the outbox, once per kind of failure and day (the notice's key
says both): a restart loop, or a unit restarting the bot all day, does not repeat it. An
unreachable PayKeeper is an outage, not a setting: it is logged, not sent."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime

from bot.services.health import LOGIN_REFUSED, WRONG_ADDRESS, paykeeper_problem
from bot.telegram.outbox import Outbox
from bot.texts import texts_for
from paykeeper import PayKeeperClient, PayKeeperError
from paykeeper.moscow import MSK
from storage.people import PeopleRepository

log = logging.getLogger(__name__)

_TEXT = {
    LOGIN_REFUSED: "ops.paykeeper_login_refused",
    WRONG_ADDRESS: "ops.paykeeper_wrong_address",
}


async def check_paykeeper_login(
    paykeeper: PayKeeperClient,
    outbox: Outbox,
    people: PeopleRepository,
    admins: Iterable[int],
    today: date | None = None,
) -> str | None:
    """None when PayKeeper gave a token; else the problem, as /healthz names it. Admins are
    told once per problem a Moscow day (``today``, by default the day now)."""
    today = today or datetime.now(MSK).date()
    try:
        await paykeeper.check()
    except PayKeeperError as error:
        problem = paykeeper_problem(error)
        detail = error.message  # never carries the password or the token
    else:
        log.info("PayKeeper: the login works")
        return None
    told = 0
    if key := _TEXT.get(problem):
        for admin in sorted(admins):
            texts = texts_for(await people.language(admin))
            notice = f"paykeeper-login:{problem}:{admin}:{today.isoformat()}"
            told += await outbox.put(notice, admin, (texts(key, detail=detail), None))
    log.warning("PayKeeper at start: %s (%s); admins told now: %d", problem, detail, told)
    return problem
