"""Our own short-lived signed tokens (JWT HS256) and rotating refresh tokens.

The Zalo access token is used once, at sign-in, and never as our credential.

Every sign-in starts a token family: its refresh tokens (each rotation hands the family on) and every access
token issued from them carry the same family id. A refresh token presented a second time means a copy is in
someone else's hands, and the whole family is revoked: its refresh tokens in the database, and its access
tokens through a Redis key that every authenticated request checks, so the revocation holds at once in every
process even though access tokens are otherwise verified once per process. Other sign-ins of the same
citizen (another phone, the same phone later) are other families and keep working.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

import jwt
import redis
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from citizens.models import Citizen, RefreshToken
from common.process_cache import process_cache
from common.redis_client import durable_redis, is_sentinel

logger = logging.getLogger(__name__)

AUDIENCE = "policezalo-miniapp"
ALGORITHM = "HS256"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    access_expires_in: int
    refresh_token: str


class InvalidToken(Exception):
    pass


class RevokedToken(InvalidToken):
    """A well-formed access token whose family was revoked (a refresh token of its sign-in was reused)."""


class RevocationUnknown(Exception):
    """Redis could not say whether the token's family was revoked; the caller refuses (fails closed)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def family_new() -> str:
    return secrets.token_urlsafe(12)


def access_token_issue(*, citizen: Citizen, family: str | None = None) -> str:
    """An access token of `family` (the sign-in it comes from); a token of its own family when none is given."""
    now = timezone.now()
    claims = {
        "sub": str(citizen.pk),
        "aud": AUDIENCE,
        "typ": "access",
        "fam": family or family_new(),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=settings.CITIZEN_TOKEN_TTL_SECONDS)).timestamp()),
    }
    return jwt.encode(claims, settings.CITIZEN_TOKEN_SECRET, algorithm=ALGORITHM)


# Access tokens already verified in this process: (secret, token) → (citizen id, expiry, family). A Mini App
# sends the same token with every request for its lifetime; checking the signature and claims again costs
# more than the lookup it guards. The expiry is still checked on every use, and so is the family's
# revocation (one Redis EXISTS: a revocation made by another process must hold at once); the secret is part
# of the key, so a token signed with a key no longer configured is verified (and refused) again. Bounded:
# cleared when full.
_VERIFIED: dict[tuple[str, str], tuple[int, int, str]] = process_cache("citizens.verified_tokens")
_VERIFIED_MAX = 10_000


def access_token_citizen_id(token: str) -> int:
    """The citizen id a valid access token was issued to, without reading the database.

    Raises InvalidToken (RevokedToken when its family was revoked), or RevocationUnknown when Redis cannot say.
    """
    citizen_id, family = access_token_claims(token)
    if family_revoked(family):
        raise RevokedToken("token family revoked")
    return citizen_id


def access_token_claims(token: str) -> tuple[int, str]:
    """(citizen id, family) of a well-signed, unexpired access token, **its family's revocation not checked**: the
    caller checks it before anything depends on the token (family_revoked, or within its own Redis call through
    revoked_family_key: the dossier lookup, citizens/authentication.py). Raises InvalidToken."""
    key = (settings.CITIZEN_TOKEN_SECRET, token)
    known = _VERIFIED.get(key)
    if known is None:
        known = _verify(token)
        if len(_VERIFIED) >= _VERIFIED_MAX:
            _VERIFIED.clear()
        _VERIFIED[key] = known
    elif time.time() >= known[1]:
        _VERIFIED.pop(key, None)
        raise InvalidToken("Signature has expired")
    return known[0], known[2]


