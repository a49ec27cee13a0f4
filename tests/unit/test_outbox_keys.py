"""The outbox delivers each key once, ever: two occasions must never share a key."""

from __future__ import annotations

from datetime import date

from bot.services import outbox_keys as keys
from storage import InvoiceStatus


def every_key(n: int) -> list[str]:
    day = date(2026, 1, n)
    made = [keys.status_reached(status, n) for status in InvoiceStatus]
    made += [
        keys.paid_again(n, str(n)),
        keys.cabinet_refund(str(n)),
        keys.reminder(n),
        keys.digest(n, day),
        keys.team_digest(n, day),
        keys.issued(n),
        keys.issued_again(n, str(n)),
        keys.quick(n),
    ]
    return made + [keys.for_admin(key, n) for key in made]


def test_no_two_occasions_share_a_key() -> None:
    made = every_key(1) + every_key(2) + every_key(11)
    assert len(made) == len(set(made))


def test_an_occasion_is_its_key_whenever_it_is_noticed() -> None:
    assert every_key(3) == every_key(3)
    assert keys.digest(7, date(2026, 3, 1)) == "digest:7:2026-03-01"  # stored keys stay valid
