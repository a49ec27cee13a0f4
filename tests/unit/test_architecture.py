"""The layers' import rules hold over the whole tree, and each rule catches what it is for.

The rules and the checker are in tests/support/architecture.py; the probes below feed the
checker synthetic modules with one forbidden import each and see it refused."""

from __future__ import annotations

import pytest

from tests.support.architecture import (
    Module,
    parse,
    rule_cycles,
    tree,
    unit_of,
    violations,
)
from tests.support.layers import ANY, GUARDED, RULES


def test_the_whole_tree_keeps_the_rules() -> None:
    assert violations(tree()) == []


def test_every_package_and_root_module_has_its_rule() -> None:
    units = {unit_of(module.name) for module in tree()}
    assert units == set(RULES), "a unit without a rule, or a rule for a unit that is gone"
    assert {"bot.metrics", "bot.services", "bot.__main__", "handlers", "storage"} <= units


def test_the_rules_themselves_allow_no_cycle() -> None:
    assert rule_cycles() == []


def _forbidden_for(unit: str) -> str:
    """An import the unit's rule refuses."""
    allowed = RULES[unit]
    for candidate in ("aiogram", "handlers", "bot.composition", "bot.app", "bot.__main__"):
        if candidate != unit and candidate not in allowed:
            return candidate
    raise AssertionError(f"{unit} may import everything")  # pragma: no cover


def _probe(unit: str) -> str:
    """A module of the unit: the root module itself, or a new module in the package."""
    root_module = unit.startswith("bot.") and unit.count(".") == 1
    return unit if root_module or unit == "bot" else f"{unit}.probe"


@pytest.mark.parametrize("unit", sorted(unit for unit in RULES if RULES[unit] is not ANY))
def test_each_units_rule_refuses_an_import_it_does_not_list(unit: str) -> None:
    forbidden = _forbidden_for(unit)
    name = f"{forbidden}.x" if forbidden not in GUARDED else f"{forbidden}.types"
    probe = parse(_probe(unit), unit == "bot", f"import {name}\n")
    assert any(f"may not import {forbidden}" in problem for problem in violations([probe])), unit


def test_a_unit_without_a_rule_is_refused() -> None:
    found = violations([parse("bot.newcomer", False, "import json\n")])
    assert found == ["bot.newcomer (unit bot.newcomer has no rule)"]


def test_the_named_rules_catch_what_they_are_for() -> None:
    probes = [
        ("storage.invoices", "from bot.drafts import InvoiceDraft\n"),
        ("paykeeper.client", "import aiogram\n"),
        (
            "bot.services.alerts",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from aiogram import Bot\n",
        ),
        ("bot.services.bulk.service", "from bot.texts import Texts\n"),
        ("bot.services.issuing", "def f():\n    from bot.views import outcomes\n"),
        ("bot.metrics", "from bot.form_summary import InvoiceForm\n"),
        ("bot.views.alerts", "from bot.telegram.outbox import Outbox\n"),
        ("bot.keyboards.bulk", "from bot.views.bulk.messages import final_text\n"),
        ("handlers.invoice_card", "from handlers import invoice_form\n"),
        ("handlers.invoice_list", "from .invoice_card import press\n"),
        ("tests.unit.test_x", "from tests.e2e.conftest import bot_process\n"),
        ("tests.e2e.test_y", "from .conftest import chat\n"),
    ]
    found = violations([parse(name, False, source) for name, source in probes])
    assert {problem.split(":")[0].split(" ")[0] for problem in found} == {n for n, _ in probes}


def test_what_the_rules_allow_passes() -> None:
    allowed = [
        ("handlers", True, "from handlers import bulk, invoice_card\n"),
        ("bot.services.bulk.service", False, "from storage.bulk import BulkRepository\n"),
        ("bot.views.bulk.summary", False, "from bot.services.bulk.summary import Summary\n"),
        ("handlers.bulk", False, "from bot.services.bulk import BulkService\n"),
        ("bot.middlewares.log_context", False, "from bot import logs\n"),
        ("tests.unit.test_x", False, "from handlers import invoice_card\nimport aiogram\n"),
    ]
    modules = [parse(*module) for module in allowed]
    modules += [Module("bot.logs"), Module("handlers.bulk"), Module("handlers.invoice_card")]
    assert violations(modules) == []


def test_a_chain_of_allowed_steps_to_aiogram_is_caught_where_it_starts() -> None:
    # parsing may not import aiogram (caught there); services may import parsing, and so
    # would reach aiogram through it: that is reported for the service as well.
    found = violations(
        [
            parse("bot.parsing.probe", False, "from aiogram.types import Message\n"),
            parse("bot.services.probe", False, "from bot.parsing.probe import read\n"),
        ]
    )
    assert (
        "bot.services.probe reaches aiogram through bot.services.probe -> bot.parsing.probe "
        "-> aiogram" in found
    )


def test_a_cycle_between_units_is_refused() -> None:
    found = violations(
        [
            parse("bot.views.probe", False, "from bot.telegram.probe import send\n"),
            parse("bot.telegram.probe", False, "from bot.views.probe import render\n"),
        ]
    )
    assert "units import one another in a cycle: bot.telegram, bot.views" in found


def test_a_cycle_between_modules_as_they_load_is_refused_and_a_deferred_one_is_not() -> None:
    loading = violations(
        [
            parse("bot.services.a", False, "from bot.services.b import x\n"),
            parse("bot.services.b", False, "from bot.services.a import y\n"),
        ]
    )
    assert loading == [
        "modules import one another in a cycle as they load: bot.services.a, bot.services.b"
    ]
    deferred = violations(
        [
            parse("bot.services.a", False, "from bot.services.b import x\n"),
            parse(
                "bot.services.b",
                False,
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from bot.services.a import Y\ndef f():\n    from bot.services.a import y\n",
            ),
        ]
    )
    assert deferred == []
