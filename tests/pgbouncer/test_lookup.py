"""Dossier lookup through PgBouncer in transaction mode (conftest.py): the same tests as tests/dossiers/test_lookup.py."""

from tests.dossiers.conftest import *  # noqa: F403 - the fixtures those tests use
from tests.dossiers.test_lookup import *  # noqa: F403 - collected again here, through the pooler