def _verify(token: str) -> tuple[int, int, str]:
    try:
        claims = jwt.decode(
            token,
            settings.CITIZEN_TOKEN_SECRET,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["exp", "iat", "sub", "aud", "fam"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    family = claims["fam"]
    if claims.get("typ") != "access" or not str(claims["sub"]).isdigit() or not isinstance(family, str) or not family:
        raise InvalidToken("wrong token type")
    return int(claims["sub"]), int(claims["exp"]), family


def _revoked_key(family: str) -> str:
    return f"pz:citizens:revoked-family:{family}"


def revoked_family_key(family: str) -> str | None:
    """The Redis key that marks `family` revoked, when it lives in the same Redis (server and database) as the cache
    role's keys (one Redis for both roles, the default): a script on the cache role's client can then check it in
    the same call. None when the roles are split or there is no Redis: check with family_revoked."""
    if not settings.REDIS_CACHE_URL or settings.REDIS_CACHE_URL != settings.REDIS_BROKER_URL:
        return None
    if is_sentinel(settings.REDIS_CACHE_URL) and (
        settings.REDIS_CACHE_SENTINEL_MASTER != settings.REDIS_BROKER_SENTINEL_MASTER
    ):
        return None
    return _revoked_key(family)


def family_revoked(family: str) -> bool:
    """Whether `family` was revoked, by any process. Without Redis (embedded, one process): the local cache."""
    client = durable_redis()
    if client is None:
        return caches["durable"].get(_revoked_key(family)) is not None
    try:
        return bool(client.exists(_revoked_key(family)))
    except redis.RedisError as exc:
        logger.warning("token revocation check failed: %s", exc)
        raise RevocationUnknown from exc


def family_revoke(family: str) -> None:
    """Revoke the family's access tokens everywhere. The key outlives the longest-lived access token the family
    can hold (its refresh tokens are revoked in the database, so no newer one can be issued)."""
    ttl = settings.CITIZEN_TOKEN_TTL_SECONDS + 60
    client = durable_redis()
    if client is None:
        caches["durable"].set(_revoked_key(family), 1, timeout=ttl)
        return
    client.set(_revoked_key(family), 1, ex=ttl)


def access_token_citizen(token: str) -> Citizen:
    """The citizen a valid access token belongs to; anything else (forged, expired, alg none…) raises."""
    citizen_id = access_token_citizen_id(token)
    try:
        return Citizen.objects.get(pk=citizen_id)
    except Citizen.DoesNotExist as exc:
        raise InvalidToken("unknown citizen") from exc


def token_pair_issue(*, citizen: Citizen, family: str | None = None) -> TokenPair:
    """A new pair in `family`; a new family (a new sign-in) when none is given."""
    family = family or family_new()
    raw = secrets.token_urlsafe(48)
    RefreshToken.objects.create(
        citizen=citizen,
        family=family,
        token_hash=_hash(raw),
        expires_at=timezone.now() + timedelta(days=settings.CITIZEN_REFRESH_TTL_DAYS),
    )
    return TokenPair(access_token_issue(citizen=citizen, family=family), settings.CITIZEN_TOKEN_TTL_SECONDS, raw)


def token_pair_refresh(*, refresh_token: str) -> tuple[Citizen, TokenPair]:
    """Rotate: the presented refresh token is used up and a new pair of the same family issued. Presenting a
    token that was already used means it leaked: the whole family is revoked, its refresh tokens (committed
    even though the call fails) and its live access tokens."""
    now = timezone.now()
    with transaction.atomic():
        row = RefreshToken.objects.select_for_update().filter(token_hash=_hash(refresh_token)).first()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise InvalidToken("refresh token invalid")
        if row.used_at is None:
            row.used_at = now
            row.save(update_fields=["used_at"])
            return row.citizen, token_pair_issue(citizen=row.citizen, family=row.family)
        RefreshToken.objects.filter(family=row.family, revoked_at__isnull=True).update(revoked_at=now)
    try:
        family_revoke(row.family)
    except redis.RedisError:
        # The refresh tokens are revoked; the family's access tokens live out their hour. The operator must know.
        logger.error("refresh token reuse: family %s revoked in the database but not in Redis", row.family)
    raise InvalidToken("refresh token reused")
