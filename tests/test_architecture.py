"""The shape of backend/, read from the source: which package imports which (docs/architecture.md, "Packages and
their direction"), and no two modules that import each other. Every import counts, the ones inside functions
included (they still tie the modules together, they only run later); migrations are history and do not count."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"

# Each package and the packages it may import. It is the table of docs/architecture.md (a test below compares
# them), and no package may reach itself through it. `config` is the project, not a package of the app: it
# reads the environment, lists every package's URLs and owns the Celery app, so it may import any of them;
# a package takes nothing from config but the Celery app (`config.celery`).
DIRECTION: dict[str, set[str]] = {
    "common": set(),
    "publishing": {"common", "units", "accounts"},
    "zalo": {"common"},
    "units": {"common"},
    "accounts": {"common", "units"},
    "news": {"common", "publishing"},
    "citizens": {"common", "zalo"},
    "usage": {"common", "units", "accounts"},
    "procedures": {"common", "units", "publishing", "news", "usage"},
    "dossiers": {"common", "units", "accounts", "procedures", "citizens", "usage"},
    "sync": {"common", "units", "publishing", "procedures", "dossiers"},
    "notifications": {"common", "units", "accounts", "procedures", "citizens", "dossiers", "zalo", "usage"},
    "ratings": {"common", "units", "accounts", "procedures", "citizens", "dossiers", "notifications"},
    "reports": {"common", "units", "accounts", "citizens", "dossiers", "notifications", "zalo", "usage"},
    "questions": {
        "common",
        "units",
        "accounts",
        "publishing",
        "procedures",
        "citizens",
        "dossiers",
        "notifications",
        "zalo",
    },
    "broadcasts": {
        "common",
        "units",
        "accounts",
        "publishing",
        "news",
        "citizens",
        "dossiers",
        "reports",
        "notifications",
        "zalo",
        "usage",
    },
    "privacy": {
        "common",
        "citizens",
        "dossiers",
        "notifications",
        "ratings",
        "reports",
        "sync",
        "questions",
        "zalo",
        "broadcasts",
    },
    "ops": {
        "common",
        "units",
        "accounts",
        "procedures",
        "dossiers",
        "sync",
        "notifications",
        "ratings",
        "reports",
        "zalo",
        "config",
    },
    "inbox": {"common", "units", "accounts", "dossiers", "ratings", "reports", "sync", "zalo"},
    "config": {"every other package"},
}

# Modules that import each other today, each cycle as the set of its modules. Listed so that a new cycle fails
# while these are being taken apart; the lead empties the list as the fixes are merged. A listed cycle that is
# gone fails too: remove it from here.
KNOWN_CYCLES: list[set[str]] = []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(BACKEND).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for path in sorted(BACKEND.rglob("*.py"))
        if "migrations" not in path.relative_to(BACKEND).parts
    }


MODULES = _modules()
PACKAGES = sorted({name.split(".")[0] for name in MODULES})


def _ours(name: str) -> str | None:
    """The module of backend/ that `name` (a module, or a name inside one) lands in, else None."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in MODULES:
            return ".".join(parts)
        parts.pop()
    return None


def _imported_names(module: str, path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package upwards
                package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)  # `from package import module`


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets = {_ours(name) for name in _imported_names(module, path)}
        graph[module] = {target for target in targets if target and target != module}
    return graph


IMPORTS = _imports()


def _reachable(start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        for target in IMPORTS[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _cycles() -> list[set[str]]:
    """The groups of modules that import each other, directly or around a loop."""
    reach = {module: _reachable(module) for module in IMPORTS}
    cycles: list[set[str]] = []
    for module in sorted(IMPORTS):
        if module in reach[module] and not any(module in cycle for cycle in cycles):
            cycles.append({module} | {other for other in reach[module] if module in reach[other]})
    return cycles


def _package_imports() -> dict[str, dict[str, list[str]]]:
    """package -> package it imports -> 'module -> module' lines saying where."""
    found: dict[str, dict[str, list[str]]] = {}
    for module, targets in IMPORTS.items():
        for target in sorted(targets):
            source, used = module.split(".")[0], target.split(".")[0]
            if source != used:
                found.setdefault(source, {}).setdefault(used, []).append(f"{module} -> {target}")
    return found


def test_common_imports_no_package_of_the_app():
    imported = _package_imports().get("common", {})
    assert not imported, "common must stay below every package; it imports:\n" + "\n".join(
        line for lines in imported.values() for line in lines
    )


def test_no_module_imports_itself_through_others_except_the_known_cycles():
    cycles = _cycles()
    new = [sorted(cycle) for cycle in cycles if cycle not in KNOWN_CYCLES]
    gone = [sorted(cycle) for cycle in KNOWN_CYCLES if cycle not in cycles]
    assert not new, f"new import cycles between modules of backend/: {new}"
    assert not gone, f"these cycles are gone: remove them from KNOWN_CYCLES: {gone}"


def test_every_package_is_in_the_direction_table():
    assert sorted(DIRECTION) == PACKAGES


def test_each_package_imports_only_the_packages_below_it():
    wrong = [
        line
        for source, used in _package_imports().items()
        if source != "config"
        for package, lines in used.items()
        if package not in DIRECTION[source]
        for line in lines
    ]
    assert not wrong, "imports against docs/architecture.md's direction:\n" + "\n".join(wrong)


def test_a_package_takes_only_the_celery_app_from_config():
    taken = [
        line
        for source, used in _package_imports().items()
        for line in used.get("config", [])
        if not line.endswith(" -> config.celery")
    ]
    assert not taken, "\n".join(taken)


def test_the_direction_never_loops_back():
    def below(package: str) -> set[str]:
        seen: set[str] = set()
        stack = [package]
        while stack:
            for used in DIRECTION[stack.pop()] & set(DIRECTION) - {"config"}:
                if used not in seen:
                    seen.add(used)
                    stack.append(used)
        return seen

    assert [package for package in DIRECTION if package != "config" and package in below(package)] == []


def _documented_direction() -> dict[str, set[str]]:
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Packages and their direction", 1)[1].split("\n## ", 1)[0]
    table: dict[str, set[str]] = {}
    for row in re.findall(r"^\| `(\w+)` \|([^|]*)\|", section, flags=re.MULTILINE):
        package, cell = row
        listed = re.split(r" \(|: ", cell, maxsplit=1)[0]  # what follows is explanation
        table[package] = (
            {"every other package"} if "every other package" in listed else set(re.findall(r"`(\w+)`", listed))
        )
    return table


def test_docs_state_the_same_direction():
    assert _documented_direction() == DIRECTION
