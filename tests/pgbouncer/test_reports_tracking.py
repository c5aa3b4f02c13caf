"""Report tracking through PgBouncer in transaction mode (conftest.py): the same tests as tests/reports/test_tracking.py."""

from tests.reports.conftest import *  # noqa: F403 - the fixtures those tests use
from tests.reports.conftest import _kinds, _private_media  # noqa: F401 - its autouse fixtures
from tests.reports.test_tracking import *  # noqa: F403 - collected again here, through the pooler
