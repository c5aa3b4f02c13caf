"""How a usage key reads on the dashboard: packages that record events register a labeller in their
AppConfig.ready (procedures names its guides, reports its kinds), so `usage` imports none of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

Labeller = Callable[[Iterable[str]], dict[str, str]]

_labellers: dict[str, Labeller] = {}


def register(kind: str, labeller: Labeller) -> None:
    _labellers[kind] = labeller


def labels_for(kind: str, keys: Iterable[str]) -> dict[str, str]:
    keys = list(keys)
    labeller = _labellers.get(kind)
    found = labeller(keys) if labeller else {}
    return {key: found.get(key) or key for key in keys}
