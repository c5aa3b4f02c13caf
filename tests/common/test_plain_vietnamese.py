"""No English reaches a citizen through the API or a notification: every ErrorCode's message, every message an
API or service writes by hand (ApplicationError(message=...), ValidationError(...)), and every text of the
texts/messages modules (what the Mini App and Zalo messages show) is read by tests/english.py."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from common.errors import ErrorCode
from tests.english import english_words

BACKEND = Path(__file__).resolve().parents[2] / "backend"
# Where citizen-facing wording lives: the API layer, the services behind it, and the text modules.
READ = (
    "apis.py", "serializers.py", "services.py", "submission.py", "workflow.py", "tracking.py",
    "texts.py", "messages.py", "errors.py", "result.py", "media.py",
)  # fmt: skip
CALLS = {"ApplicationError", "ValidationError", "ErrorCode", "ParseError", "NotFound", "PermissionDenied"}


def _modules() -> list[Path]:
    return sorted(p for p in BACKEND.rglob("*.py") if p.name in READ and "migrations" not in p.parts)


def _strings(node: ast.AST) -> list[str]:
    """The literal text of a string or f-string (the fixed parts of an f-string joined by a space)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [" ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))]
    return []


def _call_texts(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in CALLS:
            continue
        args = node.args[1:] if name == "ErrorCode" else node.args
        args = [*args, *(k.value for k in node.keywords if k.arg in ("message", "detail"))]
        found += [(node.lineno, text) for arg in args for text in _strings(arg)]
    return found


def _text_module_strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a texts/messages module except docstrings and dictionary keys."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))
        if isinstance(node, ast.Dict):
            skip.update(id(k) for k in node.keys if k is not None)
        if isinstance(node, ast.Subscript):
            skip.add(id(node.slice))
        if isinstance(node, ast.Call):  # arguments of calls are code (getattr names, formats), not wording
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in CALLS:
                skip.update(id(a) for a in node.args)
        if isinstance(node, ast.Compare):
            skip.update(id(c) for c in node.comparators)
            skip.add(id(node.left))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip and " " in node.value
    ]


def test_every_error_code_message_is_vietnamese():
    codes = []
    for path in BACKEND.rglob("*.py"):
        if "migrations" not in path.parts and path.name in READ:
            module = importlib.import_module(".".join(path.relative_to(BACKEND).with_suffix("").parts))
            codes += [value for value in vars(module).values() if isinstance(value, ErrorCode)]
    assert len({c.code for c in codes}) > 50
    english = sorted({f"{c.code}: {c.message}" for c in codes if english_words(c.message)})
    assert english == []


def test_every_message_written_by_hand_is_vietnamese():
    problems, read = [], 0
    for path in _modules():
        texts = _call_texts(path) + (_text_module_strings(path) if path.name in ("texts.py", "messages.py") else [])
        read += len(texts)
        problems += [
            f"{path.relative_to(BACKEND)}:{line}: {text[:100]!r}" for line, text in texts if english_words(text)
        ]
    assert read > 100
    assert problems == [], "\n".join(problems)


def test_the_reader_finds_english_in_a_message(tmp_path):
    source = tmp_path / "apis.py"
    source.write_text(
        'X = ErrorCode("x", "Không tìm thấy.", 404)\n'
        'raise ApplicationError(X, message=f"Invalid code {code}")\n'
        'raise ValidationError("Mã không hợp lệ")\n',
        encoding="utf-8",
    )
    texts = [text for _, text in _call_texts(source)]
    assert texts == ["Không tìm thấy.", "Invalid code ", "Mã không hợp lệ"]
    assert [english_words(t) for t in texts] == [[], ["Invalid", "code"], []]
