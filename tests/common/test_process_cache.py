import importlib

from common.process_cache import cache_names, forget_all, process_cache

KEEPERS = ["citizens.tokens", "common.ratelimit", "dossiers.workdays", "notifications.delivery", "sync.sources.http",
           "zalo.client", "zalo.oa_token"]  # fmt: skip


def test_every_process_local_cache_is_named_in_the_registry():
    for module in KEEPERS:
        importlib.import_module(module)
    assert {
        "citizens.verified_tokens",
        "common.redis_client",
        "common.redis_scripts",
        "dossiers.calendar",
        "notifications.templates",
        "sync.http_sessions",
        "zalo.http_sessions",
        "zalo.oa_token",
    } <= set(cache_names())


def test_forget_all_empties_every_cache_and_keeps_the_same_objects():
    templates = process_cache("notifications.templates")
    templates["x"] = (0.0, None)
    forget_all()
    assert templates == {}
    assert process_cache("notifications.templates") is templates  # the module's reference still works


def test_get_or_create_builds_a_value_once():
    built = []
    cache = process_cache("tests.example")
    first = cache.get_or_create("k", lambda: built.append(1) or object())
    assert cache.get_or_create("k", lambda: built.append(1) or object()) is first
    assert built == [1]
