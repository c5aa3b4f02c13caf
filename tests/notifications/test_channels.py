"""What differs between channels is one table (notifications/channels.py), and the pipeline reads only the table."""

from __future__ import annotations

import ast
from pathlib import Path

from notifications.channels import CHANNELS
from notifications.models import Channel
from zalo.errors import TABLE

PACKAGE = Path(__file__).resolve().parents[2] / "backend" / "notifications"


def test_every_channel_has_one_entry_in_the_table():
    assert set(CHANNELS) == set(Channel.values)
    assert all(spec.name == name for name, spec in CHANNELS.items())


def test_every_zalo_channel_names_the_error_table_its_failures_are_classified_by():
    assert {name: spec.errors for name, spec in CHANNELS.items() if spec.errors is not None} == {
        Channel.OA: "oa",
        Channel.OA_CONSULTATION: "oa",
        Channel.ZNS: "zns",
        Channel.MINIAPP: "miniapp",
    }
    assert all(spec.errors in TABLE for spec in CHANNELS.values() if spec.errors is not None)


def test_only_the_table_names_a_channel():
    """No `if channel == Channel.ZNS` outside channels.py: a new channel is a new row of the table."""
    for path in PACKAGE.glob("*.py"):
        if path.name in {"channels.py", "models.py"}:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Channel":
                raise AssertionError(f"{path.name}:{node.lineno} names Channel.{node.attr}")
