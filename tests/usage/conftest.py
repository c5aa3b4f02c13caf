from __future__ import annotations

import pytest

from usage import recording


@pytest.fixture(autouse=True)
def _empty_usage_buffer():
    """Events recorded by earlier tests in this process wait in the buffer: start each test without them."""
    recording._buffer.clear()
    recording._salts.clear()
    yield
    recording._buffer.clear()
