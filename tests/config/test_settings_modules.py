"""config/settings/ is split by topic; Django sees one module. Each setting is written in one place only."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import config.settings

SETTINGS_DIR = Path(config.settings.__file__).parent


def _gathered() -> list:
    """The topic modules config/settings/__init__.py star-imports (the way type checkers see the settings too)."""
    tree = ast.parse((SETTINGS_DIR / "__init__.py").read_text(encoding="utf-8"))
    return [
        importlib.import_module(node.module)
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module and [a.name for a in node.names] == ["*"]
    ]


_topics = _gathered()


def _assigned(path: Path) -> set[str]:
    """The upper-case names a module assigns at its top level (inside a top-level `if` or `try` too), not those it
    imports."""
    names: set[str] = set()
    statements = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while statements:
        node = statements.pop()
        if isinstance(node, ast.If | ast.For | ast.Try):
            statements += node.body + node.orelse + getattr(node, "finalbody", [])
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        names.update(target.id for target in targets if isinstance(target, ast.Name) and target.id.isupper())
    return names


def test_every_topic_module_is_gathered():
    modules = {path.stem for path in SETTINGS_DIR.glob("*.py")} - {"__init__", "secrets_check"}
    assert {topic.__name__.rsplit(".", 1)[1] for topic in _topics} == modules


def test_no_setting_is_written_by_two_modules():
    seen: dict[str, str] = {}
    twice = []
    for path in sorted(SETTINGS_DIR.glob("*.py")):
        for name in _assigned(path):
            if name in seen:
                twice.append(f"{name}: {seen[name]} and {path.name}")
            seen[name] = path.name
    assert twice == []


def test_django_sees_every_setting_of_every_module():
    for topic in _topics:
        for name, value in vars(topic).items():
            if name.isupper() and not name.startswith("_"):  # a leading underscore keeps a name to its module
                assert getattr(config.settings, name) is value, name
