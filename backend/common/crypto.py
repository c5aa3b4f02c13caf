"""Personal data at rest: phone numbers encrypted (Fernet, AES-128-CBC + HMAC), and keyed hashes
(HMAC-SHA256 with a separate key) for matching without decrypting. Keys come from the environment."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet_for(key: str) -> Fernet:
    return Fernet(key.encode())


def _fernet() -> Fernet:
    # One instance per key: building it costs about as much as encrypting a phone (bulk sync encrypts many).
    return _fernet_for(settings.FIELD_ENCRYPTION_KEY)


def encrypt_text(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong FIELD_ENCRYPTION_KEY or corrupted value") from exc


def keyed_hash(value: str) -> str:
    return hmac.new(settings.PII_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
