import sys

from common.process_cache import process_cache
from config.celery import WORKER_SWITCH_INTERVAL, worker_child_start, worker_tune


def test_a_worker_sets_the_gil_switch_interval_the_sync_is_tuned_for():
    before = sys.getswitchinterval()
    try:
        worker_tune()
        assert sys.getswitchinterval() == WORKER_SWITCH_INTERVAL
    finally:
        sys.setswitchinterval(before)


def test_a_worker_child_starts_with_none_of_its_parents_process_caches():
    process_cache("zalo.oa_token")["token"] = "the parent's"
    worker_child_start()
    assert process_cache("zalo.oa_token") == {}
