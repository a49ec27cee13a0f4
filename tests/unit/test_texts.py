"""The message catalogue: complete in both languages, and safe with any value."""

from __future__ import annotations

import string

import pytest

from bot.texts import CATALOG, Html, Texts, language_for
from storage import EventKind


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_both_languages_have_the_same_fields(key: str) -> None:
    entry = CATALOG[key]
    assert entry.ru.strip()
    assert entry.en.strip()
    assert fields(entry.ru) == fields(entry.en)


@pytest.mark.parametrize(
    ("code", "lang"),
    [("en", "en"), ("en-US", "en"), ("EN-gb", "en"), ("ru", "ru"), ("uk", "ru"), (None, "ru")],
)
def test_english_only_for_english_users(code: str | None, lang: str) -> None:
    assert language_for(code) == lang


def test_values_are_escaped_but_html_fragments_are_kept() -> None:
    texts = Texts("ru")
    rendered = texts("fail.rejected", message="<b>Счёт & co</b>")
    assert "&lt;b&gt;Счёт &amp; co&lt;/b&gt;" in rendered
    nested = texts("form.one_line_error", reason=Html("<b>ok</b>"))
    assert "<b>ok</b>" in nested


def test_every_reason_paykeeper_can_fail_for_is_worded() -> None:
    import re
    from pathlib import Path

    package = Path(__file__).parents[2] / "paykeeper"
    reasons = {
        reason
        for module in package.glob("*.py")
        for reason in re.findall(r'reason="(\w+)"', module.read_text(encoding="utf-8"))
    }
    assert {
        "connect",
        "timeout",
        "dropped",
        "server_error",
        "busy",
        "unexpected",
        "unreadable",
    } <= reasons
    for reason in reasons | {"auth_credentials", "auth_url", "unavailable"}:
        assert f"pk.reason.{reason}" in CATALOG


def test_every_event_an_invoice_records_has_its_line_in_the_history() -> None:
    missing = [kind for kind in EventKind if f"inv.hist.{kind}" not in CATALOG]
    assert missing == []
