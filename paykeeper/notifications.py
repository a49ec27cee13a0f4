"""Signatures of PayKeeper's payment notifications (POST-оповещения)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping


def _md5_hex(text: str) -> str:
    # MD5 is fixed by PayKeeper's protocol; usedforsecurity=False keeps it working on FIPS hosts.
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _require_secret(secret: str) -> None:
    if not secret:
        # With an empty secret anyone who knows the protocol could forge a payment.
        raise ValueError("the PayKeeper secret word is empty")


def notification_key(
    payment_id: str, amount: str, client_id: str, order_id: str, secret: str
) -> str:
    """``md5(id + sum + clientid + orderid + secret)``, lowercase hex of the UTF-8 bytes."""
    _require_secret(secret)
    return _md5_hex(payment_id + amount + client_id + order_id + secret)


def is_genuine(form: Mapping[str, str], secret: str) -> bool:
    """Whether a notification was signed with ``secret``; missing fields count as ""."""
    expected = notification_key(
        form.get("id", ""),
        form.get("sum", ""),
        form.get("clientid", ""),
        form.get("orderid", ""),
        secret,
    )
    received = form.get("key", "").strip().lower()
    # Bytes, because compare_digest refuses non-ASCII str (a forged key may contain any text).
    return hmac.compare_digest(expected.encode("ascii"), received.encode("utf-8"))


def acknowledgement(payment_id: str, secret: str) -> str:
    """The reply body PayKeeper needs; a bare "OK" leaves the payment "stuck" and retried."""
    _require_secret(secret)
    return "OK " + _md5_hex(payment_id + secret)
