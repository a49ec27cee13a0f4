"""The layers' import rules, read from the source (nothing is imported to check them).

- storage/ and paykeeper/ know nothing of the bot: no aiogram, no bot, no handlers;
- services (bot/services/) return data: no aiogram, and nothing that renders or talks to
  Telegram (handlers, views, keyboards, texts, middlewares, the Telegram adapter);
- views and keyboards never import handlers or middlewares;
- a handler module never imports another (handlers/__init__.py only gathers the routers);
- nothing imports from a conftest module: shared test code lives in tests/support/.

Every import counts, also one under ``if TYPE_CHECKING`` or inside a function."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).parents[2]
PACKAGES = ("bot", "handlers", "storage", "paykeeper", "tests")

# Where a module lives -> what it may not import (a module and everything under it).
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "storage": ("aiogram", "bot", "handlers"),
    "paykeeper": ("aiogram", "bot", "handlers"),
    "bot.services": (
        "aiogram",
        "handlers",
        "bot.views",
        "bot.keyboards",
        "bot.texts",
        "bot.middlewares",
        "bot.telegram",
    ),
    # What renders knows the data it renders, never who asks for it.
    "bot.views": ("handlers", "bot.middlewares"),
    "bot.keyboards": ("handlers", "bot.middlewares"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> Iterator[tuple[str, bool, str]]:
    """(module name, whether it is a package's __init__, source) of every module we own."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield module_name(path), path.name == "__init__.py", path.read_text(encoding="utf-8")


def imports(module: str, is_package: bool, source: str) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in ``source``; ``from a import b`` yields both
    ``a`` and ``a.b`` (b may be a module), relative imports resolved against ``module``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, node.lineno
            for alias in node.names:
                yield f"{base}.{alias.name}", node.lineno


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(found: Iterable[tuple[str, bool, str]]) -> list[str]:
    problems = []
    for module, is_package, source in found:
        for imported, line in imports(module, is_package, source):
            where = f"{module}:{line} imports {imported}"
            for layer, banned in FORBIDDEN.items():
                if within(module, layer) and any(within(imported, ban) for ban in banned):
                    problems.append(f"{where} ({layer} may not)")
            if (
                within(module, "handlers")
                and module != "handlers"
                and within(imported, "handlers")
                and imported != "handlers"
                and not within(imported, module)
            ):
                problems.append(f"{where} (a handler imports another)")
            if "conftest" in imported.split("."):
                problems.append(f"{where} (shared test code belongs in tests/support)")
    return sorted(set(problems))


def test_the_layers_import_only_what_they_may() -> None:
    assert violations(modules()) == []


def test_the_scan_reads_every_module() -> None:
    names = {module for module, _, _ in modules()}
    assert {"bot.services.bulk.service", "handlers.invoice_card", "storage", "tests.conftest"} <= (
        names
    )


def test_each_rule_catches_what_it_is_for() -> None:
    probes = [
        ("storage.invoices", False, "from bot.drafts import InvoiceDraft\n"),
        ("paykeeper.client", False, "import aiogram\n"),
        (
            "bot.services.alerts",
            False,
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from aiogram import Bot\n",
        ),
        ("bot.services.bulk.service", False, "from bot.texts import Texts\n"),
        ("bot.services.issuing", False, "def f():\n    from bot.views import outcomes\n"),
        ("handlers.invoice_card", False, "from handlers import invoice_form\n"),
        ("handlers.invoice_list", False, "from .invoice_card import press\n"),
        ("tests.unit.test_x", False, "from tests.e2e.conftest import bot_process\n"),
        ("tests.e2e.test_y", False, "from .conftest import chat\n"),
    ]
    found = violations(probes)
    assert {problem.split(":")[0] for problem in found} == {module for module, _, _ in probes}
    allowed = [
        ("handlers", True, "from handlers import bulk, invoice_card\n"),
        ("bot.services.bulk.service", False, "from storage.bulk import BulkRepository\n"),
        ("bot.views.bulk.summary", False, "from bot.services.bulk.summary import Summary\n"),
        ("handlers.bulk", False, "from bot.services.bulk import BulkService\n"),
    ]
    assert violations(allowed) == []
