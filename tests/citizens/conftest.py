from tests.zalo.conftest import fake_zalo  # noqa: F401 - the fake Zalo over real HTTP
