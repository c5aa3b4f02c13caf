"""Phones at rest: authenticated encryption, old Fernet values still readable, a wrong key refused."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from common.crypto import decrypt_text, encrypt_text


def test_a_phone_round_trips_and_never_appears_in_the_stored_text():
    token = encrypt_text("84912345678")
    assert token.startswith("v2:") and "84912345678" not in token
    assert decrypt_text(token) == "84912345678"
    assert encrypt_text("84912345678") != token  # a fresh nonce every time


def test_values_written_as_fernet_tokens_before_still_decrypt(settings):
    old = Fernet(settings.FIELD_ENCRYPTION_KEY.encode()).encrypt(b"84987654321").decode()
    assert decrypt_text(old) == "84987654321"


def test_a_tampered_value_or_another_key_is_refused(settings):
    token = encrypt_text("84912345678")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(ValueError):
        decrypt_text(tampered)
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(ValueError):
        decrypt_text(token)
