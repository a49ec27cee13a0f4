"""The last check before Telegram: whatever the text, what is sent fits Telegram's limits and
its HTML still parses (tags whole and closed)."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.limits import ELLIPSIS, fit_html, fit_plain, units
from tests.fakes.telegram import parse_html

TAGS = ("b", "i", "code", "u")


@st.composite
def rendered(draw: st.DrawFn) -> str:
    """Text as the views render it: escaped user text, some of it inside tags."""
    parts = draw(
        st.lists(st.tuples(st.sampled_from((*TAGS, "")), st.text(max_size=300)), max_size=40)
    )
    return "\n".join(
        f"<{tag}>{html.escape(text)}</{tag}>" if tag else html.escape(text) for tag, text in parts
    )


@settings(max_examples=150, deadline=None)
@given(rendered(), st.integers(min_value=2, max_value=600))
def test_html_is_cut_to_the_limit_and_still_parses(text: str, limit: int) -> None:
    fitted = fit_html(text, limit)
    plain, _ = parse_html(fitted)
    assert units(plain) <= limit
    if units(parse_html(text)[0]) <= limit:
        assert fitted == text
    else:
        assert plain.endswith(ELLIPSIS)
        assert parse_html(text)[0].startswith(plain[: -len(ELLIPSIS)])


def test_a_link_cut_in_its_text_keeps_its_tag_whole() -> None:
    text = '<b>Счёт</b> <a href="https://example.com/?a=1&amp;b=2">' + "ссылка " * 50 + "</a>"
    fitted = fit_html(text, 40)
    assert fitted.startswith('<b>Счёт</b> <a href="https://example.com/?a=1&amp;b=2">')
    assert fitted.endswith("…</a>")
    assert units(parse_html(fitted)[0]) <= 40


@given(st.text(max_size=500), st.integers(min_value=1, max_value=300))
def test_plain_text_is_cut_by_utf16_units(text: str, limit: int) -> None:
    fitted = fit_plain(text, limit)
    assert units(fitted) <= limit
    assert fitted == text or text.startswith(fitted[: -len(ELLIPSIS)])


def test_emoji_count_twice() -> None:
    assert units("😀") == 2
    assert fit_plain("😀" * 150, 200) == "😀" * 99 + ELLIPSIS
