"""The docs hold together: every relative link and #anchor in README.md and docs/*.md leads
somewhere, and docs/setup.md documents exactly the settings the bot reads and .env.example
lists, no more and no fewer.

Anchors follow GitHub's rules for headings: lowercase, punctuation dropped (letters of any
script, digits, `_`, `-` and spaces kept), spaces turned into `-`, and a repeated heading
given `-1`, `-2`... in order."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from pydantic import AliasChoices, BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.settings import Settings

ROOT = Path(__file__).parents[2]
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# [text](target) and ![alt](target); the target ends at whitespace (an optional "title" after).
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
SETTING = re.compile(r"`([A-Z][A-Z0-9_]*)`")


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks (a `#` in a shell example is no heading)."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text (before duplicates are numbered)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link: its text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").lower()
    text = "".join(char for char in text if char.isalnum() or char in " -_")
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose_lines(text):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match[2])
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(text: str) -> list[str]:
    """Link targets in prose, code spans left out (`[x](y)` in backticks is not a link)."""
    targets: list[str] = []
    for line in prose_lines(text):
        targets += LINK.findall(CODE_SPAN.sub("", line))
    return targets


def broken_links(document: Path) -> list[str]:
    """Each relative link of ``document`` that names a missing file or a missing anchor."""
    problems = []
    for target in links(document.read_text(encoding="utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # https:, mailto: ...
            continue
        path, _, anchor = target.partition("#")
        destination = (document.parent / path).resolve() if path else document
        if not destination.exists():
            problems.append(f"{target}: no such file")
            continue
        if anchor and destination.suffix == ".md":
            if anchor not in anchors(destination.read_text(encoding="utf-8")):
                problems.append(f"{target}: no heading with this anchor")
        elif anchor:
            problems.append(f"{target}: an anchor into a file that is not Markdown")
    return problems


# --- The checker itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Quick start", "quick-start"),
        ("Health: /healthz and /livez", "health-healthz-and-livez"),
        ("Many invoices from a file (/bulk)", "many-invoices-from-a-file-bulk"),
        ("Receipts, refunds and cash", "receipts-refunds-and-cash"),
        ("`DEFAULT_TAX` and 54-FZ", "default_tax-and-54-fz"),
        ("Счета и оплаты — как это работает", "счета-и-оплаты--как-это-работает"),
        ("Where [the money](x.md) goes?", "where-the-money-goes"),
    ],
)
def test_slugs_follow_github(heading: str, expected: str) -> None:
    assert slug(heading) == expected


def test_repeated_headings_are_numbered_and_code_is_not_a_heading() -> None:
    text = "# Logs\n## Logs\n```sh\n# Logs\n```\n### Logs\n"
    assert anchors(text) == {"logs", "logs-1", "logs-2"}


def test_the_checker_finds_a_missing_file_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Backups and restore\n", encoding="utf-8")
    (tmp_path / "page.md").write_text(
        "# Page\n"
        "[ok](other.md#backups-and-restore) [ok](#page) [web](https://example.com/#x)\n"
        "[gone](missing.md) [anchor](other.md#backups) [here](#nowhere)\n"
        "`[not a link](nowhere.md)`\n"
        "```\n[nor this](nowhere.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(tmp_path / "page.md") == [
        "missing.md: no such file",
        "other.md#backups: no heading with this anchor",
        "#nowhere: no heading with this anchor",
    ]


# --- The docs -----------------------------------------------------------------------------


def test_the_docs_map_is_there() -> None:
    names = {path.name for path in documents()}
    expected = {"setup.md", "managers.md", "bulk-files.md", "admins.md", "operations.md"}
    assert expected | {"architecture.md", "performance.md", "README.md"} <= names


@pytest.mark.parametrize("document", documents(), ids=lambda path: path.name)
def test_every_relative_link_and_anchor_resolves(document: Path) -> None:
    assert broken_links(document) == []


def test_the_readme_links_every_page_of_the_docs() -> None:
    readme = links((ROOT / "README.md").read_text(encoding="utf-8"))
    linked = {target.partition("#")[0] for target in readme}
    pages = {f"docs/{path.name}" for path in (ROOT / "docs").glob("*.md")}
    assert pages - linked == set(), "pages of docs/ the README's map leaves out"


# --- Settings: docs/setup.md, the settings model and .env.example agree --------------------


def env_names(model: type[BaseModel], prefix: str = "") -> set[str]:
    """The environment variable of every field of ``model`` and the models it nests (a group
    of settings keeps its fields' names, or reads them under its own ``env_prefix``)."""
    names: set[str] = set()
    for name, field in model.model_fields.items():
        kind = field.annotation
        if inspect.isclass(kind) and issubclass(kind, BaseModel):
            own = kind.model_config.get("env_prefix", "") if issubclass(kind, BaseSettings) else ""
            names |= env_names(kind, prefix + str(own or ""))
            continue
        alias = field.validation_alias or field.alias
        if isinstance(alias, AliasChoices):
            alias = next((choice for choice in alias.choices if isinstance(choice, str)), None)
        names.add(alias.upper() if isinstance(alias, str) else (prefix + name).upper())
    return names


def setup_section(heading: str) -> str:
    """The text of docs/setup.md under ``## heading``, down to the next ``## ``."""
    text = (ROOT / "docs" / "setup.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def table_rows(section: str) -> dict[str, str]:
    """Setting name -> the rest of its table row, for each row whose first cell names some."""
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|") or len(cells) < 3:
            continue
        for name in SETTING.findall(cells[0]):
            assert name not in rows, f"{name} is documented twice"
            rows[name] = " | ".join(cells[1:])
    return rows


def env_example() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


class _Web(BaseModel):
    web_port: int | None = None
    secret: str = Field("", validation_alias=AliasChoices("PAYKEEPER_SECRET", "secret"))


class _PayKeeper(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="paykeeper_")
    url: str = ""


class _Grouped(BaseSettings):
    bot_token: str = ""
    web: _Web = Field(default_factory=_Web)
    paykeeper: _PayKeeper = Field(default_factory=_PayKeeper)


def test_settings_in_groups_keep_their_environment_names() -> None:
    assert env_names(_Grouped) == {"BOT_TOKEN", "WEB_PORT", "PAYKEEPER_SECRET", "PAYKEEPER_URL"}


def test_the_settings_model_is_read_whole() -> None:
    names = env_names(Settings)
    # Fields from every part of the model: the bot's own, the web mixin's, the database's.
    assert {"BOT_TOKEN", "WEB_PORT", "DATABASE_PATH", "RECEIPTS"} <= names
    assert len(names) >= 40


def test_setup_documents_every_setting_and_only_settings() -> None:
    documented = set(table_rows(setup_section("Every setting")))
    settings = env_names(Settings)
    assert settings - documented == set(), "settings docs/setup.md does not document"
    assert documented - settings == set(), "documented as settings, but the bot reads none"


def test_env_example_lists_the_settings_and_the_proxys_own_names() -> None:
    example = set(env_example())
    settings = env_names(Settings)
    proxy = set(table_rows(setup_section("Read by the proxy, not the bot")))
    assert proxy
    assert not proxy & settings
    assert example == settings | proxy, (example - settings - proxy, settings | proxy - example)


def test_documented_defaults_are_env_examples_values() -> None:
    """Where .env.example fills in a value, it is the default the table gives."""
    rows = table_rows(setup_section("Every setting"))
    for name, value in env_example().items():
        if value and name in rows:
            default = rows[name].split(" | ")[0]
            assert f"`{value}`" in default, f"{name}: .env.example has {value}, docs {default}"
