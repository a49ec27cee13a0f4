"""Signatures of PayKeeper's payment notifications, checked against the documented vectors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paykeeper import acknowledgement, is_genuine, notification_key
from tests.fakes.paykeeper import FakePayKeeper

SECRET = "s3cr3t"

# (id, sum, clientid, orderid, key, reply) from paykeeper-api.md.
VECTORS = [
    (
        "301",
        "100.00",
        "Иванов Иван",
        "tg-42-1",
        "f208ed35098294d85a8ae0fdb31b8372",
        "OK ae837258fb03b8e2c6d4873963f2d56b",
    ),
    (
        "12345",
        "1500.50",
        "",
        "order-7",
        "7af6d5344668b7500a1e04fc99b664ec",
        "OK f4c786e807c7ef9131a56f9dfe43a9ea",
    ),
]


def form_of(vector: tuple[str, ...]) -> dict[str, str]:
    payment_id, amount, client_id, order_id, key, _ = vector
    return {
        "id": payment_id,
        "sum": amount,
        "clientid": client_id,
        "orderid": order_id,
        "key": key,
    }


@pytest.mark.parametrize("vector", VECTORS)
def test_known_answer_key(vector: tuple[str, ...]) -> None:
    payment_id, amount, client_id, order_id, key, _ = vector
    assert notification_key(payment_id, amount, client_id, order_id, SECRET) == key


@pytest.mark.parametrize("vector", VECTORS)
def test_known_answer_reply(vector: tuple[str, ...]) -> None:
    assert acknowledgement(vector[0], SECRET) == vector[5]


@pytest.mark.parametrize("vector", VECTORS)
def test_known_answer_is_genuine(vector: tuple[str, ...]) -> None:
    form = form_of(vector) | {"service_name": "Консультация", "card_number": "4111"}
    assert is_genuine(form, SECRET)


def test_missing_field_counts_as_empty() -> None:
    form = form_of(VECTORS[1])
    del form["clientid"]
    assert is_genuine(form, SECRET)


@pytest.mark.parametrize(
    "forgery",
    [
        {"sum": "1000.00"},  # amount changed
        {"sum": "100"},  # same number, other text: the signature covers the text
        {"orderid": "tg-42-2"},
        {"clientid": "Иванов  Иван"},
        {"id": "302"},
        {"key": "f208ed35098294d85a8ae0fdb31b8373"},
        {"key": ""},
        {"key": "ключ"},  # non-ASCII must not raise inside compare_digest
        {"key": "f208ed35098294d85a8ae0fdb31b8372f208"},
    ],
)
def test_forgeries_are_refused(forgery: dict[str, str]) -> None:
    assert not is_genuine(form_of(VECTORS[0]) | forgery, SECRET)


def test_missing_key_or_wrong_secret_is_refused() -> None:
    form = form_of(VECTORS[0])
    assert not is_genuine(form, "other-secret")
    del form["key"]
    assert not is_genuine(form, SECRET)
    assert not is_genuine({}, SECRET)


def test_uppercase_hex_key_is_accepted() -> None:
    form = form_of(VECTORS[0])
    form["key"] = form["key"].upper()
    assert is_genuine(form, SECRET)


def test_empty_secret_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="secret"):
        is_genuine(form_of(VECTORS[0]), "")
    with pytest.raises(ValueError, match="secret"):
        acknowledgement("301", "")


def test_reply_is_not_a_bare_ok() -> None:
    reply = acknowledgement("301", SECRET)
    assert reply.startswith("OK ")
    assert len(reply) == 3 + 32
    assert reply != acknowledgement("302", SECRET)


# Any text UTF-8 can encode (lone surrogates cannot arrive in a form).
chars = st.characters(codec="utf-8")
text = st.text(chars, max_size=40)


@given(text, text, text, text, st.text(chars, min_size=1, max_size=20))
def test_signed_forms_verify_and_tampering_fails(
    payment_id: str, amount: str, client_id: str, order_id: str, secret: str
) -> None:
    key = notification_key(payment_id, amount, client_id, order_id, secret)
    form = {"id": payment_id, "sum": amount, "clientid": client_id, "orderid": order_id}
    assert len(key) == 32
    assert key == key.lower()
    assert is_genuine(form | {"key": key}, secret)
    tampered = form | {"sum": amount + "0", "key": key}
    assert not is_genuine(tampered, secret)


def test_fake_notifications_are_signed_like_paykeeper() -> None:
    fake = FakePayKeeper(secret=SECRET)
    fake.invoices["20260101120000001"] = {
        "id": "20260101120000001",
        "status": "created",
        "pay_amount": "100.00",
        "clientid": "Иванов Иван",
        "orderid": "tg-42-1",
        "paymentid": None,
        "service_name": "",
        "client_email": "",
        "client_phone": "",
        "expiry_datetime": None,
        "created_datetime": "2026-01-01 12:00:00",
        "paid_datetime": None,
    }
    form = fake.mark_paid("20260101120000001", payment_id="301")
    assert form["key"] == VECTORS[0][4]
    assert is_genuine(form, SECRET)
    assert fake.invoices["20260101120000001"]["status"] == "paid"
