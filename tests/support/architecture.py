"""The layers' import rules and the checker that reads them from the source (nothing is imported).

A *unit* is a top-level package (storage, paykeeper, handlers, tests) or one child of ``bot``
(a root module such as ``bot.metrics``, or a package such as ``bot.services``). Every unit has a
rule: the units it may import, and whether it may touch the Telegram framework (aiogram) or the
HTTP library (aiohttp). What is not listed is refused. On top of the rules:

- nothing that may not import aiogram reaches it through any chain of imports;
- units import one another without a cycle, and modules without a cycle as they load (an import
  under ``if TYPE_CHECKING`` or inside a function does not run then, so it may close a loop);
- a handler module never imports another (handlers/__init__.py only gathers the routers);
- nothing imports from a conftest module: shared test code lives in tests/support/.

Every import counts for the rules, also one under ``if TYPE_CHECKING`` or inside a function."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.layers import ANY, GUARDED, RULES

ROOT = Path(__file__).parents[2]
PACKAGES = ("bot", "handlers", "storage", "paykeeper", "tests")


@dataclass(frozen=True)
class Import:
    name: str  # as written, resolved against relative dots: "bot.views.alerts.alert_message"
    line: int
    deferred: bool  # under ``if TYPE_CHECKING`` or in a function: not run as the module loads


@dataclass(frozen=True)
class Module:
    name: str
    imports: tuple[Import, ...] = field(default=())


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def parse(name: str, is_package: bool, source: str) -> Module:
    """Every import of ``source``; ``from a import b`` is read as ``a.b`` (b may be a module)."""
    tree = ast.parse(source)
    deferred = {
        id(inner)
        for node in ast.walk(tree)
        for body in _deferred_bodies(node)
        for statement in body
        for inner in ast.walk(statement)
    }
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(a.name, node.lineno, id(node) in deferred) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found += [
                Import(f"{base}.{a.name}", node.lineno, id(node) in deferred) for a in node.names
            ]
    return Module(name, tuple(found))


def _deferred_bodies(node: ast.AST) -> list[list[ast.stmt]]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return [node.body]
    if isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    ):
        return [node.body]
    return []


def tree() -> list[Module]:
    """Every module we own, as it is on disk."""
    return [
        parse(module_name(path), path.name == "__init__.py", path.read_text(encoding="utf-8"))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    ]


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def unit_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "bot" and len(parts) > 1 else parts[0]


class Graph:
    """The imports of a set of modules, resolved to the modules (and guarded libraries) named."""

    def __init__(self, modules: Iterable[Module]) -> None:
        self.modules = {module.name: module for module in modules}

    def target(self, imported: str) -> str | None:
        """The module of ours an import names (its longest known prefix, or the name itself
        when none is known), a guarded library, or None for any other library."""
        top = imported.split(".")[0]
        if top in GUARDED:
            return top
        name = imported
        while name and name not in self.modules:
            name = name.rpartition(".")[0]
        return name or (imported if top in PACKAGES else None)

    def edges(self, module: str, *, at_load: bool = False) -> Iterator[tuple[str, Import]]:
        for imported in self.modules[module].imports:
            target = self.target(imported.name)
            if target and target != module and not (at_load and imported.deferred):
                yield target, imported


def violations(modules: Iterable[Module]) -> list[str]:
    graph = Graph(modules)
    problems: list[str] = []
    for module in graph.modules:
        problems += _rule_breaks(graph, module)
    problems += _reaching_aiogram(graph)
    problems += _unit_cycles(graph)
    problems += _module_cycles(graph)
    return sorted(set(problems))


def _rule_breaks(graph: Graph, module: str) -> Iterator[str]:
    unit = unit_of(module)
    allowed = RULES.get(unit)
    if allowed is None:
        yield f"{module} (unit {unit} has no rule)"
        return
    for imported in graph.modules[module].imports:
        where = f"{module}:{imported.line} imports {imported.name}"
        if "conftest" in imported.name.split("."):
            yield f"{where} (shared test code belongs in tests/support)"
        target = graph.target(imported.name)
        if target is None or target == module:
            continue
        other = target if target in GUARDED else unit_of(target)
        if other != unit and allowed is not ANY and other not in allowed:
            yield f"{where} ({unit} may not import {other})"
        if (
            unit == "handlers"
            and module != "handlers"
            and other == "handlers"
            and target != "handlers"
            and not within(target, module)
        ):
            yield f"{where} (a handler imports another)"


def _reaching_aiogram(graph: Graph) -> Iterator[str]:
    """A module whose unit may not touch aiogram reaches it through no chain of imports."""
    for start in graph.modules:
        allowed = RULES.get(unit_of(start))
        if allowed is None or allowed is ANY or "aiogram" in allowed:
            continue
        came_from: dict[str, str] = {start: ""}
        queue = [start]
        while queue:
            current = queue.pop(0)
            for target, _ in graph.edges(current):
                if target in came_from:
                    continue
                came_from[target] = current
                if target == "aiogram":
                    chain = [target]
                    while came_from[chain[-1]]:
                        chain.append(came_from[chain[-1]])
                    yield f"{start} reaches aiogram through {' -> '.join(reversed(chain))}"
                    queue = []
                    break
                if target in graph.modules:
                    queue.append(target)


def _cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def _unit_cycles(graph: Graph) -> Iterator[str]:
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if within(module, "tests"):
            continue
        for target, _ in graph.edges(module):
            if target not in GUARDED and unit_of(target) != unit_of(module):
                edges.setdefault(unit_of(module), set()).add(unit_of(target))
    for group in _cycles(edges):
        yield f"units import one another in a cycle: {', '.join(group)}"


def _module_cycles(graph: Graph) -> Iterator[str]:
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        for target, _ in graph.edges(module, at_load=True):
            # A package's __init__ re-exporting its own modules is not a loop of ours.
            if target in graph.modules and not within(module, target):
                edges.setdefault(module, set()).add(target)
    for group in _cycles(edges):
        yield f"modules import one another in a cycle as they load: {', '.join(group)}"


def rule_cycles() -> list[list[str]]:
    """Cycles the rules themselves would allow between units."""
    edges = {unit: set(allowed) - set(GUARDED) for unit, allowed in RULES.items()}
    edges.pop("tests")
    return _cycles(edges)
