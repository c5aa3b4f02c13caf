"""Every secret value the repository publishes is on the refused list, and the list's rules hold."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest

from config import env, known_secrets
from config.known_secrets import GENERATED_SECRETS, ISSUED_SECRETS, KNOWN_SECRETS, SECRET_VARIABLES, secret_problems

ROOT = Path(__file__).resolve().parents[2]
_NAMES = "|".join(SECRET_VARIABLES)
# `NAME=value` (.env files, shell, docs), `"NAME": "value"` and `NAME = "value"` (Python), `NAME: value` (YAML).
# In Python only string literals are values (a bare word there is an expression).
_ASSIGNED = re.compile(
    rf"""(?<![A-Za-z0-9_{{$])["']?(?P<name>{_NAMES})["']?\s*(?P<op>=(?!=)|:)[ \t]*"""
    rf"""(?:[fbr]?(?P<quote>["'])(?P<quoted>[^"'\n]*)(?P=quote)|(?P<bare>[^\s"'`,)\]}}]+))"""
)
# env_secret("NAME", <expression with string literals>) in the settings.
_DEFAULTED = re.compile(rf"""env_(?:str|secret)\(\s*["'](?P<name>{_NAMES})["']\s*,(?P<args>[^)]*)\)""")
_LITERAL = re.compile(r"""(?<![A-Za-z0-9_])(["'])([^"'\n]*)\1""")
# Placeholders and expressions, not values: `${VAR:?…}`, `<tên miền>`, f-strings, calls, "…".
_NOT_A_VALUE = re.compile(r"^$|[${}<>…(]|^\.\.\.$")


def _tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    files = []
    for name in filter(None, names):
        path = ROOT / name
        if not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue
        files.append(path)
    return files


def assigned_secrets(text: str, suffix: str) -> set[tuple[str, str]]:
    """(variable, value) for each literal value assigned to a secret variable in a file's text."""
    found = set()
    bare_with = {".py": set(), ".yml": {"=", ":"}, ".yaml": {"=", ":"}}.get(suffix, {"="})
    for match in _ASSIGNED.finditer(text):
        if match["quote"] is None and match["op"] not in bare_with:
            continue
        found.add((match["name"], match["quoted"] if match["quote"] else match["bare"]))
    for match in _DEFAULTED.finditer(text):
        found.update((match["name"], literal[2]) for literal in _LITERAL.finditer(match["args"]))
    return {(name, value) for name, value in found if not _NOT_A_VALUE.search(value)}


def published_secret_values() -> dict[tuple[str, str], set[str]]:
    """(variable, value) → where it is assigned, over every tracked text file."""
    found: dict[tuple[str, str], set[str]] = {}
    for path in _tracked_text_files():
        if path == Path(__file__).resolve():
            continue  # this file's samples teach the scanner what to find; they are not values anyone could use
        text = path.read_text(encoding="utf-8", errors="replace")
        for key in assigned_secrets(text, path.suffix):
            found.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("CITIZEN_TOKEN_SECRET=abc123\n", "", {("CITIZEN_TOKEN_SECRET", "abc123")}),
        ("# export METRICS_TOKEN='tok en'\n", ".sh", {("METRICS_TOKEN", "tok en")}),
        ("Đặt `ZALO_OA_SECRET_KEY=oa-key` rồi", ".md", {("ZALO_OA_SECRET_KEY", "oa-key")}),
        ("      ZALO_APP_SECRET: app-secret\n", ".yml", {("ZALO_APP_SECRET", "app-secret")}),
        ('    "PII_HASH_KEY": "pii",\n', ".py", {("PII_HASH_KEY", "pii")}),
        ('settings.SYNC_HTTP_AUTH_VALUE = "Bearer x"\n', ".py", {("SYNC_HTTP_AUTH_VALUE", "Bearer x")}),
        (
            'FIELD_ENCRYPTION_KEY = env_secret("FIELD_ENCRYPTION_KEY", None if P else "k=")',
            ".py",
            {("FIELD_ENCRYPTION_KEY", "k=")},
        ),
        # Not values: empty, placeholders, expressions, prose, comparisons.
        ("SECRET_KEY=\nPII_HASH_KEY: ≥ 32 ký tự\n", "", set()),
        ("POSTGRES: ${SECRET_KEY:?x}\nSECRET_KEY=<khóa>\nSECRET_KEY=${SECRET_KEY}\n", ".yml", set()),
        ('v = f"Bearer {TOKEN}"; SYNC_HTTP_AUTH_VALUE = f"Bearer {TOKEN}"\n', ".py", set()),
        ("if SECRET_KEY == DEFAULT_SECRET_KEY:\nSECRET_KEY = make()\n", ".py", set()),
        ("EMBEDDED_SECRET_KEY = 'demo'\n", ".py", set()),
    ],
)
def test_the_scanner_reads_assignments_in_each_file_kind(text, suffix, expected):
    assert assigned_secrets(text, suffix) == expected


