"""Our own short-lived signed tokens (JWT HS256) and rotating refresh tokens.

The Zalo access token is used once, at sign-in, and never as our credential.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

import jwt
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from citizens.models import Citizen, RefreshToken

AUDIENCE = "policezalo-miniapp"
ALGORITHM = "HS256"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    access_expires_in: int
    refresh_token: str


class InvalidToken(Exception):
    pass


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def access_token_issue(*, citizen: Citizen) -> str:
    now = timezone.now()
    claims = {
        "sub": str(citizen.pk),
        "aud": AUDIENCE,
        "typ": "access",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=settings.CITIZEN_TOKEN_TTL_SECONDS)).timestamp()),
    }
    return jwt.encode(claims, settings.CITIZEN_TOKEN_SECRET, algorithm=ALGORITHM)


# Access tokens already verified in this process: (secret, token) → (citizen id, expiry). A Mini App sends
# the same token with every request for its lifetime; checking the signature and claims again costs more
# than the lookup it guards. The expiry is still checked on every use; the secret is part of the key, so
# a token signed with a key no longer configured is verified (and refused) again. Bounded: cleared when full.
_VERIFIED: dict[tuple[str, str], tuple[int, int]] = {}
_VERIFIED_MAX = 10_000


def access_token_citizen_id(token: str) -> int:
    """The citizen id a valid access token was issued to, without reading the database."""
    key = (settings.CITIZEN_TOKEN_SECRET, token)
    known = _VERIFIED.get(key)
    if known is not None:
        if time.time() < known[1]:
            return known[0]
        _VERIFIED.pop(key, None)
        raise InvalidToken("Signature has expired")
    citizen_id, expires = _verify(token)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()
    _VERIFIED[key] = (citizen_id, expires)
    return citizen_id


def _verify(token: str) -> tuple[int, int]:
    try:
        claims = jwt.decode(
            token,
            settings.CITIZEN_TOKEN_SECRET,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["exp", "iat", "sub", "aud"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if claims.get("typ") != "access" or not str(claims["sub"]).isdigit():
        raise InvalidToken("wrong token type")
    return int(claims["sub"]), int(claims["exp"])


def access_token_citizen(token: str) -> Citizen:
    """The citizen a valid access token belongs to; anything else (forged, expired, alg none…) raises."""
    citizen_id = access_token_citizen_id(token)
    try:
        return Citizen.objects.get(pk=citizen_id)
    except Citizen.DoesNotExist as exc:
        raise InvalidToken("unknown citizen") from exc


def token_pair_issue(*, citizen: Citizen) -> TokenPair:
    raw = secrets.token_urlsafe(48)
    RefreshToken.objects.create(
        citizen=citizen,
        token_hash=_hash(raw),
        expires_at=timezone.now() + timedelta(days=settings.CITIZEN_REFRESH_TTL_DAYS),
    )
    return TokenPair(access_token_issue(citizen=citizen), settings.CITIZEN_TOKEN_TTL_SECONDS, raw)


def token_pair_refresh(*, refresh_token: str) -> tuple[Citizen, TokenPair]:
    """Rotate: the presented refresh token is used up and a new pair issued. Presenting a token that
    was already used means it leaked: every refresh token of that citizen is revoked (and that
    revocation is committed even though the call fails)."""
    now = timezone.now()
    with transaction.atomic():
        row = RefreshToken.objects.select_for_update().filter(token_hash=_hash(refresh_token)).first()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise InvalidToken("refresh token invalid")
        if row.used_at is None:
            row.used_at = now
            row.save(update_fields=["used_at"])
            return row.citizen, token_pair_issue(citizen=row.citizen)
        RefreshToken.objects.filter(citizen_id=row.citizen_id, revoked_at__isnull=True).update(revoked_at=now)
    raise InvalidToken("refresh token reused")
