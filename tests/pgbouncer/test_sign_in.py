"""Citizen sign-in through PgBouncer in transaction mode (conftest.py): the same tests as tests/citizens/test_sign_in.py."""

from tests.citizens.conftest import *  # noqa: F403 - the fixtures those tests use
from tests.citizens.test_sign_in import *  # noqa: F403 - collected again here, through the pooler
from tests.citizens.test_sign_in import _forged  # noqa: F401 - a helper the tests call
