"""The Mini App's API types follow the backend: the committed schema snapshot is what Django exports today,
and the generated TypeScript is what openapi-typescript makes of that snapshot.

miniapp/openapi.json is the snapshot, miniapp/src/api-schema.d.ts the generated types, and
miniapp/src/services/types.ts gives the app's names to them (so `npm run build` fails where the app reads a
field the API no longer sends).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

REPO_ROOT = Path(__file__).resolve().parents[1]
MINIAPP = REPO_ROOT / "miniapp"
SNAPSHOT = MINIAPP / "openapi.json"
GENERATED = MINIAPP / "src" / "api-schema.d.ts"
OPENAPI_TYPESCRIPT = MINIAPP / "node_modules" / "openapi-typescript" / "bin" / "cli.js"

EXPORT_COMMAND = "DATABASE_URL=<the PostgreSQL the tests use> python manage.py spectacular --format openapi-json --file miniapp/openapi.json"
TYPES_COMMAND = "cd miniapp && npm run types"


def test_the_committed_schema_snapshot_is_what_django_exports(tmp_path):
    exported = tmp_path / "openapi.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(exported))

    assert exported.read_text(encoding="utf-8") == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API schema changed but miniapp/openapi.json did not. From the repository root run "
        f"`{EXPORT_COMMAND}`, then `{TYPES_COMMAND}`, then `cd miniapp && npm run build` to see what the app must follow."
    )


def test_the_generated_types_are_what_openapi_typescript_makes_of_the_snapshot():
    node = shutil.which("node")
    assert node, "node is needed to check the Mini App's generated types (Node 20, as for the Mini App build)."
    assert OPENAPI_TYPESCRIPT.exists(), "openapi-typescript is not installed: run `cd miniapp && npm ci`."

    generated = subprocess.run(
        [node, str(OPENAPI_TYPESCRIPT), str(SNAPSHOT)],
        cwd=MINIAPP,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout

    assert generated == GENERATED.read_text(encoding="utf-8"), (
        f"miniapp/src/api-schema.d.ts is not what miniapp/openapi.json gives: run `{TYPES_COMMAND}` and commit both files."
    )


@pytest.mark.parametrize("path", [SNAPSHOT, GENERATED], ids=["snapshot", "generated"])
def test_the_snapshot_and_the_generated_types_are_committed(path):
    assert path.exists(), f"{path.relative_to(REPO_ROOT)} is missing: run `{EXPORT_COMMAND}` then `{TYPES_COMMAND}`."
