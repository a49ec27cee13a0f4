"""The outbox's keys, built here and nowhere else: a key names an occasion, and the outbox
delivers each key once, ever (storage/notices.py). Two builders never make the same key: each
starts with its own word, and none of them is a prefix of another's."""

from __future__ import annotations

from datetime import date

from storage import InvoiceStatus


def status_reached(status: InvoiceStatus, invoice_id: int) -> str:
    """An invoice paid, expired, cancelled, found or not created: told once."""
    return f"{status.value}:{invoice_id}"


def paid_again(invoice_id: int, payment_id: str) -> str:
    return f"paid_again:{invoice_id}:{payment_id}"


def for_admin(key: str, admin_id: int) -> str:
    """An admin's copy of an alert whose own key names its manager's."""
    return f"{key}:{admin_id}"


def cabinet_refund(refund_id: str) -> str:
    return f"cabinet_refund:{refund_id}"


def reminder(invoice_id: int) -> str:
    return f"reminder:{invoice_id}"


def digest(manager_id: int, day: date) -> str:
    return f"digest:{manager_id}:{day.isoformat()}"


def team_digest(recipient_id: int, day: date) -> str:
    return f"team-digest:{recipient_id}:{day.isoformat()}"


def issued(invoice_id: int) -> str:
    """The result of issuing, when the message showing it could not be delivered."""
    return f"issued:{invoice_id}"


def issued_again(invoice_id: int, press_id: str) -> str:
    """A press on a summary already issued: each press is answered once."""
    return f"issued-again:{invoice_id}:{press_id}"


def quick(invoice_id: int) -> str:
    """An inline invoice's link, sent privately when the posted message could not show it."""
    return f"quick:{invoice_id}"
