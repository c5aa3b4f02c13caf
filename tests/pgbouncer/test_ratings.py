"""Ratings through PgBouncer in transaction mode (conftest.py): the same tests as tests/ratings/test_rating.py."""

from tests.ratings.conftest import *  # noqa: F403 - the fixtures those tests use
from tests.ratings.conftest import _console_notifications  # noqa: F401 - its autouse fixture
from tests.ratings.test_rating import *  # noqa: F403 - collected again here, through the pooler