def test_the_scan_sees_the_secrets_the_repository_is_known_to_publish():
    """Guards the scanner itself: a regex that matched nothing would pass the next test forever."""
    found = published_secret_values()
    assert ("SYNC_HTTP_AUTH_VALUE", "Bearer fake-upstream-token") in found  # docs/sync.md, bench/
    assert ("METRICS_TOKEN", "bi-mat-giam-sat") in found  # tests/ops/test_metrics.py
    assert ("SECRET_KEY", known_secrets.EMBEDDED_SECRET_KEY) in found  # tests/config/test_production_settings.py


def test_every_secret_value_assigned_anywhere_in_the_repository_is_refused_in_production():
    unlisted = {
        f"{name}={value!r} in {', '.join(sorted(places))}"
        for (name, value), places in published_secret_values().items()
        if not known_secrets.is_published(value)
    }
    assert not unlisted, (
        "secret values published in the repository but not refused by production: add them to "
        f"backend/config/known_secrets.py, or generate them at run time: {sorted(unlisted)}"
    )


def test_every_secret_the_settings_read_is_on_the_list(settings):
    # pytest-django has imported config.settings, which reads each secret with env_secret.
    assert env.SECRET_VARIABLES == set(SECRET_VARIABLES)
    assert set(GENERATED_SECRETS) | set(ISSUED_SECRETS) == set(SECRET_VARIABLES)


def test_the_settings_take_their_embedded_defaults_from_the_list():
    """Settings spell out no published value: they use the constants, so the list cannot drift from them."""
    for path in sorted((ROOT / "backend" / "config" / "settings").glob("*.py")):
        settings_text = path.read_text()
        for value in KNOWN_SECRETS:
            assert value not in settings_text, f"{path.name} spells out {value!r}: use the known_secrets constant"


def test_the_fake_upstream_token_is_refused():
    from sync.fake_upstream import TOKEN

    assert known_secrets.is_published(TOKEN)
    assert known_secrets.is_published(f"Bearer {TOKEN}")
    assert known_secrets.is_published(f"Token {TOKEN}")
    assert not known_secrets.is_published("Bearer a-fresh-random-value-nobody-has-seen")


def _fresh() -> dict[str, str]:
    return {name: f"fresh-random-value-for-{name.lower()}-0123456789" for name in SECRET_VARIABLES}


@pytest.mark.parametrize(("name", "value"), sorted(itertools.product(SECRET_VARIABLES, KNOWN_SECRETS)))
def test_every_published_value_is_refused_for_every_secret_variable(name, value):
    problems = secret_problems({**_fresh(), name: value})
    assert len(problems) == 1 and problems[0].startswith(f"{name} đang là giá trị công khai"), problems


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (a, b)
        for a, b in itertools.combinations((*GENERATED_SECRETS, *ISSUED_SECRETS), 2)
        if a in GENERATED_SECRETS or b in GENERATED_SECRETS
    ],
)
def test_a_generated_secret_equal_to_another_secret_is_refused(first, second):
    problems = secret_problems(
        {
            **_fresh(),
            first: "one-shared-random-value-0123456789abcdef",
            second: "one-shared-random-value-0123456789abcdef",
        }
    )
    assert problems == [problems[0]] and f"{first} và {second} đang cùng một giá trị" in problems[0], problems


def test_secrets_issued_by_zalo_may_coincide_since_zalo_chooses_them():
    assert (
        secret_problems({**_fresh(), "ZALO_APP_SECRET": "issued-by-zalo", "ZALO_OA_SECRET_KEY": "issued-by-zalo"}) == []
    )


def test_unset_optional_secrets_are_not_equal_to_each_other():
    assert (
        secret_problems({**_fresh(), "METRICS_TOKEN": "", "ZALO_MINIAPP_API_KEY": "", "SYNC_HTTP_AUTH_VALUE": None})
        == []
    )
