"""Every text key the code uses is in the catalogue, and every catalogue key is used.

The code is read, not run: string literals in bot/ and handlers/ (the catalogue itself aside)
are the keys they name. A dotted literal (``"inv.stale"``) counts wherever it stands, since keys
travel in variables, tables and errors (``InputError("input.amount.empty")``); a key without a
dot (``"start"``) counts only as the first argument of a call to ``texts`` or ``.html``
(``texts("start")``), because words like that are everywhere. Keys built at run time are
f-strings with a literal prefix (``f"inv.status.{status}"``): each such prefix is declared in
DYNAMIC below, with the values it takes when they are known, so a new family of built keys is
a decision, not an accident."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.form_steps import FIELDS
from bot.keyboards.form import EXPIRY_CHOICES
from bot.services.bulk.columns import Field
from bot.services.bulk.skipping import Skip
from bot.services.reports import LineKind
from bot.texts import CATALOG
from storage import Delivery, InvoiceStatus
from storage.schedules import ScheduleStatus

ROOT = Path(__file__).parents[2]
CATALOGUE = ROOT / "bot" / "texts"
KEY_SHAPE = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")
# The first part of every dotted key: a literal starting with one of these is meant as a key.
FAMILIES = frozenset(key.split(".")[0] for key in CATALOG if "." in key)

STATUSES = [status.value for status in InvoiceStatus]
# Prefix -> the values code appends to it, or None where they come from outside (each such
# key is then counted as used: the fallbacks beside the code cover values it does not know).
DYNAMIC: dict[str, Collection[str] | None] = {
    # the command menu, bot/app.py
    "cmd.": ("invoice", "invoices", "payers", "schedules", "bulk", "cancel", "help"),
    "sch.btn.": ("monthly", "weekly", "days", "forever", "times", "until"),
    "sch.wd.": [str(day) for day in range(7)],
    "sch.wd_on.": [str(day) for day in range(7)],
    "sch.month.": [str(month) for month in range(1, 13)],
    "sch.status.": [status.value for status in ScheduleStatus],
    "field.": FIELDS,  # the summary's "change a field" buttons
    "btn.": [choice for choice in EXPIRY_CHOICES if choice != "none"],  # expiry shortcuts
    "inv.status.": STATUSES,
    "payer.ask_": ("email", "phone", "name"),  # correcting a payer, handlers/payers.py
    "inv.hist.": None,  # invoice_events.kind; an unknown kind is shown as inv.hist.other
    "pk.reason.": None,  # PayKeeperError.reason; tests/unit/test_texts.py checks every one
    "bulk.field.": [column.value for column in Field],
    "bulk.delivery.": [delivery.value for delivery in Delivery],
    "bulk.status.": STATUSES,
    "bulk.skip.": [kind.value for kind in Skip],
    "bulk.col.": ("invoice_id", "link", "status", "error", "order_id"),
    "bulk.result.": (
        "issued",
        "existing",
        "email_failed",
        "failed",
        "uncertain",
        "not_tried",
        "access_revoked",
        "invalid",
    ),
    "report.status.": STATUSES,
    "report.kind.": [kind.value for kind in LineKind],
}


@dataclass
class Uses:
    keys: dict[str, list[str]] = field(default_factory=dict)  # key -> where
    prefixes: dict[str, list[str]] = field(default_factory=dict)  # f-string prefix -> where

    def add(self, table: dict[str, list[str]], name: str, where: str) -> None:
        table.setdefault(name, []).append(where)


def sources() -> Iterator[tuple[str, str]]:
    """(where, source) of every module that may use texts: bot/ and handlers/."""
    for folder in (ROOT / "bot", ROOT / "handlers"):
        for path in sorted(folder.rglob("*.py")):
            if CATALOGUE not in path.parents:
                yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def _renders_text(call: ast.Call) -> bool:
    """``texts(...)``, ``self.texts(...)``, ``texts.html(...)``."""
    function = call.func
    name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
    return name in ("texts", "html")


def _fstring_prefix(node: ast.JoinedStr) -> str | None:
    """``"inv.status."`` for ``f"inv.status.{x}"``; None for an f-string that is no key."""
    first = node.values[0] if node.values else None
    if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
        return None
    prefix = first.value
    if "." not in prefix or prefix.split(".")[0] not in FAMILIES:
        return None
    return prefix


def read_uses(modules: Iterable[tuple[str, str]]) -> Uses:
    uses = Uses()
    for name, source in modules:
        tree = ast.parse(source, filename=name)
        in_fstrings = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        first_arguments = {
            id(node.args[0])
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and node.args and _renders_text(node)
        }
        for node in ast.walk(tree):
            where = f"{name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.JoinedStr):
                prefix = _fstring_prefix(node)
                if prefix is not None:
                    # Anything after the first value is a key shape no table here knows.
                    shape = prefix if len(node.values) == 2 else f"{prefix}…"
                    uses.add(uses.prefixes, shape, where)
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in in_fstrings
            ):
                text = node.value
                dotted = KEY_SHAPE.fullmatch(text) and text.split(".")[0] in FAMILIES
                called = text in CATALOG and "." not in text and id(node) in first_arguments
                if dotted or called:
                    uses.add(uses.keys, text, where)
    return uses


USES = read_uses(sources())


def built_keys() -> set[str]:
    """The catalogue keys the f-strings in the code can make."""
    found = set()
    for prefix in USES.prefixes:
        values = DYNAMIC.get(prefix)
        for key in CATALOG:
            if not key.startswith(prefix):
                continue
            if values is None or key.removeprefix(prefix) in values:
                found.add(key)
    return found


def test_the_scan_finds_keys_at_all() -> None:
    assert len(USES.keys) > 200
    assert "inv.stale" in USES.keys  # a literal in a table (handlers/invoice_card.py)
    assert "start" in USES.keys  # a key without a dot, as texts("start")
    assert "inv.status." in USES.prefixes


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    missing = {key: where for key, where in USES.keys.items() if key not in CATALOG}
    assert not missing, missing


def test_every_key_built_at_run_time_is_declared_and_in_the_catalogue() -> None:
    undeclared = {
        prefix: where for prefix, where in USES.prefixes.items() if prefix not in DYNAMIC
    }
    assert not undeclared, f"declare these prefixes in DYNAMIC: {undeclared}"
    missing = [
        prefix + value
        for prefix, values in DYNAMIC.items()
        if prefix in USES.prefixes and values is not None
        for value in values
        if prefix + value not in CATALOG
    ]
    assert not missing, missing


def test_every_declared_prefix_is_still_used() -> None:
    assert not DYNAMIC.keys() - USES.prefixes.keys()


def test_every_catalogue_key_is_used() -> None:
    unused = CATALOG.keys() - USES.keys.keys() - built_keys()
    assert not unused, sorted(unused)


def test_the_scan_sees_a_missing_key_and_a_built_one() -> None:
    source = (
        'texts("inv.no_such_text")\n'
        'texts(f"inv.status.{status}")\n'
        'texts.html(f"bulk.unheard_of.{kind}")\n'
        'log.info("start")\n'  # a word, not a use of the key "start"
        'texts("help")\n'
    )
    seen = read_uses([("probe.py", source)])
    assert set(seen.keys) == {"inv.no_such_text", "help"}
    assert set(seen.prefixes) == {"inv.status.", "bulk.unheard_of."}
